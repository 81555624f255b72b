/**
 * The processor lists the Processors page shows, computed by the bridge's own rules (its pure
 * selection and default-set modules, imported, never restated): a flow category's list (the
 * realm's, else the bridge's default set) and what one flow runs (that list with the flow's
 * `settings.processors` applied), and the edit that removes a processor from one flow.
 */
import type { FlowCategory } from '../../bridge/src/engine/flow.js';
import type { ProcessorRegistry } from '../../bridge/src/engine/processor.js';
import { selectProcessors } from '../../bridge/src/engine/processor-selection.js';
import { categoryDefaultSet, defaultProcessorSets, realmDefaultSets, realmListSet } from '../../bridge/src/processors/default-sets.js';
import type { FlowDefinition } from './designer/model/index.js';
import catalog from './generated/processors.json' with { type: 'json' };

/** The bridge's processors: id, description, security-essential. */
export const processorCatalog = catalog.processors;
const byId = new Map(processorCatalog.map((processor) => [processor.id, processor]));
export const processorInfo = (id: string) => byId.get(id);
/** The catalog as the selection reads it (ids, and whether each is essential). */
const registry: ProcessorRegistry = { get: (id) => byId.get(id), ids: () => [...byId.keys()] };

/** GET /io/processors: the realm's list per flow category; absent or null, the bridge's default set. */
export type RealmLists = Readonly<Partial<Record<string, readonly string[] | null>>>;

/** A category's list in run order, and whether it is the realm's own (else the bridge's default set). */
export function categoryList(category: FlowCategory, lists: RealmLists): { processors: string[]; own: boolean } {
  const own = lists[category];
  return own ? { processors: [...own], own: true } : { processors: [...(defaultProcessorSets[realmListSet(category)] ?? [])], own: false };
}

export interface FlowProcessorEntry {
  id: string;
  essential: boolean;
  /** Not in the category's list: the flow's settings bring it (add, use or set). */
  fromFlow: boolean;
}

export interface FlowProcessors {
  /** What the flow runs, in run order. */
  entries: FlowProcessorEntry[];
  /** Of the category's list, what the flow takes out (remove, use or set). */
  removed: string[];
  /** The bridge's warnings (an essential processor removed with the flow's reason, or kept for want of one). */
  warnings: string[];
  /** What the bridge refuses in the flow's settings (unknown processors or sets). */
  errors: string[];
}

/**
 * What `flow` runs in this realm, as the bridge resolves it at run time: the realm's lists in
 * place of the default sets of their categories, the flow's `settings.processors` on top.
 */
export function flowProcessors(flow: FlowDefinition, lists: RealmLists): FlowProcessors {
  const realmLists = Object.fromEntries(Object.entries(lists).filter((entry): entry is [string, readonly string[]] => Array.isArray(entry[1])));
  const { ids, warnings, errors } = selectProcessors(flow, registry, realmDefaultSets(realmLists), categoryDefaultSet, { keepEssential: true });
  const category = categoryList(flow.category, lists).processors;
  return {
    entries: ids.map((id) => ({ id, essential: byId.get(id)?.essential ?? false, fromFlow: !category.includes(id) })),
    removed: category.filter((id) => !ids.includes(id)),
    warnings,
    errors: errors.map((problem) => `${problem.field}: ${problem.message}`),
  };
}

/**
 * `flow` without processor `id`: named in `settings.processors.remove` (no longer in `add`), with
 * the reason in `override.reason` (what removing a security-essential processor needs), after the
 * reasons given before: "<id>: <reason>", separated by "; ".
 */
export function withoutProcessor(flow: FlowDefinition, id: string, reason: string): FlowDefinition {
  const selection = flow.settings?.processors ?? {};
  const { add, ...rest } = selection;
  const remaining = add?.filter((other) => other !== id);
  const stated = `${id}: ${reason.trim()}`;
  return {
    ...flow,
    settings: {
      ...flow.settings,
      processors: {
        ...rest,
        ...(remaining && remaining.length > 0 ? { add: remaining } : {}),
        remove: [...new Set([...(selection.remove ?? []), id])],
        override: { reason: selection.override?.reason ? `${selection.override.reason}; ${stated}` : stated },
      },
    },
  };
}
