import { renewSessionNote, type FlowProcessor } from '../engine/processor.js';
import { proceed } from './decisions.js';
import { noOptionsSchema } from './options.js';

/**
 * The one place that decides session id renewal: after a step that raised the level of assurance
 * (a `next` result with `raisesAssurance`), it asks the engine, through its note, to have the
 * adapter issue a new session id (against session fixation). Remove it to turn renewal off.
 */
export const sessionRenewal: FlowProcessor = {
  id: 'session-renewal',
  description: 'Renews the session id after a step that raises the level of assurance.',
  essential: true,
  optionsSchema: noOptionsSchema,
  async after({ result }) {
    return result.kind === 'next' && result.raisesAssurance ? { decision: 'continue', note: renewSessionNote } : proceed;
  },
};
