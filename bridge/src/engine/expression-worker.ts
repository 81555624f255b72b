/** The expression worker's entry point (a child process): evaluates one expression per message (see expression-pool.ts). */
import { evaluateBudgeted, type ExpressionFailure } from './budgeted-expression.js';

export interface EvaluationRequest {
  source: string;
  scopes: unknown;
}

export type EvaluationReply = { ok: true; value: unknown } | { ok: false; failure: ExpressionFailure };

process.on('message', async ({ source, scopes }: EvaluationRequest) => {
  let reply: EvaluationReply;
  try {
    reply = { ok: true, value: await evaluateBudgeted(source, scopes) };
  } catch (failure) {
    reply = { ok: false, failure: failure as ExpressionFailure };
  }
  try {
    process.send!(reply);
  } catch {
    // Functions cannot cross processes (a regex match carries one, `next`); flows use data only.
    process.send!({ ok: true, value: withoutFunctions((reply as { value: unknown }).value) } satisfies EvaluationReply);
  }
});

function withoutFunctions(value: unknown): unknown {
  if (typeof value === 'function') return undefined;
  if (Array.isArray(value)) return value.map(withoutFunctions);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => typeof item !== 'function')
      .map(([key, item]) => [key, withoutFunctions(item)]),
  );
}
// The bridge is gone (or let the worker go): nothing left to evaluate for.
process.on('disconnect', () => process.exit(0));
process.send!('ready');
