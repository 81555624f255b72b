import { compileExpression, type Scopes } from '../../engine/expressions.js';
import type { ConfigIssue, NodeContext } from '../../engine/node-type.js';

/** What a node's own config expressions see: the handoff context, flow and session variables, the node's inputs. */
export function expressionScopes(ctx: NodeContext<unknown>): Scopes {
  return {
    context: ctx.context,
    flow: { ...ctx.variables?.flow },
    session: { ...ctx.variables?.session },
    input: { ...ctx.input },
  };
}

/** A config issue when `source` is not a valid expression, for `check()`. */
export function expressionIssues(field: string, source: string | undefined): ConfigIssue[] {
  if (source === undefined) return [];
  try {
    compileExpression(source);
    return [];
  } catch (error) {
    return [{ field, message: (error as Error).message }];
  }
}
