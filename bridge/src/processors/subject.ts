import type { Execution, FlowContext } from '../engine/execution.js';

/**
 * The user a step acts for, as counter keys name them: `<issuer>|<userId>`, so a user of one realm
 * never counts against (or locks out) a same-named user of another; none before identification.
 */
export function userSubject(context: Readonly<Pick<FlowContext, 'issuer' | 'user'>>): string | undefined {
  return context.user?.id ? `${context.issuer}|${context.user.id}` : undefined;
}

/** The flow the step's node belongs to: a library flow while one runs, else the execution's flow. */
export function stepFlowId(execution: Readonly<Execution>): string {
  return execution.frames.at(-1)?.flowId ?? execution.flowId;
}
