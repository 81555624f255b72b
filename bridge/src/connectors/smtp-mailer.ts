/** The Mailer port over SMTP (nodemailer), from an `smtp://` or `smtps://` URL. */
import nodemailer from 'nodemailer';
import type { Mailer, MailMessage } from '../engine/services.js';
import { ConfigError, IoError } from '../errors.js';

export class MailError extends IoError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('mail_failed', message, options);
  }
}

export interface SmtpMailerOptions {
  /** `smtp://user:password@host:587` (STARTTLS when offered) or `smtps://host:465`. */
  url: string;
  /** The sender address, e.g. `IO <no-reply@example.com>`. */
  from: string;
}

export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  if (!/^smtps?:\/\//i.test(options.url)) throw new ConfigError('smtpUrl', 'must be an smtp:// or smtps:// URL');
  if (!options.from) throw new ConfigError('mailFrom', 'is required to send email');
  // A step waits for the mail to be accepted, so a dead server must fail fast (nodemailer waits minutes by default).
  const transport = nodemailer.createTransport({ url: options.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });

  return {
    async send(message: MailMessage) {
      try {
        const info = await transport.sendMail({ from: options.from, ...message });
        return { messageId: info.messageId };
      } catch (error) {
        throw new MailError(`sending mail failed: ${(error as Error).message}`, { cause: error });
      }
    },
  };
}
