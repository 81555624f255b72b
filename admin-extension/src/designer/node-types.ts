/** The node catalog generated from the bridge's registry (scripts/node-catalog.ts, run before build, typecheck and test). */
import generated from '../generated/node-types.json' with { type: 'json' };
import { catalogByType, type NodeTypeInfo } from './model/catalog.js';

// JSON imports type literal values; the generator writes NodeTypeInfo (scripts/node-catalog.ts).
export const nodeTypeList = generated as unknown as readonly NodeTypeInfo[];
export const nodeTypeCatalog = catalogByType(nodeTypeList);
