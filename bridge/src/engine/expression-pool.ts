/**
 * The expression workers: a small pool of worker threads that evaluate every expression whose
 * cost is not bounded by its shape. A worker runs one evaluation at a time, so the event loop
 * keeps serving other journeys meanwhile. The limit a hostile expression cannot escape is the
 * pool's, not the expression's: a worker that does not answer within `hardTimeoutMs` is
 * terminated (and replaced), and a worker's heap is capped (`resourceLimits`), so a huge string
 * or array ends that worker, not the bridge.
 */
import { Worker } from 'node:worker_threads';
import type { ExpressionFailure } from './budgeted-expression.js';
import type { EvaluationReply, EvaluationRequest } from './expression-worker.js';

export interface PoolOptions {
  size: number;
  /** Wall-clock limit of one evaluation in a worker, well above the in-worker budget. */
  hardTimeoutMs: number;
  /** Heap of each worker. */
  maxHeapMb: number;
}

export const defaultPoolOptions: PoolOptions = { size: 2, hardTimeoutMs: 1000, maxHeapMb: 512 };

interface Job {
  request: EvaluationRequest;
  resolve(value: unknown): void;
  reject(failure: ExpressionFailure): void;
}

interface Slot {
  worker: Worker;
  /** Set when the worker has loaded its modules: the hard timeout counts evaluation only. */
  ready: boolean;
  started: Promise<void>;
  job?: Job;
  timer?: NodeJS.Timeout;
}

// The worker is the sibling module. Run from TypeScript sources (tsx), the worker registers tsx
// itself first: Node 20 does not pass the parent's module hooks on to worker threads.
const workerUrl = new URL(`./expression-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url);
const workerScript: string | URL = workerUrl.pathname.endsWith('.ts')
  ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}); })`
  : workerUrl;

export class ExpressionPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];

  constructor(private readonly options: PoolOptions = defaultPoolOptions) {}

  evaluate(source: string, scopes: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { source, scopes }, resolve, reject });
      this.dispatch();
    });
  }

  /** Resolves once every worker has started (the bridge calls it at start, so no journey waits for one). */
  async ready(): Promise<void> {
    this.fill();
    await Promise.all(this.slots.map((slot) => slot.started));
  }

  private dispatch(): void {
    this.fill();
    while (this.queue.length > 0) {
      const slot = this.slots.find((candidate) => candidate.ready && !candidate.job);
      if (!slot) return;
      const job = this.queue.shift()!;
      try {
        slot.worker.postMessage(job.request);
      } catch (error) {
        job.reject({ code: 'expression_failed', message: `its input cannot be evaluated: ${(error as Error).message}` });
        continue;
      }
      slot.job = job;
      slot.worker.ref();
      slot.timer = setTimeout(() => this.replace(slot, { code: 'expression_timeout', message: `still running after ${this.options.hardTimeoutMs} ms: stopped` }), this.options.hardTimeoutMs);
    }
  }

  /** The pool always has `size` workers: a stopped one is replaced at once, not when the next evaluation needs it. */
  private fill(): void {
    while (this.slots.length < this.options.size) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(workerScript, {
      eval: typeof workerScript === 'string',
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb, maxYoungGenerationSizeMb: 16 },
    });
    let started!: () => void;
    const slot: Slot = { worker, ready: false, started: new Promise((resolve) => (started = resolve)) };
    worker.on('message', (reply: EvaluationReply | 'ready') => {
      if (reply !== 'ready') return this.settle(slot, reply);
      slot.ready = true;
      started();
      this.dispatch();
      if (!slot.job) worker.unref(); // an idle worker does not keep the process alive
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const failure: ExpressionFailure =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { code: 'expression_out_of_memory', message: `needed more than ${this.options.maxHeapMb} MB: stopped` }
          : { code: 'expression_failed', message: error.message };
      this.replace(slot, failure);
    });
    worker.on('exit', () => this.replace(slot, { code: 'expression_failed', message: 'the expression worker stopped' }));
    return slot;
  }

  private settle(slot: Slot, reply: EvaluationReply): void {
    const job = this.release(slot);
    if (!job) return;
    if (reply.ok) job.resolve(reply.value);
    else job.reject(reply.failure);
    this.dispatch();
  }

  /** Fails the slot's evaluation, ends its worker and lets the queue go on with a new one. */
  private replace(slot: Slot, failure: ExpressionFailure): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    void this.retire(slot, failure);
    if (slot.ready) return this.dispatch();
    // A worker that cannot even start would fail again at once: fail what waits instead of looping.
    for (const job of this.queue.splice(0)) job.reject(failure);
  }

  private async retire(slot: Slot, failure: ExpressionFailure): Promise<void> {
    this.release(slot)?.reject(failure);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => undefined);
    await slot.worker.terminate();
  }

  private release(slot: Slot): Job | undefined {
    const job = slot.job;
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.timer = undefined;
    slot.worker.unref();
    return job;
  }
}
