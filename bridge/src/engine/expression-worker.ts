/** The expression worker's entry point: evaluates one expression per message (see expression-pool.ts). */
import { parentPort } from 'node:worker_threads';
import { evaluateBudgeted, type ExpressionFailure } from './budgeted-expression.js';

export interface EvaluationRequest {
  source: string;
  scopes: unknown;
}

export type EvaluationReply = { ok: true; value: unknown } | { ok: false; failure: ExpressionFailure };

parentPort!.on('message', async ({ source, scopes }: EvaluationRequest) => {
  let reply: EvaluationReply;
  try {
    reply = { ok: true, value: await evaluateBudgeted(source, scopes) };
  } catch (failure) {
    reply = { ok: false, failure: failure as ExpressionFailure };
  }
  try {
    parentPort!.postMessage(reply);
  } catch {
    // Functions cannot cross threads (a regex match carries one, `next`); flows use data only.
    parentPort!.postMessage({ ok: true, value: withoutFunctions((reply as { value: unknown }).value) } satisfies EvaluationReply);
  }
});

function withoutFunctions(value: unknown): unknown {
  if (typeof value === 'function') return undefined;
  if (Array.isArray(value)) return value.map(withoutFunctions);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, item]) => typeof item !== 'function').map(([key, item]) => [key, withoutFunctions(item)]));
}
parentPort!.postMessage('ready');
