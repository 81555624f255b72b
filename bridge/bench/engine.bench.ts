/**
 * Engine benchmark: how many flow steps per second the engine runs, and how long one user
 * interaction takes (load the execution, run the engine, save it by compare-and-set), with the
 * in-memory store and with Redis. Uses the real node types and the authentication processor set
 * (whose counters live in the same store kind). Prints figures; asserts nothing.
 *
 *   npm run bench            (REDIS_URL, default redis://127.0.0.1:6379)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { FlowCatalog } from '../src/engine/flow-catalog.js';
import { FlowEngine } from '../src/engine/flow-engine.js';
import type { Execution, FlowContext } from '../src/engine/execution.js';
import type { FlowDefinition } from '../src/engine/flow.js';
import type { CounterStore, Services } from '../src/engine/services.js';
import { flowRuntime } from '../src/flow-runtime.js';
import { MemoryCounterStore } from '../src/store/memory-counter-store.js';
import { MemorySessionStore } from '../src/store/memory-session-store.js';
import { RedisCounterStore } from '../src/store/redis-counter-store.js';
import { RedisSessionStore } from '../src/store/redis-session-store.js';
import type { SessionStore } from '../src/store/session-store.js';
import { deleteKeys } from '../test/support/redis.js';

const executions = Number(process.env.BENCH_EXECUTIONS ?? 2000);
const warmup = 200;

/** Four steps per execution: two automatic ones, the form (shown, then submitted), the end. */
const flow: FlowDefinition = {
  schemaVersion: 1,
  id: 'bench',
  name: 'Benchmark flow',
  category: 'authentication',
  version: '1',
  variables: { greeting: { type: 'string' }, company: { type: 'string' } },
  permissions: [{ type: 'set_session_note', names: ['company'] }],
  start: 'prepare',
  nodes: [
    {
      id: 'prepare',
      type: 'set-variables',
      config: { values: { greeting: "'Hello ' & context.user.username" } },
      outputs: { 'flow.greeting': 'result.greeting' },
    },
    { id: 'route', type: 'condition', config: { expression: '$exists(context.user.id)' } },
    {
      id: 'profile',
      type: 'form',
      config: { title: 'Company', fields: [{ name: 'company', label: 'Company', type: 'text', required: true, maxLength: 100 }] },
      outputs: { 'flow.company': 'result.company' },
    },
    { id: 'done', type: 'end', config: { outcome: 'success', sessionNotes: { company: 'flow.company' } } },
    { id: 'anonymous', type: 'end', config: { outcome: 'failure', error: 'no_user' } },
  ],
  links: [
    { from: 'prepare', output: 'next', to: 'route' },
    { from: 'route', output: 'true', to: 'profile' },
    { from: 'route', output: 'false', to: 'anonymous' },
    { from: 'profile', output: 'submitted', to: 'done' },
  ],
};

const context: FlowContext = { issuer: 'http://bench/realms/bench', realm: 'bench', client: { id: 'bench-app' }, user: { id: 'u-1', username: 'bench' } };

function engineWith(counters: CounterStore): FlowEngine {
  const { nodeTypes, validation, resolveProcessors } = flowRuntime();
  const catalog = new FlowCatalog([{ raw: flow, path: 'bench' }], validation);
  const unused = () => Promise.reject(new Error('not used by the benchmark flow'));
  const services: Services = {
    clock: { now: () => Date.now() },
    random: { bytes: (length) => new Uint8Array(randomBytes(length)), uuid: () => randomUUID() },
    http: { request: unused },
    users: new Proxy({} as Services['users'], { get: () => unused }),
    organizations: new Proxy({} as Services['organizations'], { get: () => unused }),
    mail: { send: unused },
    counters,
    audit: { record: () => undefined },
    flows: catalog,
  };
  return new FlowEngine({ nodeTypes, services, resolveProcessors });
}

interface Figures {
  steps: number;
  seconds: number;
  interactions: number[];
}

/** One user's journey as the bridge runs it: start + save, then load + submit + save. */
async function journey(engine: FlowEngine, store: SessionStore<Execution>, figures: Figures | undefined): Promise<void> {
  const id = randomUUID();
  let started = performance.now();
  const execution = await engine.start(flow, context, { executionId: id });
  await store.create(id, execution, 900);
  let ended = performance.now();
  figures?.interactions.push(ended - started);

  started = performance.now();
  const record = (await store.get(id))!;
  const { execution: finished } = await engine.submit(record.data, record.data.current!.stepId, { handler: 'submit', values: { company: 'Acme' } });
  if (!(await store.update(id, record.version, finished))) throw new Error('lost a compare-and-set without contention');
  ended = performance.now();
  figures?.interactions.push(ended - started);
  if (finished.status !== 'completed') throw new Error(`benchmark flow ended ${finished.status}: ${finished.error}`);
  if (figures) figures.steps += finished.completed.length;
  await store.delete(id);
}

async function measure(label: string, engine: FlowEngine, store: SessionStore<Execution>): Promise<void> {
  for (let i = 0; i < warmup; i++) await journey(engine, store, undefined);
  const figures: Figures = { steps: 0, seconds: 0, interactions: [] };
  const started = performance.now();
  for (let i = 0; i < executions; i++) await journey(engine, store, figures);
  figures.seconds = (performance.now() - started) / 1000;
  report(label, figures);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function report(label: string, { steps, seconds, interactions }: Figures): void {
  const sorted = [...interactions].sort((a, b) => a - b);
  const stepsPerInteraction = steps / interactions.length;
  const ms = (value: number) => `${value.toFixed(3)} ms`;
  console.log(`\n${label}: ${executions} executions, ${steps} steps in ${seconds.toFixed(2)} s (one client, sequential)`);
  console.log(`  engine steps per second: ${Math.round(steps / seconds)}`);
  console.log(
    `  per interaction (load, ${stepsPerInteraction.toFixed(1)} steps, save): p50 ${ms(percentile(sorted, 50))}  p90 ${ms(percentile(sorted, 90))}  p99 ${ms(percentile(sorted, 99))}  max ${ms(sorted.at(-1)!)}`,
  );
  console.log(`  per step: p50 ${ms(percentile(sorted, 50) / stepsPerInteraction)}  p99 ${ms(percentile(sorted, 99) / stepsPerInteraction)}`);
}

const memory = new MemorySessionStore<Execution>();
await measure('in-memory store', engineWith(new MemoryCounterStore()), memory);
await memory.close();

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `io-bench-${process.pid}:`;
const redis = await RedisSessionStore.connect<Execution>(redisUrl, prefix);
const counters = await RedisCounterStore.connect(redisUrl, prefix);
try {
  await measure(`Redis store (${redisUrl})`, engineWith(counters), redis);
} finally {
  await redis.close();
  await counters.close();
  // The processors' counters (e.g. latest attempt, kept for days) must not outlive the benchmark.
  await deleteKeys(prefix, redisUrl);
}
