import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createSmtpMailer } from '../../src/connectors/smtp-mailer.js';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

describe('SMTP mailer adapter (real in-process SMTP server)', () => {
  let server: SMTPServer;
  let port: number;
  const received: Received[] = [];

  before(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('delivers recipient, subject, text and HTML through SMTP', async () => {
    const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${port}`, from: 'IO <no-reply@io.example>' });
    const { messageId } = await mailer.send({
      to: 'jane@example.com',
      subject: 'Welcome to Acme',
      text: 'Hello Jane, your code is 123456.',
      html: '<p>Hello <b>Jane</b></p>',
    });
    expect(messageId).to.match(/^<.+@.+>$/);
    const [mail] = received;
    expect(mail).to.include({ from: 'no-reply@io.example' });
    expect(mail!.to).to.deep.equal(['jane@example.com']);
    expect(mail!.raw).to.match(/^Subject: Welcome to Acme\r?$/m);
    expect(mail!.raw).to.match(/^To: jane@example\.com\r?$/m);
    expect(mail!.raw).to.include('Hello Jane, your code is 123456.');
    expect(mail!.raw).to.include('<p>Hello <b>Jane</b></p>');
    expect(mail!.raw).to.include(`Message-ID: ${messageId}`);
  });

  it('fails with mail_failed when the server cannot be reached', async () => {
    const closed = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false });
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    let error: unknown;
    await createSmtpMailer({ url: `smtp://127.0.0.1:${deadPort}`, from: 'no-reply@io.example' })
      .send({ to: 'jane@example.com', subject: 's', text: 't' })
      .catch((caught) => (error = caught));
    expect(error).to.have.property('code', 'mail_failed');
  });

  it('refuses a URL that is not smtp(s) and a missing sender', () => {
    expect(() => createSmtpMailer({ url: 'http://mail.example', from: 'a@b.example' })).to.throw(/smtpUrl/);
    expect(() => createSmtpMailer({ url: 'smtp://mail.example', from: '' })).to.throw(/mailFrom/);
  });
});
