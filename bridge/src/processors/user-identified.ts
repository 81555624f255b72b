import type { FlowProcessor } from '../engine/processor.js';
import { noOptionsSchema } from './options.js';
import { proceed, stop } from './decisions.js';

/** Refuses every step of a journey that has no known user. */
export const userIdentified: FlowProcessor = {
  id: 'user-identified',
  description: 'Stops the flow with user_not_identified when the handoff names no user.',
  essential: true,
  optionsSchema: noOptionsSchema,
  async before({ context }) {
    return context.user?.id ? proceed : stop('user_not_identified');
  },
};
