import type { Execution, FlowContext } from '../../src/engine/execution.js';
import type { NodeResult, Submission } from '../../src/engine/node-type.js';
import type { ProcessorAfterContext, ProcessorContext } from '../../src/engine/processor.js';
import type { AuditEvent, CaptchaVerifier, Services } from '../../src/engine/services.js';
import { MemoryCounterStore } from '../../src/store/memory-counter-store.js';

const unused = (port: string) =>
  new Proxy({}, { get: (_, name) => () => Promise.reject(new Error(`processors must not use services.${port}.${String(name)}`)) });

export interface FakeServices extends Services {
  counters: MemoryCounterStore;
  audited: AuditEvent[];
  /** Moves the clock (and so the counters' expiries) on. */
  advance(ms: number): void;
}

export function fakeServices(captcha?: CaptchaVerifier): FakeServices {
  let now = Date.parse('2025-01-01T00:00:00Z');
  const audited: AuditEvent[] = [];
  return {
    clock: { now: () => now },
    random: unused('random') as Services['random'],
    http: unused('http') as Services['http'],
    users: unused('users') as Services['users'],
    organizations: unused('organizations') as Services['organizations'],
    mail: unused('mail') as Services['mail'],
    flows: { get: () => undefined },
    counters: new MemoryCounterStore(() => now),
    ...(captcha ? { captcha } : {}),
    audit: { record: (event) => audited.push(event) },
    audited,
    advance: (ms) => {
      now += ms;
    },
  };
}

export const alice: NonNullable<FlowContext['user']> = { id: 'u-alice', username: 'alice', enabled: true };

export interface StepOptions {
  user?: FlowContext['user'] | null;
  clientIp?: string;
  phase?: 'init' | 'handler';
  submission?: Submission;
  options?: Record<string, unknown>;
  nodeId?: string;
  flowId?: string;
  /** Another realm: `https://kc.example/realms/<realm>` (or another Keycloak's issuer). */
  issuer?: string;
  /** The flow's variables (the top-level frame's). */
  variables?: Record<string, unknown>;
}

/** A processor context for one step of flow `login` (or `flowId`) in realm `demo`. */
export function stepContext(services: FakeServices, step: StepOptions = {}): ProcessorContext {
  const flowId = step.flowId ?? 'login';
  const context: FlowContext = {
    issuer: step.issuer ?? 'https://kc.example/realms/demo',
    realm: (step.issuer ?? 'https://kc.example/realms/demo').split('/').at(-1)!,
    client: { id: 'app' },
    ...(step.user === null ? {} : { user: step.user ?? alice }),
    ...(step.clientIp ? { clientIp: step.clientIp } : {}),
  };
  const nodeId = step.nodeId ?? 'otp';
  const now = services.clock.now();
  const execution: Execution = {
    id: 'exec-1',
    flowId,
    flowVersion: '1',
    status: 'active',
    context,
    session: {},
    frames: [{ flowId, flowVersion: '1', nodeId, variables: step.variables ?? {}, visits: {} }],
    completed: [],
    tags: [],
    activated: [],
    evidence: [],
    actions: [],
    compensations: [],
    warnings: [],
    startedAt: now,
    updatedAt: now,
  };
  const phase = step.phase ?? 'handler';
  const submission = step.submission ?? (phase === 'handler' ? { handler: 'verify', values: {} } : undefined);
  return {
    execution,
    context,
    node: { id: nodeId, type: 'otp' },
    nodeType: 'otp',
    stepId: 's1',
    phase,
    ...(submission ? { submission } : {}),
    services,
    options: step.options ?? {},
    now,
  };
}

export function afterStep(services: FakeServices, result: NodeResult, step: StepOptions = {}): ProcessorAfterContext {
  return { ...stepContext(services, step), result };
}

const screen = { partial: 'otp', model: {}, handlers: ['verify'] };
export const results = {
  rejected: { kind: 'wait', screen, rejected: true },
  waiting: { kind: 'wait', screen },
  next: { kind: 'next', port: 'success' },
  /** The last wrong code: the node leaves through its failure port. */
  failedOut: { kind: 'next', port: 'failed', rejected: true },
  raised: { kind: 'next', port: 'success', raisesAssurance: true },
  end: { kind: 'end', outcome: 'success' },
} satisfies Record<string, NodeResult>;
