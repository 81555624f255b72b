/** Copy/paste of a selection of nodes with the links between them; pasted nodes get fresh ids. */
import { uniqueId } from './edit.js';
import type { FlowDefinition, LinkDefinition, NodeDefinition } from './flow.js';

export interface Clipboard {
  nodes: NodeDefinition[];
  /** Only links between copied nodes: a pasted selection is not wired to the rest. */
  links: LinkDefinition[];
}

export function copy(flow: FlowDefinition, ids: Iterable<string>): Clipboard {
  const chosen = new Set(ids);
  return {
    nodes: structuredClone(flow.nodes.filter((node) => chosen.has(node.id))),
    links: flow.links.filter((link) => chosen.has(link.from) && chosen.has(link.to)).map((link) => ({ ...link })),
  };
}

/** Pastes the clipboard shifted by `offset`; answers the new flow and the pasted ids (in clipboard order). */
export function paste(flow: FlowDefinition, clipboard: Clipboard, offset = { x: 40, y: 40 }): { flow: FlowDefinition; ids: string[] } {
  const taken = new Set(flow.nodes.map((node) => node.id));
  const renamed = new Map<string, string>();
  for (const node of clipboard.nodes) {
    const id = uniqueId(taken, node.id);
    taken.add(id);
    renamed.set(node.id, id);
  }
  const nodes = clipboard.nodes.map(
    (node): NodeDefinition => ({
      ...structuredClone(node),
      id: renamed.get(node.id)!,
      ui: { x: (node.ui?.x ?? 0) + offset.x, y: (node.ui?.y ?? 0) + offset.y },
    }),
  );
  const links = clipboard.links.map((link) => ({ ...link, from: renamed.get(link.from)!, to: renamed.get(link.to)! }));
  return {
    ids: nodes.map((node) => node.id),
    flow: {
      ...flow,
      nodes: [...flow.nodes, ...nodes],
      links: [...flow.links, ...links],
      start: flow.nodes.length === 0 && nodes[0] ? nodes[0].id : flow.start,
    },
  };
}
