import type { FlowProcessor } from '../engine/processor.js';
import { proceed, stop } from './decisions.js';
import { positiveIntegerOption, positiveIntegerOptionsSchema } from './options.js';

const defaults = { limit: 20, windowSeconds: 60 };

/** The submitted field that carries the CAPTCHA widget's response token. */
export const captchaResponseField = 'captcha-response';

/**
 * Counts the requests to a flow's steps per client IP in a fixed window. Over the limit, a request
 * passes only with a CAPTCHA response the configured verifier accepts; without a verifier it is
 * refused with `rate_limited`, with one it is refused with `captcha_required` so the screen can ask.
 * Requests without a known client IP share one budget (`unknown`) rather than going uncounted.
 */
export const rateLimit: FlowProcessor = {
  id: 'rate-limit',
  description: "Limits requests per client IP and flow (of the realm's issuer); over the limit a verified CAPTCHA is required.",
  essential: true,
  optionsSchema: positiveIntegerOptionsSchema({
    limit: { default: defaults.limit, description: 'Requests allowed per client IP and flow within the window.' },
    windowSeconds: { default: defaults.windowSeconds, description: 'Window counted from the first request.' },
  }),
  async before({ context, execution, phase, submission, services, options }) {
    if (phase !== 'handler') return proceed;
    const ip = context.clientIp ?? 'unknown';
    const windowSeconds = positiveIntegerOption(options, 'windowSeconds', defaults.windowSeconds);
    const requests = await services.counters.increment(`rate:${context.issuer}|${execution.flowId}:${ip}`, windowSeconds);
    if (requests <= positiveIntegerOption(options, 'limit', defaults.limit)) return proceed;

    const { captcha } = services;
    if (!captcha) return stop('rate_limited');
    const response = submission?.values[captchaResponseField];
    if (!response) return stop('captcha_required');
    try {
      return (await captcha.verify(response, context.clientIp)) ? { decision: 'continue', note: 'captcha_verified' } : stop('captcha_required');
    } catch {
      return stop('captcha_unavailable');
    }
  },
};
