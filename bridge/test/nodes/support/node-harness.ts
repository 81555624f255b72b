/** Runs node types directly (init, handlers) with fake services: a settable clock, random bytes, captured mail. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { FlowContext } from '../../../src/engine/execution.js';
import type { NodeContext, NodeResult, NodeType, Submission } from '../../../src/engine/node-type.js';
import type { MailMessage, Services } from '../../../src/engine/services.js';

export interface FakeServices extends Services {
  sent: MailMessage[];
  setNow(ms: number): void;
}

/** A port the node under test must not use: any call fails the test. */
function unused<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_target, property) => () => {
      throw new Error(`unexpected call to services.${name}.${String(property)}`);
    },
  });
}

export function fakeServices(start = Date.UTC(2025, 0, 15, 12, 0, 0)): FakeServices {
  let now = start;
  const sent: MailMessage[] = [];
  return {
    sent,
    setNow: (ms) => {
      now = ms;
    },
    clock: { now: () => now },
    random: { bytes: (length) => new Uint8Array(randomBytes(length)), uuid: () => randomUUID() },
    mail: {
      send: async (message) => {
        sent.push(message);
        return { messageId: `m${sent.length}` };
      },
    },
    http: unused('http'),
    users: unused('users'),
    organizations: unused('organizations'),
    counters: unused('counters'),
    audit: { record: () => undefined },
    flows: unused('flows'),
  };
}

export const baseContext: FlowContext = {
  issuer: 'https://kc.example.test/realms/demo',
  realm: 'demo',
  client: { id: 'portal' },
  user: { id: 'user-1', username: 'jane', email: 'jane.doe@example.com' },
  locale: 'en',
};

export interface Harness<Config> {
  services: FakeServices;
  /** Runs init, remembering the node state it returns (as the engine does). */
  init(): Promise<NodeResult>;
  /** Calls a handler with the last node state. */
  submit(handler: string, values?: Record<string, string>): Promise<NodeResult>;
  ctx(): NodeContext<Config>;
}

export function harness<Config>(
  type: NodeType<Config>,
  config: Config,
  options: {
    input?: Record<string, unknown>;
    context?: FlowContext;
    flow?: Record<string, unknown>;
    session?: Record<string, unknown>;
    services?: FakeServices;
    executionId?: string;
  } = {},
): Harness<Config> {
  const services = options.services ?? fakeServices();
  let nodeState: unknown;
  const ctx = (): NodeContext<Config> => ({
    node: { id: 'step1', type: type.type, config: config as Config & Record<string, unknown> },
    input: options.input ?? {},
    context: options.context ?? baseContext,
    variables: { flow: options.flow ?? {}, session: options.session ?? {} },
    nodeState,
    services,
    executionId: options.executionId ?? 'exec-1',
    stepId: 's1',
    locale: 'en',
    now: services.clock.now(),
  });
  const remember = (result: NodeResult) => {
    if (result.kind === 'wait' && result.nodeState !== undefined) nodeState = result.nodeState;
    return result;
  };
  return {
    services,
    ctx,
    init: async () => remember(await type.init(ctx())),
    submit: async (handler, values = {}) => {
      const run = type.handlers?.[handler];
      if (!run) throw new Error(`${type.type} has no handler ${handler}`);
      const submission: Submission = { handler, values };
      return remember(await run(ctx(), submission));
    },
  };
}

/** Narrows a result to the expected kind, failing the test otherwise. */
export function expectKind<K extends NodeResult['kind']>(result: NodeResult, kind: K): Extract<NodeResult, { kind: K }> {
  if (result.kind !== kind) throw new Error(`expected a ${kind} result, got ${JSON.stringify(result)}`);
  return result as Extract<NodeResult, { kind: K }>;
}
