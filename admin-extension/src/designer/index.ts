/** The flow designer of IO's admin console pages: `<FlowDesigner flowId="..." version={n}? />`. */
export { FlowDesigner, type FlowDesignerProps } from './FlowDesigner.js';
/** The canvas of a definition alone (read-only views draw funnel numbers on it). */
export { FlowCanvas, toCanvas, type CanvasOptions, type NodeCounts } from './FlowCanvas.js';
export { nodeTypeCatalog } from './node-types.js';
export type { FlowDefinition } from './model/index.js';
