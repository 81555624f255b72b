/**
 * A real local SMTP server for the end-to-end suite (the `smtp-server` package; `mailparser` reads
 * what arrives). The bridge sends its mails here (`smtpUrl`), exactly as it would to a company's
 * mail server; tests wait for the next mail to an address and read the code in it. Each test uses
 * addresses of its own, so mails never cross between tests.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Mail {
  from: string;
  /** The envelope's recipients, lower-cased. */
  to: string[];
  subject: string;
  text: string;
}

interface Waiter {
  resolve: (mail: Mail) => void;
}

export class Mailbox {
  /** Unread mails per recipient, oldest first. */
  private readonly unread = new Map<string, Mail[]>();
  private readonly waiters = new Map<string, Waiter[]>();

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  /** Listens on 127.0.0.1:`port` (plain SMTP, any sender, no authentication). */
  static async start(port: number): Promise<Mailbox> {
    let mailbox: Mailbox | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            mailbox!.deliver({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    mailbox = new Mailbox(server, (server.server.address() as AddressInfo).port);
    return mailbox;
  }

  /** The `smtp://` URL senders use. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The oldest unread mail to `to` (case-insensitive), waiting for one up to `timeout` ms. */
  nextMail(to: string, { timeout = 15_000 }: { timeout?: number } = {}): Promise<Mail> {
    const address = to.toLowerCase();
    const queued = this.unread.get(address)?.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (mail) => {
          clearTimeout(timer);
          resolve(mail);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.set(
          address,
          (this.waiters.get(address) ?? []).filter((candidate) => candidate !== waiter),
        );
        reject(new Error(`no mail to ${to} within ${timeout} ms`));
      }, timeout);
      this.waiters.set(address, [...(this.waiters.get(address) ?? []), waiter]);
    });
  }

  /** Resolves when `within` ms passed without a mail to `to`; rejects with the mail that came. */
  async expectNoMail(to: string, within: number): Promise<void> {
    const mail = await this.nextMail(to, { timeout: within }).catch(() => undefined);
    if (mail) throw new Error(`expected no mail to ${to}, got "${mail.subject}"`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private deliver(mail: Mail): void {
    for (const address of mail.to) {
      const waiter = this.waiters.get(address)?.shift();
      if (waiter) waiter.resolve(mail);
      else this.unread.set(address, [...(this.unread.get(address) ?? []), mail]);
    }
  }
}

/** The one-time code in a mail: the only run of `length` digits in its text. */
export function codeFrom(mail: Mail, length = 6): string {
  const codes = mail.text.match(new RegExp(`\\b\\d{${length}}\\b`, 'g')) ?? [];
  if (codes.length !== 1) throw new Error(`expected one ${length}-digit code in the mail "${mail.subject}", found ${codes.length}: ${mail.text}`);
  return codes[0]!;
}
