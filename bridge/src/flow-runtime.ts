/**
 * The built-in node types and processors, and what the catalog and the engine need of them: one
 * place for the bridge's composition root and for the flows-as-code test runner, so both validate
 * and run a flow exactly the same way.
 */
import type { FlowDefinition } from './engine/flow.js';
import type { NodeTypeRegistry } from './engine/node-type.js';
import type { ProcessorRegistry } from './engine/processor.js';
import { processorResolver, type ResolvedProcessors } from './engine/processor-selection.js';
import type { FlowValidationContext } from './engine/validate-flow.js';
import { builtInNodeTypes } from './nodes/node-registry.js';
import type { RealmSettings } from './handoff/realm-settings.js';
import { builtInProcessors, categoryDefaultSet, defaultProcessorSets, realmDefaultSets } from './processors/index.js';

export interface FlowRuntime {
  nodeTypes: NodeTypeRegistry;
  processors: ProcessorRegistry;
  validation: FlowValidationContext;
  /** With the built-in default sets. */
  resolveProcessors: (flow: FlowDefinition) => ResolvedProcessors;
  /**
   * With a realm's processor lists (protocol 1.3 `realm_settings.processors`) in place of the
   * built-in sets of their categories; the built-in sets when the realm has none. A new resolver
   * each call (it caches by `id@version`): the caller keeps one per engine, cached under the lists'
   * key; Try it takes one per run step, as its drafts change under the same `id@version`.
   */
  resolveProcessorsFor: (lists: RealmSettings['processors']) => (flow: FlowDefinition) => ResolvedProcessors;
}

export function flowRuntime(overrides: { nodeTypes?: NodeTypeRegistry; processors?: ProcessorRegistry } = {}): FlowRuntime {
  const nodeTypes = overrides.nodeTypes ?? builtInNodeTypes();
  const processors = overrides.processors ?? builtInProcessors();
  const categorySet = (flow: FlowDefinition) => categoryDefaultSet(flow);
  const resolveProcessors = processorResolver(processors, defaultProcessorSets, categorySet);
  return {
    nodeTypes,
    processors,
    validation: { nodeTypes, processors, defaultSets: defaultProcessorSets, categorySet },
    resolveProcessors,
    resolveProcessorsFor: (lists) =>
      processorResolver(processors, lists && Object.keys(lists).length > 0 ? realmDefaultSets(lists) : defaultProcessorSets, categorySet),
  };
}
