import type { Challenge, FlowProcessor, ProcessorContext, ProcessorDecision } from '../engine/processor.js';
import type { CaptchaVerifier } from '../engine/services.js';
import { proceed, stop } from './decisions.js';
import { positiveIntegerOption, positiveIntegerOptionsSchema } from './options.js';
import { stepFlowId } from './subject.js';

const defaults = { limit: 20, windowSeconds: 60 };

/**
 * Counts the requests to a flow's steps per client IP in a fixed window. Over the limit, without a
 * CAPTCHA configured the request is refused with `rate_limited` (the journey ends); with one it is
 * challenged: the screen comes back with the CAPTCHA widget and the user's values, and a request
 * passes once the verifier accepts its response. Requests without a known client IP share one
 * budget (`unknown`) rather than going uncounted.
 */
export const rateLimit: FlowProcessor = {
  id: 'rate-limit',
  description: "Limits requests per client IP and flow (of the realm's issuer); over the limit the user must solve a CAPTCHA when one is configured.",
  essential: true,
  optionsSchema: positiveIntegerOptionsSchema({
    limit: { default: defaults.limit, description: 'Requests allowed per client IP and flow within the window.' },
    windowSeconds: { default: defaults.windowSeconds, description: 'Window counted from the first request.' },
  }),
  async before(ctx) {
    const decision = await decide(ctx);
    // A challenged request never reaches the node (nor the audit processor's `after`): the trail says why it stopped.
    if (decision.decision === 'challenge') {
      const { execution, node, stepId, services, now } = ctx;
      services.audit.record({
        type: 'challenge',
        executionId: execution.id,
        flowId: stepFlowId(execution),
        stepId,
        nodeId: node.id,
        at: now,
        details: { processor: 'rate-limit', reason: decision.note },
      });
    }
    return decision;
  },
};

/** Within the limit, `continue`; over it, `rate_limited` or the CAPTCHA's challenge (or its pass). */
async function decide({ context, execution, phase, submission, services, options }: ProcessorContext): Promise<ProcessorDecision> {
  if (phase !== 'handler') return proceed;
  const ip = context.clientIp ?? 'unknown';
  const windowSeconds = positiveIntegerOption(options, 'windowSeconds', defaults.windowSeconds);
  const requests = await services.counters.increment(`rate:${context.issuer}|${execution.flowId}:${ip}`, windowSeconds);
  if (requests <= positiveIntegerOption(options, 'limit', defaults.limit)) return proceed;

  const { captcha } = services;
  if (!captcha) return stop('rate_limited');
  const response = submission?.values[captcha.widget.responseField];
  if (!response) return challenge(captcha, 'challenge.captcha', 'captcha_required');
  let verified: boolean;
  try {
    verified = await captcha.verify(response, context.clientIp);
  } catch {
    // Fail closed but keep the journey: the user can try again once the provider answers.
    return challenge(captcha, 'challenge.captcha_unavailable', 'captcha_unavailable');
  }
  return verified ? { decision: 'continue', note: 'captcha_verified' } : challenge(captcha, 'challenge.captcha_failed', 'captcha_rejected');
}

/** The CAPTCHA widget as a challenge; `note` says why for the trace. */
function challenge({ widget }: CaptchaVerifier, message: string, note: string): ProcessorDecision {
  const { provider, siteKey, scriptUrl, responseField, sources } = widget;
  const captcha: Challenge = { partial: 'captcha', model: { provider, siteKey, scriptUrl, responseField }, message, sources, error: 'rate_limited' };
  return { decision: 'challenge', challenge: captcha, note };
}
