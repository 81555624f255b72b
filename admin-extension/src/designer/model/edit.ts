/**
 * Edits of a flow definition: each takes a definition and answers a new one (the input is never
 * changed), so the history can keep every state. Nothing here knows React or the DOM.
 */
import { identifierPattern, type FlowDefinition, type NodeDefinition, type Position } from './flow.js';

const identifier = new RegExp(identifierPattern);

/** A fresh node id from `base` (a node type or an id): `base`, else `base-2`, `base-3`... */
export function uniqueId(taken: Iterable<string>, base: string): string {
  const used = new Set(taken);
  const stem =
    (/^[A-Za-z]/.test(base) ? base : `n-${base}`)
      .replace(/[^A-Za-z0-9_-]/g, '-')
      .slice(0, 56)
      .replace(/-\d+$/, '') || 'node';
  if (!used.has(stem)) return stem;
  for (let n = 2; ; n += 1) if (!used.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

const nodeIds = (flow: FlowDefinition) => flow.nodes.map((node) => node.id);
const mapNode = (flow: FlowDefinition, id: string, change: (node: NodeDefinition) => NodeDefinition): FlowDefinition => {
  if (!flow.nodes.some((node) => node.id === id)) throw new Error(`no node "${id}"`);
  return { ...flow, nodes: flow.nodes.map((node) => (node.id === id ? change(node) : node)) };
};
const at = (position: Position): Position => ({ x: Math.round(position.x), y: Math.round(position.y) });

/** Adds a node of `type` at `position`; the first node of an empty flow becomes its start. */
export function addNode(flow: FlowDefinition, type: string, position: Position, config: Record<string, unknown> = {}): { flow: FlowDefinition; id: string } {
  const id = uniqueId(nodeIds(flow), type);
  const node: NodeDefinition = { id, type, config, ui: at(position) };
  return { id, flow: { ...flow, nodes: [...flow.nodes, node], start: flow.nodes.length === 0 ? id : flow.start } };
}

/** Moves a node; to where it already is, the same definition (a click on a node is no edit, no undo step). */
export function moveNode(flow: FlowDefinition, id: string, position: Position): FlowDefinition {
  const to = at(position);
  const node = flow.nodes.find((candidate) => candidate.id === id);
  if (node?.ui && node.ui.x === to.x && node.ui.y === to.y) return flow;
  return mapNode(flow, id, (moved) => ({ ...moved, ui: to }));
}

/** Removes the nodes and every link from or to them; a removed start moves to the first node left. */
export function deleteNodes(flow: FlowDefinition, ids: Iterable<string>): FlowDefinition {
  const gone = new Set(ids);
  const nodes = flow.nodes.filter((node) => !gone.has(node.id));
  const start = gone.has(flow.start) ? (nodes[0]?.id ?? flow.start) : flow.start;
  return { ...flow, nodes, start, links: flow.links.filter((link) => !gone.has(link.from) && !gone.has(link.to)) };
}

/** Links port `output` of `from` to `to`. A port is linked once: an earlier link of that port is replaced. */
export function connect(flow: FlowDefinition, from: string, output: string, to: string): FlowDefinition {
  const ids = new Set(nodeIds(flow));
  if (!ids.has(from) || !ids.has(to)) throw new Error(`no node "${ids.has(from) ? to : from}"`);
  const others = flow.links.filter((link) => link.from !== from || link.output !== output);
  return { ...flow, links: [...others, { from, output, to }] };
}

export function disconnect(flow: FlowDefinition, from: string, output: string): FlowDefinition {
  return { ...flow, links: flow.links.filter((link) => link.from !== from || link.output !== output) };
}

/** Renames a node; its links and the start follow. Refuses an id that is taken or not an identifier. */
export function renameNode(flow: FlowDefinition, id: string, newId: string): FlowDefinition {
  if (newId === id) return flow;
  if (!identifier.test(newId)) throw new Error(`"${newId}" is not a node id: a letter, then up to 63 letters, digits, '-' or '_'`);
  if (nodeIds(flow).includes(newId)) throw new Error(`another node has the id "${newId}"`);
  const renamed = (value: string) => (value === id ? newId : value);
  const moved = mapNode(flow, id, (node) => ({ ...node, id: newId }));
  return { ...moved, start: renamed(flow.start), links: flow.links.map((link) => ({ ...link, from: renamed(link.from), to: renamed(link.to) })) };
}

/** The editable fields of a node besides its id and type; `undefined` removes a field. */
export type NodeFields = Partial<Omit<NodeDefinition, 'id' | 'type'>>;

export function updateNode(flow: FlowDefinition, id: string, fields: NodeFields): FlowDefinition {
  return mapNode(flow, id, (node) => withoutUndefined({ ...node, ...fields }));
}

/** The flow's own fields (name, category, settings, variables...); nodes and links change through the edits above. */
export type FlowFields = Partial<Omit<FlowDefinition, 'nodes' | 'links' | 'schemaVersion' | 'id'>>;

export function updateFlow(flow: FlowDefinition, fields: FlowFields): FlowDefinition {
  return withoutUndefined({ ...flow, ...fields });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
