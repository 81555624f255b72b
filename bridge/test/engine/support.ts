/** Small node types, fake services and builders for the engine's unit tests (no network). */
import { FlowCatalog } from '../../src/engine/flow-catalog.js';
import { FlowEngine } from '../../src/engine/flow-engine.js';
import type { FlowDefinition, LinkDefinition, NodeDefinition } from '../../src/engine/flow.js';
import type { NodeResult, NodeType, NodeTypeRegistry } from '../../src/engine/node-type.js';
import type { FlowProcessor, ProcessorRegistry } from '../../src/engine/processor.js';
import { processorResolver } from '../../src/engine/processor-selection.js';
import type { AuditEvent, Services } from '../../src/engine/services.js';
import type { FlowValidationContext } from '../../src/engine/validate-flow.js';
import { MemoryCounterStore } from '../../src/store/memory-counter-store.js';

const noConfig = { type: 'object' } as const;

/** Ends the flow with `config.outcome` (default success). */
export const endType: NodeType<{ outcome?: 'success' | 'failure' | 'cancelled'; error?: string }> = {
  type: 'end',
  kind: 'backend',
  description: 'end',
  configSchema: noConfig,
  interactive: false,
  inputs: () => ({}),
  outputs: () => ({}),
  ports: () => [],
  async init({ node }) {
    const outcome = node.config.outcome ?? 'success';
    return { kind: 'end', outcome, ...(node.config.error ? { error: node.config.error } : {}), actions: [] };
  },
};

/** Leaves through `next`, outputting its `value` input doubled as `doubled` and tagging `passed`. */
export const passType: NodeType = {
  type: 'pass',
  kind: 'backend',
  description: 'pass',
  configSchema: noConfig,
  interactive: false,
  inputs: () => ({ value: { type: 'number' } }),
  outputs: () => ({ doubled: { type: 'number' } }),
  ports: () => ['next'],
  async init({ input }) {
    return { kind: 'next', port: 'next', outputs: { doubled: Number(input['value'] ?? 0) * 2 }, tags: ['passed'] };
  },
};

/** Branches on its boolean input `test`: `yes` or `no`. */
export const branchType: NodeType = {
  type: 'branch',
  kind: 'decision',
  description: 'branch',
  configSchema: noConfig,
  interactive: false,
  inputs: () => ({ test: { type: 'boolean', required: true } }),
  outputs: () => ({}),
  ports: () => ['yes', 'no'],
  async init({ input }) {
    return { kind: 'next', port: input['test'] === true ? 'yes' : 'no' };
  },
};

/** Asks for `answer`: empty is rejected (a failed attempt), `activate` activates `config.activates`. */
export const askType: NodeType<{ activates?: string }> = {
  type: 'ask',
  kind: 'frontend',
  description: 'ask',
  configSchema: noConfig,
  interactive: true,
  inputs: () => ({}),
  outputs: () => ({ answer: { type: 'string' } }),
  ports: () => ['answered'],
  async init({ node }) {
    return { kind: 'wait', screen: { partial: 'ask', model: { title: node.id }, handlers: ['submit'] }, nodeState: { shown: 1 } };
  },
  handlers: {
    async submit({ node, nodeState }, { values }): Promise<NodeResult> {
      const answer = values['answer'] ?? '';
      if (answer === '')
        return { kind: 'wait', screen: { partial: 'ask', model: { title: node.id, error: 'required' }, handlers: ['submit'] }, nodeState, rejected: true };
      return {
        kind: 'next',
        port: 'answered',
        outputs: { answer },
        evidence: [{ type: 'answered', step: node.id, at: 0, payload: { answer } }],
        ...(node.config.activates && answer === 'activate' ? { activate: [node.config.activates] } : {}),
        ...(answer === 'strong' ? { raisesAssurance: true } : {}),
      };
    },
  },
};

/** Integration step that registers a compensation `{label}`; its compensate records it (or throws when `failCompensation`). */
export function sagaType(log: string[]): NodeType<{ label: string; failCompensation?: boolean }> {
  return {
    type: 'saga',
    kind: 'integration',
    description: 'saga',
    configSchema: noConfig,
    interactive: false,
    inputs: () => ({}),
    outputs: () => ({}),
    ports: () => ['done'],
    async init({ node }) {
      log.push(`do ${node.config.label}`);
      return { kind: 'next', port: 'done', compensation: { label: node.config.label } };
    },
    async compensate({ node }, data) {
      if ((node.config as { failCompensation?: boolean }).failCompensation) throw new Error(`cannot undo ${(data as { label: string }).label}`);
      log.push(`undo ${(data as { label: string }).label}`);
    },
  };
}

/** Fails (`config.mode`: a `fail` result, or a thrown error). */
export const breakType: NodeType<{ mode: 'fail' | 'throw' }> = {
  type: 'break',
  kind: 'backend',
  description: 'break',
  configSchema: noConfig,
  interactive: false,
  inputs: () => ({}),
  outputs: () => ({}),
  ports: () => ['next'],
  async init({ node }) {
    if (node.config.mode === 'throw') throw new Error('boom');
    return { kind: 'fail', error: 'integration_failed' };
  },
};

/** Calls the library flow `config.flow` with its inputs. */
export const callFlowType: NodeType<{ flow: string }> = {
  type: 'call-flow',
  kind: 'integration',
  description: 'call-flow',
  configSchema: { type: 'object', required: ['flow'], properties: { flow: { type: 'string' } } },
  interactive: false,
  inputs: () => ({}),
  outputs: () => ({}),
  ports: () => ['success', 'failure'],
  async init({ node, input }) {
    return { kind: 'call', flow: node.config.flow, inputs: { ...input } };
  },
};

export function registryOf(...types: NodeType<never>[]): NodeTypeRegistry {
  const byType = new Map(types.map((type) => [type.type, type as unknown as NodeType]));
  return { get: (type) => byType.get(type), types: () => [...byType.keys()] };
}

export function processorsOf(...processors: FlowProcessor[]): ProcessorRegistry {
  const byId = new Map(processors.map((processor) => [processor.id, processor]));
  return { get: (id) => byId.get(id), ids: () => [...byId.keys()] };
}

export const defaultTypes = (log: string[] = []) => registryOf(endType, passType, branchType, askType, sagaType(log), breakType, callFlowType);

/** A flow with defaults for everything but nodes and links. */
export function flowOf(nodes: NodeDefinition[], links: Array<[string, string, string]>, extra: Partial<FlowDefinition> = {}): FlowDefinition {
  return {
    schemaVersion: 1,
    id: 'test-flow',
    name: 'Test flow',
    category: 'custom',
    version: '1',
    start: nodes[0]!.id,
    nodes,
    links: links.map(([from, output, to]): LinkDefinition => ({ from, output, to })),
    ...extra,
  };
}

export class ManualClock {
  constructor(public time = 1_700_000_000_000) {}
  now = () => this.time;
}

export interface Harness {
  engine: FlowEngine;
  catalog: FlowCatalog;
  clock: ManualClock;
  audit: AuditEvent[];
  log: string[];
  services: Services;
}

/** An engine over a catalog of `flows`, validated like at load. */
export function harness(
  flows: FlowDefinition[],
  options: { log?: string[]; types?: NodeTypeRegistry; processors?: ProcessorRegistry; defaultSets?: Record<string, string[]> } = {},
): Harness {
  const log = options.log ?? [];
  const nodeTypes = options.types ?? defaultTypes(log);
  const processors = options.processors ?? processorsOf();
  const defaultSets = options.defaultSets ?? {};
  const categorySet = (flow: FlowDefinition) => flow.category;
  const env: FlowValidationContext = { nodeTypes, processors, defaultSets, categorySet };
  const catalog = new FlowCatalog(
    flows.map((flow) => ({ raw: flow, path: `${flow.id}.json` })),
    env,
  );
  const clock = new ManualClock();
  const audit: AuditEvent[] = [];
  const unused = () => {
    throw new Error('not available in engine tests');
  };
  const services: Services = {
    clock,
    random: { bytes: (length) => new Uint8Array(length), uuid: () => 'uuid' },
    http: { request: unused },
    users: new Proxy({}, { get: () => unused }) as Services['users'],
    organizations: new Proxy({}, { get: () => unused }) as Services['organizations'],
    mail: { send: unused },
    counters: new MemoryCounterStore(clock.now),
    audit: { record: (event) => audit.push(event) },
    flows: catalog,
  };
  const engine = new FlowEngine({ nodeTypes, services, resolveProcessors: processorResolver(processors, defaultSets, categorySet) });
  return { engine, catalog, clock, audit, log, services };
}

export const context = { issuer: 'https://kc.test/realms/test', realm: 'test', client: { id: 'app' }, user: { id: 'user-1' }, locale: 'en' };
