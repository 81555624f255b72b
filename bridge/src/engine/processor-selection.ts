/**
 * Which flow processors run around a flow's steps: the category's default set (or a named set, or
 * an explicit list), adjusted by `add` and `remove`. Pure: the registry and the default sets are
 * given by the composition root, so the engine never imports processors/.
 */
import type { FlowCategory, FlowDefinition } from './flow.js';
import type { FlowProcessor, ProcessorRegistry } from './processor.js';

/** Processor ids by set name (e.g. `authentication`, `self-service-public`). */
export type DefaultSets = Readonly<Record<string, readonly string[]>>;

/** Categories whose security-essential processors may only be removed with an override. */
const guardedCategories: readonly FlowCategory[] = ['authentication', 'self-service'];

export interface SelectionProblem {
  field: string;
  message: string;
}

export interface ProcessorSelectionResult {
  ids: string[];
  warnings: string[];
  errors: SelectionProblem[];
}

export interface SelectionOptions {
  /**
   * At run time: a flow that removes a security-essential processor of its baseline without an
   * override keeps it (with a warning) instead of being an error. Only realm lists (protocol 1.3
   * `realm_settings.processors`) can bring this about, as they replace the baseline after the flow
   * was validated against the built-in one.
   */
  keepEssential?: boolean;
}

export function selectProcessors(
  flow: FlowDefinition,
  registry: ProcessorRegistry,
  defaultSets: DefaultSets,
  categorySet: (flow: FlowDefinition) => string,
  options: SelectionOptions = {},
): ProcessorSelectionResult {
  const selection = flow.settings?.processors ?? {};
  const errors: SelectionProblem[] = [];
  const warnings: string[] = [];
  const field = 'settings/processors';

  const unknown = (list: string[] | undefined, key: string) =>
    (list ?? []).forEach((id, index) => {
      if (!registry.get(id))
        errors.push({ field: `${field}/${key}/${index}`, message: `unknown processor "${id}" (known: ${registry.ids().join(', ') || 'none'})` });
    });
  unknown(selection.use, 'use');
  unknown(selection.add, 'add');
  unknown(selection.remove, 'remove');
  for (const id of Object.keys(selection.options ?? {})) {
    if (!registry.get(id)) errors.push({ field: `${field}/options/${id}`, message: `options for unknown processor "${id}"` });
  }

  const categoryDefault = categorySet(flow);
  if (selection.set !== undefined && !defaultSets[selection.set]) {
    errors.push({ field: `${field}/set`, message: `unknown processor set "${selection.set}" (known: ${Object.keys(defaultSets).join(', ')})` });
  }
  const base = selection.use ?? defaultSets[selection.set ?? categoryDefault] ?? [];
  const removed = new Set(selection.remove ?? []);
  let ids = [...new Set([...base, ...(selection.add ?? [])])].filter((id) => !removed.has(id) && registry.get(id));

  if (guardedCategories.includes(flow.category)) {
    const missing = (defaultSets[categoryDefault] ?? []).filter((id) => registry.get(id)?.essential && !ids.includes(id));
    if (missing.length > 0) {
      const names = missing.map((id) => `"${id}"`).join(', ');
      if (selection.override?.reason) {
        warnings.push(`security-essential processor(s) ${names} removed from ${flow.category} flow ${flow.id}: ${selection.override.reason}`);
      } else if (options.keepEssential) {
        ids = [...new Set([...base, ...(selection.add ?? []), ...missing])].filter((id) => (!removed.has(id) || missing.includes(id)) && registry.get(id));
        warnings.push(
          `security-essential processor(s) ${names} of the ${categoryDefault} set kept in ${flow.category} flow ${flow.id}: the flow removes them without settings.processors.override.reason`,
        );
      } else {
        errors.push({
          field,
          message: `removes security-essential processor(s) ${names} from a ${flow.category} flow; give settings.processors.override.reason to do so deliberately`,
        });
      }
    }
  }
  return { ids, warnings, errors };
}

/** What the engine runs around a flow's steps, with each processor's options. */
export interface ResolvedProcessors {
  processors: FlowProcessor[];
  options: Record<string, Record<string, unknown>>;
  /** Selection warnings, recorded in each execution of the flow. */
  warnings?: string[];
}

/**
 * The engine's `resolveProcessors` for a registry and default sets. Flows are validated against the
 * built-in sets before, so unknown ids cannot occur here (selectProcessors drops them); when the
 * sets are a realm's (protocol 1.3), an essential processor the flow removes without an override is
 * kept, with a warning, rather than failing the journey or running without it.
 */
export function processorResolver(
  registry: ProcessorRegistry,
  defaultSets: DefaultSets,
  categorySet: (flow: FlowDefinition) => string,
): (flow: FlowDefinition) => ResolvedProcessors {
  const cache = new Map<string, ResolvedProcessors>();
  return (flow) => {
    const key = `${flow.id}@${flow.version}`;
    let resolved = cache.get(key);
    if (!resolved) {
      const { ids, warnings } = selectProcessors(flow, registry, defaultSets, categorySet, { keepEssential: true });
      resolved = { processors: ids.map((id) => registry.get(id)!), options: flow.settings?.processors?.options ?? {}, warnings };
      cache.set(key, resolved);
    }
    return resolved;
  };
}
