import type { NodeType, NodeTypeRegistry } from '../engine/node-type.js';
import { endNode } from './end-node.js';
import { formNode } from './form-node.js';

/** Node types by name; flows may only use registered types. */
export class NodeRegistry implements NodeTypeRegistry {
  private readonly byType = new Map<string, NodeType>();

  register<Config>(nodeType: NodeType<Config>): this {
    if (this.byType.has(nodeType.type)) throw new Error(`node type "${nodeType.type}" is registered twice`);
    this.byType.set(nodeType.type, nodeType as NodeType);
    return this;
  }

  get(type: string): NodeType | undefined {
    return this.byType.get(type);
  }

  types(): string[] {
    return [...this.byType.keys()];
  }
}

/** The node types shipped with the bridge. */
export function builtInNodeTypes(): NodeRegistry {
  return new NodeRegistry().register(formNode).register(endNode);
}
