/**
 * The designer edits the flow definition JSON exactly as the engine runs it: these are the bridge's
 * own types (bridge/src/engine/flow.ts), imported for their shape only, never a second model.
 */
export type {
  FlowDefinition,
  FlowSettings,
  LinkDefinition,
  NodeDefinition,
  VariableDeclaration,
  VariableType,
} from '../../../../bridge/src/engine/flow.js';
export { flowCategories, identifierPattern, variableTypes } from '../../../../bridge/src/engine/flow.js';

/** Where the designer draws a node (`nodes[].ui`, editor metadata the engine ignores). */
export interface Position {
  x: number;
  y: number;
}
