/**
 * What differs between two versions of a flow (and their messages), compared as canonical JSON
 * (object keys sorted), summarised the way the admin API's diff answers: nodes added, removed and
 * changed (with the fields), links added and removed, the other top-level fields, and the locales.
 */
import type { Messages } from './flow-files.js';

/** JSON with the object keys sorted at every level: equal values give equal text. */
export function canonical(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((key) => [key, sorted((v as Record<string, unknown>)[key])]),
          )
        : v;
  return JSON.stringify(sorted(value));
}

export interface FlowDiff {
  nodes: { added: string[]; removed: string[]; changed: Array<{ id: string; fields: string[] }> };
  links: { added: string[]; removed: string[] };
  /** Top-level fields (other than nodes and links) that differ. */
  fields: string[];
  /** The same nodes and links, in another order. */
  reordered: boolean;
  messages: { added: string[]; removed: string[]; changed: string[] };
}

type Definition = Record<string, unknown>;
type Node = Record<string, unknown> & { id?: unknown };
type Link = { from?: unknown; output?: unknown; to?: unknown };

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** Keys of either object whose values differ. */
function differingKeys(a: Record<string, unknown>, b: Record<string, unknown>, skip: readonly string[] = []): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => !skip.includes(key) && !same(a[key], b[key])).sort();
}

const array = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
const linkName = (link: Link) => `${String(link.from)}.${String(link.output ?? 'next')}->${String(link.to)}`;

function byKey<T>(items: T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

/** What changes from `from` (the realm's) to `to` (the local file's). */
export function diffFlows(
  from: { definition: Definition; messages: Messages },
  to: { definition: Definition; messages: Messages },
  ignoreFields: readonly string[] = [],
): FlowDiff {
  const fromNodes = byKey(array<Node>(from.definition.nodes), (node) => String(node.id));
  const toNodes = byKey(array<Node>(to.definition.nodes), (node) => String(node.id));
  const fromLinks = new Set(array<Link>(from.definition.links).map(linkName));
  const toLinks = new Set(array<Link>(to.definition.links).map(linkName));
  const fromLocales = Object.keys(from.messages);
  const toLocales = Object.keys(to.messages);
  const nodes = {
    added: [...toNodes.keys()].filter((id) => !fromNodes.has(id)),
    removed: [...fromNodes.keys()].filter((id) => !toNodes.has(id)),
    changed: [...toNodes.keys()]
      .filter((id) => fromNodes.has(id))
      .map((id) => ({ id, fields: differingKeys(fromNodes.get(id)!, toNodes.get(id)!) }))
      .filter((node) => node.fields.length > 0),
  };
  const links = {
    added: [...toLinks].filter((link) => !fromLinks.has(link)),
    removed: [...fromLinks].filter((link) => !toLinks.has(link)),
  };
  const listsDiffer = !same(from.definition.nodes, to.definition.nodes) || !same(from.definition.links, to.definition.links);
  return {
    nodes,
    links,
    fields: differingKeys(from.definition, to.definition, ['nodes', 'links', ...ignoreFields]),
    reordered: listsDiffer && [nodes.added, nodes.removed, nodes.changed, links.added, links.removed].every((items) => items.length === 0),
    messages: {
      added: toLocales.filter((locale) => !fromLocales.includes(locale)),
      removed: fromLocales.filter((locale) => !toLocales.includes(locale)),
      changed: toLocales.filter((locale) => fromLocales.includes(locale) && !same(from.messages[locale], to.messages[locale])),
    },
  };
}

export function isEmpty(diff: FlowDiff): boolean {
  return describeDiff(diff).length === 0;
}

/** One line per kind of change, e.g. `nodes changed: profile (config)`. */
export function describeDiff(diff: FlowDiff): string[] {
  const lines: string[] = [];
  const list = (label: string, items: string[]) => {
    if (items.length > 0) lines.push(`${label}: ${items.join(', ')}`);
  };
  list('nodes added', diff.nodes.added);
  list('nodes removed', diff.nodes.removed);
  list(
    'nodes changed',
    diff.nodes.changed.map((node) => `${node.id} (${node.fields.join(', ')})`),
  );
  list('links added', diff.links.added);
  list('links removed', diff.links.removed);
  list('fields changed', diff.fields);
  if (diff.reordered) lines.push('nodes or links in another order');
  list('messages added', diff.messages.added);
  list('messages removed', diff.messages.removed);
  list('messages changed', diff.messages.changed);
  return lines;
}
