/** The flow designer of IO's admin console pages: `<FlowDesigner flowId="..." version={n}? />`. */
export { FlowDesigner, type FlowDesignerProps } from './FlowDesigner.js';
/** The canvas of a definition alone (read-only views draw funnel numbers or a version diff on it). */
export { FlowCanvas } from './FlowCanvas.js';
export { toCanvas, type CanvasOptions, type NodeCounts } from './canvas.js';
export { diffLook } from './FlowNode.js';
export { nodeTypeCatalog } from './node-types.js';
export { diffGraph, type DiffMark, type FlowDefinition, type FlowDiff } from './model/index.js';
