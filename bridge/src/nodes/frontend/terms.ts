import type { NodeContext, NodeType } from '../../engine/node-type.js';
import { evidenceOf } from '../shared/evidence.js';
import { isChecked, waitOn, type UserMessage } from '../shared/screens.js';

export interface TermsConfig {
  /** Version of the text the user accepts; recorded in the evidence. */
  version: string;
  title: string;
  /** The text itself (message key or literal), or a link to it. */
  body?: string;
  url?: string;
  checkboxLabel?: string;
  acceptLabel?: string;
  declineLabel?: string;
}

/** Acceptance of a versioned text (terms of service, policies). */
export const termsNode: NodeType<TermsConfig> = {
  type: 'terms',
  kind: 'frontend',
  description: 'Asks the user to accept a versioned text; records the accepted version.',
  interactive: true,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['version', 'title'],
    oneOf: [{ required: ['body'] }, { required: ['url'] }],
    properties: {
      version: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}$' },
      title: { type: 'string', minLength: 1 },
      body: { type: 'string', minLength: 1 },
      url: { type: 'string', pattern: '^https://[^\\s]+$', maxLength: 2048 },
      checkboxLabel: { type: 'string', minLength: 1 },
      acceptLabel: { type: 'string', minLength: 1 },
      declineLabel: { type: 'string', minLength: 1 },
    },
  },
  inputs: () => ({ version: { type: 'string', description: 'Version of the text to accept, instead of config.version (e.g. from an obligation)' } }),
  outputs: () => ({ acceptedVersion: { type: 'string' }, acceptedAt: { type: 'string', description: 'ISO 8601 time of acceptance' } }),
  ports: () => ['accepted', 'declined'],

  async init(ctx) {
    const version = versionOf(ctx);
    if (!wellFormed(version))
      return {
        kind: 'fail',
        error: 'terms_version_invalid',
        message: `terms ${ctx.node.id}: version input ${JSON.stringify(version).slice(0, 80)} is not 1-64 characters of [A-Za-z0-9._-]`,
      };
    return termsScreen(ctx);
  },

  handlers: {
    async accept(ctx, submission) {
      if (!isChecked(submission.values['accept'])) return termsScreen(ctx, { message: 'terms.mustAccept' });
      const version = versionOf(ctx);
      return {
        kind: 'next',
        port: 'accepted',
        outputs: { acceptedVersion: version, acceptedAt: new Date(ctx.now).toISOString() },
        evidence: [evidenceOf(ctx, 'terms_accepted', { version })],
      };
    },
    decline: async () => ({ kind: 'next', port: 'declined' }),
  },
};

/** The version to accept: the `version` input when it is given, else the configured one. */
function versionOf(ctx: NodeContext<TermsConfig>): string {
  const given = ctx.input['version'];
  return given === undefined || given === null ? ctx.node.config.version : String(given);
}

const wellFormed = (version: string) => /^[A-Za-z0-9._-]{1,64}$/.test(version);

function termsScreen(ctx: NodeContext<TermsConfig>, error?: UserMessage) {
  const version = versionOf(ctx);
  const { title, body, url, checkboxLabel = 'terms.checkbox', acceptLabel = 'terms.accept', declineLabel = 'terms.decline' } = ctx.node.config;
  return waitOn('terms', { version, title, body, url, checkboxLabel, acceptLabel, declineLabel, error }, ['accept', 'decline']);
}
