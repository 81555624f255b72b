import type { FlowProcessor } from '../engine/processor.js';
import { proceed, stop } from './decisions.js';
import { isLockedOut } from './lockout.js';
import { noOptionsSchema } from './options.js';
import { userSubject } from './subject.js';

/** Refuses every step for a disabled or locked-out user; without a user there is nothing to check. */
export const userValid: FlowProcessor = {
  id: 'user-valid',
  description: 'Stops the flow with user_disabled or user_locked_out when the user may not sign in.',
  essential: true,
  optionsSchema: noOptionsSchema,
  async before({ context, services }) {
    const subject = userSubject(context);
    if (!subject) return proceed;
    if (context.user?.enabled === false) return stop('user_disabled');
    return (await isLockedOut(services.counters, subject)) ? stop('user_locked_out') : proceed;
  },
};
