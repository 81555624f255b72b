import type { FlowProcessor } from '../engine/processor.js';
import type { CounterStore } from '../engine/services.js';
import { proceed } from './decisions.js';
import { positiveIntegerOption, positiveIntegerOptionsSchema } from './options.js';
import { userSubject } from './subject.js';

const defaultTtlSeconds = 30 * 24 * 3600;

const latestAttemptKey = (subject: string, flowId: string): string => `latest-attempt:${subject}:${flowId}`;

/** Records when the user last answered a step of a flow (any handler call, successful or not). */
export const latestAttempt: FlowProcessor = {
  id: 'latest-attempt',
  description: "Records the time of the user's latest request to a step of the flow.",
  essential: false,
  optionsSchema: positiveIntegerOptionsSchema({
    ttlSeconds: { default: defaultTtlSeconds, description: 'How long the timestamp is kept.' },
  }),
  async after({ context, execution, phase, services, options, now }) {
    const subject = userSubject(context);
    if (subject && phase === 'handler') {
      const ttlSeconds = positiveIntegerOption(options, 'ttlSeconds', defaultTtlSeconds);
      await services.counters.put(latestAttemptKey(subject, execution.flowId), new Date(now).toISOString(), ttlSeconds);
    }
    return proceed;
  },
};

/** When `userId` of the realm of `issuer` last answered a step of `flowId` (the execution's top-level flow). */
export async function readLatestAttempt(counters: CounterStore, issuer: string, userId: string, flowId: string): Promise<Date | undefined> {
  const value = await counters.read(latestAttemptKey(userSubject({ issuer, user: { id: userId } })!, flowId));
  return value === undefined ? undefined : new Date(value);
}
