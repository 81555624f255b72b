/**
 * JSONata as the expression workers run it: regex literals on RE2 (linear time), and a budget of
 * evaluation steps and nesting depth checked at every step, which stops most runaway expressions
 * early and with a precise code. The budget counts work, not time, so an expression is stopped at
 * the same point however loaded the machine is. What a single step can still do (one builtin call
 * on a huge value) is bounded by the worker's hard timeout and memory limit (expression-pool.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import jsonata from 'jsonata';
import { LinearRegExp } from './linear-regex.js';

/**
 * 100 000 steps: far beyond any real flow's expression (a map over a thousand items of ten steps
 * each is 10 000), reached by a runaway one in tens of milliseconds.
 */
export const budget = { maxSteps: 100_000, maxDepth: 200 };

/** A failure with the code the bridge reports (see ExpressionError). */
export interface ExpressionFailure {
  code: 'expression_failed' | 'expression_timeout' | 'expression_too_deep' | 'expression_out_of_memory';
  message: string;
}

interface Spent {
  steps: number;
  depth: number;
}

// The hooks are attached once per compiled expression; the budget of the evaluation in progress is
// found through async context, so concurrent evaluations never share a counter.
const current = new AsyncLocalStorage<Spent>();
const compiled = new Map<string, jsonata.Expression>();
const maxCached = 5000;

function check(spent: Spent): void {
  if (spent.depth > budget.maxDepth) throw failure('expression_too_deep', `nested deeper than ${budget.maxDepth}`);
  if (spent.steps > budget.maxSteps) throw failure('expression_timeout', `ran more than ${budget.maxSteps} evaluation steps`);
}

function compileBudgeted(source: string): jsonata.Expression {
  let expression = compiled.get(source);
  if (expression) return expression;
  expression = jsonata(source, { RegexEngine: LinearRegExp as unknown as RegExpConstructor });
  const hook = (step: number) => () => {
    const spent = current.getStore();
    if (!spent) return;
    spent.depth += step;
    if (step > 0) spent.steps += 1;
    check(spent);
  };
  expression.assign(Symbol.for('jsonata.__evaluate_entry') as unknown as string, hook(1));
  expression.assign(Symbol.for('jsonata.__evaluate_exit') as unknown as string, hook(-1));
  if (compiled.size >= maxCached) compiled.delete(compiled.keys().next().value!);
  compiled.set(source, expression);
  return expression;
}

/** Evaluates with a fresh budget; failures are thrown as ExpressionFailure. */
export async function evaluateBudgeted(source: string, scopes: unknown): Promise<unknown> {
  try {
    const expression = compileBudgeted(source);
    return await current.run({ steps: 0, depth: 0 }, () => expression.evaluate(scopes));
  } catch (error) {
    if (isFailure(error)) throw error;
    if (error instanceof RangeError && /call stack/i.test(error.message)) throw failure('expression_too_deep', error.message);
    throw failure('expression_failed', (error as { message?: string }).message ?? String(error));
  }
}

function failure(code: ExpressionFailure['code'], message: string): ExpressionFailure {
  return { code, message };
}

function isFailure(error: unknown): error is ExpressionFailure {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as ExpressionFailure).code === 'string' &&
    (error as ExpressionFailure).code.startsWith('expression_')
  );
}
