/**
 * Expressions (conditions, mappings, transforms) in JSONata: a sandboxed language with no access
 * to the host (no eval, no require, no I/O). An expression whose shape bounds its cost (paths,
 * literals, operators: expression-shape.ts) is evaluated on the event loop; every other one runs
 * in an expression worker under a hard time and memory limit (expression-pool.ts), so no
 * expression, however hostile, stalls the bridge. Regex literals run on RE2 (linear-regex.ts).
 */
import jsonata from 'jsonata';
import { IoError } from '../errors.js';
import type { ExpressionFailure } from './budgeted-expression.js';
import { ExpressionPool } from './expression-pool.js';
import { isBoundedShape, regexLiterals } from './expression-shape.js';
import { compileLinear, LinearRegExp } from './linear-regex.js';

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

export type ExpressionErrorCode = 'expression_invalid' | ExpressionFailure['code'];

export class ExpressionError extends IoError {
  constructor(
    readonly expression: string,
    message: string,
    code: ExpressionErrorCode = 'expression_failed',
  ) {
    super(code, `${message} in expression "${expression}"`);
  }
}

interface Compiled {
  expression: jsonata.Expression;
  /** Evaluated on the event loop (cost bounded by its shape), not in a worker. */
  inline: boolean;
}

const compiled = new Map<string, Compiled>();
const maxCached = 5000;
const pool = new ExpressionPool();

/** Starts the expression workers ahead of the first journey that needs one. */
export function startExpressionWorkers(): Promise<void> {
  return pool.ready();
}

/** Parses an expression (cached); throws `expression_invalid` with the position of the problem. */
export function compileExpression(source: string): jsonata.Expression {
  return compile(source).expression;
}

function compile(source: string): Compiled {
  let entry = compiled.get(source);
  if (entry) return entry;
  let expression: jsonata.Expression;
  try {
    expression = jsonata(source, { RegexEngine: LinearRegExp as unknown as RegExpConstructor });
  } catch (error) {
    const { message, position } = error as { message?: string; position?: number };
    throw new ExpressionError(source, `${message ?? 'syntax error'}${position !== undefined ? ` at position ${position}` : ''}`, 'expression_invalid');
  }
  for (const literal of regexLiterals(expression.ast())) {
    try {
      compileLinear(literal.source, { ignoreCase: literal.ignoreCase, multiline: literal.multiline });
    } catch (error) {
      throw new ExpressionError(
        source,
        `regex /${literal.source}/ needs backtracking, which the linear-time engine (RE2) refuses: ${(error as Error).message}`,
        'expression_invalid',
      );
    }
  }
  entry = { expression, inline: isBoundedShape(expression.ast()) };
  if (compiled.size >= maxCached) compiled.delete(compiled.keys().next().value!);
  compiled.set(source, entry);
  return entry;
}

/** Evaluates `source` against the scopes; `undefined` when the expression selects nothing. */
export async function evaluate(source: string, scopes: Scopes): Promise<unknown> {
  const { expression, inline } = compile(source);
  try {
    if (inline) return await expression.evaluate(scopes);
    return await pool.evaluate(source, scopes);
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    throw new ExpressionError(source, message ?? String(error), code?.startsWith('expression_') ? (code as ExpressionErrorCode) : 'expression_failed');
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
