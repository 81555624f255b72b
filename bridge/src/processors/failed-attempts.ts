import type { FlowProcessor } from '../engine/processor.js';
import { proceed, stop } from './decisions.js';
import { isLockedOut, lockOut } from './lockout.js';
import { positiveIntegerOption, positiveIntegerOptionsSchema } from './options.js';
import { attemptSubject, stepFlowId } from './subject.js';

const defaults = { threshold: 5, windowSeconds: 900, lockoutSeconds: 900 };

const failuresKey = (subject: string): string => `failures:${subject}`;
/** Remembers which node rejected the user, so only getting past that very node clears the count. */
const failedAtKey = (subject: string, flowId: string, nodeId: string): string => `failed-at:${subject}:${flowId}:${nodeId}`;

/**
 * Counts rejected attempts (a result with `rejected: true`: a wrong OTP that keeps the screen, or the
 * last one that leaves through a failure port) per user across executions, and locks the user out at
 * the threshold. The count is cleared when a handler of a node that rejected the user moves on; a
 * success elsewhere (say, a choice screen) does not clear it, or restarting a journey would buy an
 * attacker fresh attempts. Before a user is known it counts under the account the flow variable
 * `subjectVariable` names, if set (account recovery); otherwise it does nothing.
 */
export const failedAttempts: FlowProcessor = {
  id: 'failed-attempts',
  description: 'Counts failed attempts per user and locks the user out at the threshold (user_locked_out).',
  essential: true,
  optionsSchema: withSubjectVariable(
    positiveIntegerOptionsSchema({
      threshold: { default: defaults.threshold, description: 'Failed attempts within the window that lock the user out.' },
      windowSeconds: { default: defaults.windowSeconds, description: 'Window counted from the first failed attempt.' },
      lockoutSeconds: { default: defaults.lockoutSeconds, description: 'How long a lockout lasts.' },
    }),
  ),

  async before({ context, execution, services, options }) {
    const subject = attemptSubject(execution, context, subjectVariableOf(options));
    return subject && (await isLockedOut(services.counters, subject)) ? stop('user_locked_out') : proceed;
  },

  async after({ context, execution, node, phase, result, services, options, now }) {
    const subject = attemptSubject(execution, context, subjectVariableOf(options));
    if (!subject || phase !== 'handler') return proceed;
    const { counters } = services;
    const failedAt = failedAtKey(subject, stepFlowId(execution), node.id);

    if ((result.kind === 'wait' || result.kind === 'next') && result.rejected) {
      const windowSeconds = positiveIntegerOption(options, 'windowSeconds', defaults.windowSeconds);
      const failures = await counters.increment(failuresKey(subject), windowSeconds);
      await counters.put(failedAt, '1', windowSeconds);
      if (failures < positiveIntegerOption(options, 'threshold', defaults.threshold)) return proceed;
      await lockOut(counters, subject, now, positiveIntegerOption(options, 'lockoutSeconds', defaults.lockoutSeconds));
      await counters.reset(failuresKey(subject));
      return stop('user_locked_out');
    }

    if (result.kind === 'next' && (await counters.read(failedAt)) !== undefined) {
      await counters.reset(failuresKey(subject));
      await counters.reset(failedAt);
    }
    return proceed;
  },
};

const subjectVariableOf = (options: Record<string, unknown>): string | undefined =>
  typeof options['subjectVariable'] === 'string' ? options['subjectVariable'] : undefined;

/** The integer options plus `subjectVariable`, the flow variable that names the account before a user is known. */
function withSubjectVariable(schema: object): object {
  const base = schema as { properties: Record<string, object> };
  return {
    ...base,
    properties: {
      ...base.properties,
      subjectVariable: {
        type: 'string',
        pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$',
        description:
          'Before a user is known: the flow variable naming the account being tried (e.g. the email a recovery screen asked for); failures and the lockout count against it.',
      },
    },
  };
}
