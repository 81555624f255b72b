/** The flow designer of IO's admin console pages: `<FlowDesigner flowId="..." version={n}? />`. */
export { FlowDesigner, type FlowDesignerProps } from './FlowDesigner.js';
