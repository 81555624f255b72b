/**
 * A diff of two flow versions drawn on one canvas: the union of both graphs, each node and link
 * marked as the provider's diff answer names it (GET /io/flows/{id}/diff, docs/admin-api.md).
 */
import type { FlowDefinition, LinkDefinition } from './flow.js';
import { nodeSize } from './layout.js';

/** The provider's answer's `diff`: what differs between two definitions, in the graph's terms. */
export interface FlowDiff {
  nodes: { added: string[]; removed: string[]; changed: Array<{ id: string; fields: string[] }> };
  /** Links as `from.output->to` (`linkKey`). */
  links: { added: string[]; removed: string[] };
  /** The other top-level fields that differ. */
  fields: string[];
  empty: boolean;
}

export type DiffMark = 'added' | 'removed' | 'changed';

/** The marks of a union graph: nodes by id (a changed node with the fields that differ), links by `linkKey`. */
export interface DiffMarks {
  nodes: Readonly<Record<string, { mark: DiffMark; fields?: readonly string[] }>>;
  links: Readonly<Record<string, DiffMark>>;
}

/** A link as the diff names it: `from.output->to`. */
export const linkKey = (link: LinkDefinition) => `${link.from}.${link.output}->${link.to}`;

/**
 * Every node and link of `to`, plus the nodes and links of `from` that `diff` says were removed,
 * with their marks. The union is drawn where the versions placed the nodes, unless some are
 * unplaced or two of them overlap (a node replaced by another at its place): then it has no
 * positions, and the canvas lays it out as a whole.
 */
export function diffGraph(from: FlowDefinition, to: FlowDefinition, diff: FlowDiff): { flow: FlowDefinition; marks: DiffMarks } {
  const removedNodes = new Set(diff.nodes.removed);
  const removedLinks = new Set(diff.links.removed);
  const nodes = [...to.nodes, ...from.nodes.filter((node) => removedNodes.has(node.id))];
  const links = [...to.links, ...from.links.filter((link) => removedLinks.has(linkKey(link)))];
  const marks: DiffMarks = {
    nodes: Object.fromEntries([
      ...diff.nodes.added.map((id) => [id, { mark: 'added' }] as const),
      ...diff.nodes.removed.map((id) => [id, { mark: 'removed' }] as const),
      ...diff.nodes.changed.map(({ id, fields }) => [id, { mark: 'changed', fields }] as const),
    ]),
    links: Object.fromEntries([...diff.links.added.map((key) => [key, 'added'] as const), ...diff.links.removed.map((key) => [key, 'removed'] as const)]),
  };
  const placed = nodes.every((node) => node.ui) && !overlapping(nodes.map((node) => node.ui!));
  return {
    flow: { ...to, nodes: placed ? nodes : nodes.map(({ ui: _ui, ...node }) => node), links },
    marks,
  };
}

function overlapping(positions: ReadonlyArray<{ x: number; y: number }>): boolean {
  return positions.some((a, index) => positions.slice(index + 1).some((b) => Math.abs(a.x - b.x) < nodeSize.width && Math.abs(a.y - b.y) < nodeSize.height));
}
