// PLACEHOLDER in branch wt-S only: helper D's designer (src/designer/) replaces this module at
// merge. It keeps the contract the shell relies on: `FlowDesigner({ flowId })`.
export { FlowDesigner } from './FlowDesigner';
