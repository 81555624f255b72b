import { createHash } from 'node:crypto';
import type { Execution, FlowContext } from '../engine/execution.js';

/**
 * The user a step acts for, as counter keys name them: `<issuer>|<userId>`, so a user of one realm
 * never counts against (or locks out) a same-named user of another; none before identification.
 */
export function userSubject(context: Readonly<Pick<FlowContext, 'issuer' | 'user'>>): string | undefined {
  return context.user?.id ? `${context.issuer}|${context.user.id}` : undefined;
}

/**
 * Whom failed attempts count against: the user, or, before one is known, the account being tried,
 * named by the execution's flow variable `variable` (e.g. the email typed on a recovery screen):
 * `<issuer>|claimed:<hash of the lower-cased value>`, the same for every journey that names it,
 * so restarting buys no fresh attempts, and no address is kept in a counter key.
 */
export function attemptSubject(
  execution: Readonly<Pick<Execution, 'frames'>>,
  context: Readonly<Pick<FlowContext, 'issuer' | 'user'>>,
  variable: string | undefined,
): string | undefined {
  const user = userSubject(context);
  if (user || variable === undefined) return user;
  const claimed = execution.frames[0]?.variables[variable];
  if (typeof claimed !== 'string' || claimed.trim() === '') return undefined;
  return `${context.issuer}|claimed:${createHash('sha256').update(claimed.trim().toLowerCase()).digest('base64url')}`;
}

/** The flow the step's node belongs to: a library flow while one runs, else the execution's flow. */
export function stepFlowId(execution: Readonly<Execution>): string {
  return execution.frames.at(-1)?.flowId ?? execution.flowId;
}
