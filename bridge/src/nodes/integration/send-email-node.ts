import { evaluate } from '../../engine/expressions.js';
import type { NodeType } from '../../engine/node-type.js';
import { expressionIssues, expressionScopes } from '../shared/expression-scopes.js';
import { failure, failureCode } from './failures.js';
import { escapeHtml, renderTemplate, templateIssues } from './text-template.js';

export interface SendEmailConfig {
  /** Expression for the recipient; the handoff user's email when absent. */
  to?: string;
  /** Templates with `{{ expression }}` placeholders; in `html` the inserted values are escaped. */
  subject: string;
  text: string;
  html?: string;
}

// One plain address: no display names, lists or header-breaking characters reach the mailer.
const singleAddress = /^[^\s@,;:<>()"\\]+@[^\s@,;:<>()"\\]+\.[^\s@,;:<>()"\\]+$/;

/** Sends an email (text, optionally HTML) through the bridge's mailer. */
export const sendEmailNode: NodeType<SendEmailConfig> = {
  type: 'send-email',
  kind: 'integration',
  description: 'Sends an email built from templates to the user (or an address from an expression).',
  interactive: false,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['subject', 'text'],
    properties: {
      to: { type: 'string', minLength: 1 },
      subject: { type: 'string', minLength: 1 },
      text: { type: 'string', minLength: 1 },
      html: { type: 'string', minLength: 1 },
    },
  },
  check: (config) => [
    ...expressionIssues('to', config.to),
    ...templateIssues('subject', config.subject),
    ...templateIssues('text', config.text),
    ...templateIssues('html', config.html),
  ],
  inputs: () => ({}),
  outputs: () => ({
    messageId: { type: 'string', description: "The mail server's message id" },
    error: { type: 'string', description: 'On failure: mail_invalid_recipient or mail_failed' },
  }),
  ports: () => ['sent', 'failure'],

  async init(ctx) {
    const config = ctx.node.config;
    const scopes = expressionScopes(ctx);
    const to = config.to === undefined ? ctx.context.user?.email : await evaluate(config.to, scopes);
    if (typeof to !== 'string' || !singleAddress.test(to)) return failure('mail_invalid_recipient');
    const message = {
      to,
      subject: (await renderTemplate(config.subject, scopes)).replace(/[\r\n]+/g, ' '),
      text: await renderTemplate(config.text, scopes),
      ...(config.html === undefined ? {} : { html: await renderTemplate(config.html, scopes, escapeHtml) }),
    };
    try {
      const { messageId } = await ctx.services.mail.send(message);
      return { kind: 'next', port: 'sent', outputs: { messageId } };
    } catch (error) {
      return failure(failureCode(error, 'mail_failed'));
    }
  },
};
