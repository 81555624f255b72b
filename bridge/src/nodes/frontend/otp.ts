import type { NodeContext, NodeResult, NodeType } from '../../engine/node-type.js';
import { evidenceOf } from '../shared/evidence.js';
import { waitOn, type UserMessage } from '../shared/screens.js';
import { codeLength, codeMatches, generateCode, hashCode, maskEmail } from './otp-code.js';

interface MailTemplate {
  /** `{code}` and `{minutes}` are filled in. */
  subject: string;
  text: string;
}

export interface OtpConfig {
  title?: string;
  intro?: string;
  /** Lifetime of a code. */
  ttlSeconds?: number;
  /** Wrong codes allowed for the step (across resends) before it leaves through `failed`. */
  maxAttempts?: number;
  /** Codes sent for the step at most (the first included). */
  maxSends?: number;
  /** Minimum time between two sends. */
  resendAfterSeconds?: number;
  /** The email, in English unless `locales` has the execution's locale. */
  mail?: MailTemplate & { locales?: Record<string, MailTemplate> };
}

/** What the step remembers between requests: never the code itself. */
export interface OtpState {
  /** The address the codes go to: the one the evidence names once a code is entered. */
  sentTo: string;
  hash: string;
  expiresAt: number;
  sentAt: number;
  sends: number;
  attempts: number;
}

const defaults = { ttlSeconds: 300, maxAttempts: 5, maxSends: 5, resendAfterSeconds: 30 };
const defaultMail: MailTemplate = {
  subject: 'Your verification code: {code}',
  text: 'Your verification code is {code}.\n\nIt is valid for {minutes} minutes. If you did not ask for it, ignore this email.',
};

const mailTemplateSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['subject', 'text'],
  properties: { subject: { type: 'string', minLength: 1, maxLength: 200 }, text: { type: 'string', minLength: 1, maxLength: 5000 } },
} as const;

/** Sends a one-time code by email and verifies it; raises the level of assurance. */
export const otpNode: NodeType<OtpConfig> = {
  type: 'otp',
  kind: 'frontend',
  description: 'Sends a 6-digit one-time code to an email address and asks the user to enter it.',
  interactive: true,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      title: { type: 'string', minLength: 1 },
      intro: { type: 'string', minLength: 1 },
      ttlSeconds: { type: 'integer', minimum: 60, maximum: 3600 },
      maxAttempts: { type: 'integer', minimum: 1, maximum: 20 },
      maxSends: { type: 'integer', minimum: 1, maximum: 20 },
      resendAfterSeconds: { type: 'integer', minimum: 30, maximum: 3600 },
      mail: {
        ...mailTemplateSchema,
        properties: {
          ...mailTemplateSchema.properties,
          locales: { type: 'object', propertyNames: { pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' }, additionalProperties: mailTemplateSchema },
        },
      },
    },
  },
  check(config) {
    const templates = config.mail
      ? [['mail', config.mail] as const, ...Object.entries(config.mail.locales ?? {}).map(([locale, mail]) => [`mail.locales.${locale}`, mail] as const)]
      : [];
    return templates
      .filter(([, mail]) => !mail.text.includes('{code}'))
      .map(([field]) => ({ field: `${field}.text`, message: 'must contain the {code} placeholder' }));
  },
  inputs: () => ({ email: { type: 'string', required: true, description: 'Address the code is sent to' } }),
  outputs: () => ({ email: { type: 'string', description: 'The verified address' } }),
  ports: () => ['verified', 'failed'],

  async init(ctx) {
    const email = recipientOf(ctx);
    if (!email) return { kind: 'fail', error: 'otp_email_missing', message: 'the otp node needs an email input' };
    const state = await sendCode(ctx, email, undefined);
    return otpScreen(ctx, state, { info: { message: 'otp.sent' } });
  },

  handlers: {
    async verify(ctx, submission): Promise<NodeResult> {
      const state = ctx.nodeState as OtpState;
      const settings = settingsOf(ctx);
      const code = (submission.values['code'] ?? '').replace(/\s+/gu, '');
      if (!new RegExp(`^\\d{${codeLength}}$`, 'u').test(code)) return otpScreen(ctx, state, { error: { message: 'otp.format', args: { length: codeLength } } });
      if (ctx.now > state.expiresAt) return otpScreen(ctx, state, { error: { message: 'otp.expired' } });
      if (codeMatches(saltOf(ctx), code, state.hash)) {
        // The contract's email proof: this exact address received the code (Keycloak compares it
        // with the email the user ends up with before it marks that email verified).
        return {
          kind: 'next',
          port: 'verified',
          outputs: { email: state.sentTo },
          raisesAssurance: true,
          evidence: [evidenceOf(ctx, 'email_code_verified', { email: state.sentTo })],
        };
      }
      const attempts = state.attempts + 1;
      // The last wrong code is a failed attempt too (the failed-attempts processor counts it).
      if (attempts >= settings.maxAttempts) return { kind: 'next', port: 'failed', rejected: true };
      return otpScreen(ctx, { ...state, attempts }, { error: { message: 'otp.wrong', args: { remaining: settings.maxAttempts - attempts } }, rejected: true });
    },

    async resend(ctx): Promise<NodeResult> {
      const state = ctx.nodeState as OtpState;
      const settings = settingsOf(ctx);
      const wait = Math.ceil((state.sentAt + settings.resendAfterSeconds * 1000 - ctx.now) / 1000);
      if (wait > 0) return otpScreen(ctx, state, { error: { message: 'otp.resendTooSoon', args: { seconds: wait } } });
      if (state.sends >= settings.maxSends) return otpScreen(ctx, state, { error: { message: 'otp.tooManySends' } });
      return otpScreen(ctx, await sendCode(ctx, state.sentTo, state), { info: { message: 'otp.resent' } });
    },
  },
};

const settingsOf = (ctx: NodeContext<OtpConfig>) => ({ ...defaults, ...ctx.node.config });
// Salting with the execution and step keeps a leaked hash from matching any other step's code.
const saltOf = (ctx: NodeContext<OtpConfig>) => `${ctx.executionId}:${ctx.stepId}`;

function recipientOf(ctx: NodeContext<OtpConfig>): string | undefined {
  const email = ctx.input['email'];
  return typeof email === 'string' && /^[^\s@]+@[^\s@]+$/u.test(email) ? email : undefined;
}

async function sendCode(ctx: NodeContext<OtpConfig>, to: string, previous: OtpState | undefined): Promise<OtpState> {
  const { ttlSeconds, mail } = settingsOf(ctx);
  const template = mail?.locales?.[ctx.locale] ?? mail ?? defaultMail;
  const code = generateCode(ctx.services.random);
  const fill = (text: string) => text.replaceAll('{code}', code).replaceAll('{minutes}', String(Math.round(ttlSeconds / 60)));
  await ctx.services.mail.send({ to, subject: fill(template.subject), text: fill(template.text) });
  return {
    sentTo: to,
    hash: hashCode(saltOf(ctx), code),
    expiresAt: ctx.now + ttlSeconds * 1000,
    sentAt: ctx.now,
    sends: (previous?.sends ?? 0) + 1,
    attempts: previous?.attempts ?? 0,
  };
}

function otpScreen(ctx: NodeContext<OtpConfig>, state: OtpState, feedback: { error?: UserMessage; info?: UserMessage; rejected?: boolean }): NodeResult {
  const { title = 'otp.title', intro = 'otp.intro' } = ctx.node.config;
  const model = { title, intro, recipient: maskEmail(state.sentTo), codeLength, error: feedback.error, info: feedback.info };
  return waitOn('otp', model, ['verify', 'resend'], { nodeState: state, ...(feedback.rejected ? { rejected: true } : {}) });
}
