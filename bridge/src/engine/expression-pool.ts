/**
 * The expression workers: a small pool of child processes that evaluate every expression whose
 * cost is not bounded by its shape. A worker runs one evaluation at a time, so the event loop
 * keeps serving other journeys meanwhile. The limit a hostile expression cannot escape is the
 * pool's, not the expression's: a worker that does not answer within `hardTimeoutMs` is killed
 * (and replaced), and a worker's heap is capped (`--max-old-space-size`), so a huge string or
 * array ends that worker, not the bridge. Processes rather than worker threads: V8 may abort the
 * whole process when a thread's capped heap runs out in one large allocation.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ExpressionFailure } from './budgeted-expression.js';
import type { EvaluationReply, EvaluationRequest } from './expression-worker.js';

export interface PoolOptions {
  size: number;
  /** Wall-clock limit of one evaluation in a worker, well above the in-worker budget. */
  hardTimeoutMs: number;
  /** Heap of each worker. */
  maxHeapMb: number;
}

export const defaultPoolOptions: PoolOptions = { size: 2, hardTimeoutMs: 1000, maxHeapMb: 256 };

interface Job {
  request: EvaluationRequest;
  resolve(value: unknown): void;
  reject(failure: ExpressionFailure): void;
}

interface Slot {
  worker: ChildProcess;
  /** Set when the worker has loaded its modules: the hard timeout counts evaluation only. */
  ready: boolean;
  started: Promise<void>;
  /** Rejects `started`: the worker ended before it was ready. */
  failedToStart(error: Error): void;
  job?: Job;
  timer?: NodeJS.Timeout;
}

// The worker is the sibling module; run from TypeScript sources, it loads them through tsx too.
const workerUrl = new URL(`./expression-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url);
const loaderArgs = workerUrl.pathname.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [];

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
        slot.worker.send(job.request);
      } catch (error) {
        job.reject({ code: 'expression_failed', message: `its input cannot be evaluated: ${(error as Error).message}` });
        continue;
      }
      slot.job = job;
      keepAlive(slot.worker, true);
      slot.timer = setTimeout(
        () => this.replace(slot, { code: 'expression_timeout', message: `still running after ${this.options.hardTimeoutMs} ms: stopped` }),
        this.options.hardTimeoutMs,
      );
    }
  }

  /** The pool always has `size` workers: a stopped one is replaced at once, not when the next evaluation needs it. */
  private fill(): void {
    while (this.slots.length < this.options.size) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = fork(fileURLToPath(workerUrl), [], {
      execArgv: [...loaderArgs, `--max-old-space-size=${this.options.maxHeapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    let started!: () => void;
    let failedToStart!: (error: Error) => void;
    const slot: Slot = {
      worker,
      ready: false,
      started: new Promise((resolve, reject) => {
        started = resolve;
        failedToStart = reject;
      }),
      failedToStart,
    };
    slot.started.catch(() => undefined); // reported through ready() or the waiting evaluations
    worker.on('message', (reply: EvaluationReply | 'ready') => {
      if (reply !== 'ready') return this.settle(slot, reply);
      slot.ready = true;
      started();
      this.dispatch();
      if (!slot.job) keepAlive(worker, false); // an idle worker does not keep the bridge alive
    });
    worker.on('error', (error) => this.replace(slot, { code: 'expression_failed', message: error.message }));
    worker.on('exit', (_code, signal) => {
      // V8 aborts (SIGABRT) when the capped heap runs out.
      const failure: ExpressionFailure =
        signal === 'SIGABRT'
          ? { code: 'expression_out_of_memory', message: `needed more than ${this.options.maxHeapMb} MB: stopped` }
          : { code: 'expression_failed', message: 'the expression worker stopped' };
      this.replace(slot, failure);
    });
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
    this.retire(slot, failure);
    if (slot.ready) {
      this.dispatch();
      return;
    }
    // A worker that cannot even start would fail again at once: fail what waits instead of looping.
    slot.failedToStart(new Error(`the expression workers cannot start: ${failure.message}`));
    for (const job of this.queue.splice(0)) job.reject(failure);
  }

  private retire(slot: Slot, failure: ExpressionFailure): void {
    this.release(slot)?.reject(failure);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => undefined);
    slot.worker.kill('SIGKILL');
  }

  private release(slot: Slot): Job | undefined {
    const job = slot.job;
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.timer = undefined;
    keepAlive(slot.worker, false);
    return job;
  }
}

/** A busy worker keeps the bridge's process alive (a pending evaluation); an idle one does not. */
function keepAlive(worker: ChildProcess, busy: boolean): void {
  const channel = worker.channel as { ref(): void; unref(): void } | undefined;
  if (busy) {
    worker.ref();
    channel?.ref();
  } else {
    worker.unref();
    channel?.unref();
  }
}
