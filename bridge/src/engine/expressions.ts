/**
 * Expressions (conditions, mappings, transforms) in JSONata: a sandboxed language with no access
 * to the host (no eval, no require, no I/O). Every evaluation is time-boxed and depth-limited, so a
 * flow author's mistake (or malice) cannot stall the bridge.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import jsonata from 'jsonata';
import { IoError } from '../errors.js';

/** The variables an expression can see. */
export interface Scopes {
  context: unknown;
  session: Record<string, unknown>;
  flow: Record<string, unknown>;
  /** Node inputs, in a node's own expressions (e.g. a condition's config). */
  input?: Record<string, unknown>;
  /** What a node produced, in its `outputs` mapping. */
  result?: unknown;
}

export class ExpressionError extends IoError {
  constructor(
    readonly expression: string,
    message: string,
    code: 'expression_invalid' | 'expression_failed' | 'expression_timeout' = 'expression_failed',
  ) {
    super(code, 500, `${message} in expression "${expression}"`);
  }
}

const limits = { timeoutMs: 100, maxDepth: 200 };

interface Budget {
  started: number;
  depth: number;
}

// The entry/exit hooks are attached once per compiled expression; the budget of the evaluation in
// progress is found through async context, so concurrent evaluations never share a counter.
const currentBudget = new AsyncLocalStorage<Budget>();
const compiled = new Map<string, jsonata.Expression>();
const maxCached = 5000;

function checkBudget(budget: Budget | undefined): void {
  if (!budget) return;
  if (budget.depth > limits.maxDepth) throw { code: 'IO_DEPTH', message: `nested deeper than ${limits.maxDepth}` };
  if (Date.now() - budget.started > limits.timeoutMs) throw { code: 'IO_TIMEOUT', message: `ran longer than ${limits.timeoutMs} ms` };
}

/** Parses an expression (cached); throws `expression_invalid` with the position of the problem. */
export function compileExpression(source: string): jsonata.Expression {
  let expression = compiled.get(source);
  if (expression) return expression;
  try {
    expression = jsonata(source);
  } catch (error) {
    const { message, position } = error as { message?: string; position?: number };
    throw new ExpressionError(source, `${message ?? 'syntax error'}${position !== undefined ? ` at position ${position}` : ''}`, 'expression_invalid');
  }
  expression.assign(Symbol.for('jsonata.__evaluate_entry') as unknown as string, () => {
    const budget = currentBudget.getStore();
    if (budget) budget.depth++;
    checkBudget(budget);
  });
  expression.assign(Symbol.for('jsonata.__evaluate_exit') as unknown as string, () => {
    const budget = currentBudget.getStore();
    if (budget) budget.depth--;
    checkBudget(budget);
  });
  if (compiled.size >= maxCached) compiled.delete(compiled.keys().next().value!);
  compiled.set(source, expression);
  return expression;
}

/** Evaluates `source` against the scopes; `undefined` when the expression selects nothing. */
export async function evaluate(source: string, scopes: Scopes): Promise<unknown> {
  const expression = compileExpression(source);
  try {
    return await currentBudget.run({ started: Date.now(), depth: 0 }, () => expression.evaluate(scopes));
  } catch (error) {
    if (error instanceof ExpressionError) throw error;
    const { code, message } = error as { code?: string; message?: string };
    throw new ExpressionError(source, message ?? String(error), code === 'IO_TIMEOUT' ? 'expression_timeout' : 'expression_failed');
  }
}

/** A condition: true only for the boolean `true` (anything else, including nothing, is false). */
export async function evaluateCondition(source: string, scopes: Scopes): Promise<boolean> {
  return (await evaluate(source, scopes)) === true;
}

/**
 * The variable an expression reads when it is a plain path such as `flow.company` or
 * `result.email` (for type checks at validation); undefined for anything more complex.
 */
export function plainPath(source: string): string[] | undefined {
  const trimmed = source.trim();
  return /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(trimmed) ? trimmed.split('.') : undefined;
}
