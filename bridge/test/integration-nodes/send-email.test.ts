import { expect } from 'chai';
import { IoError } from '../../src/errors.js';
import { sendEmailNode, type SendEmailConfig } from '../../src/nodes/integration/send-email-node.js';
import { baseContext, expectKind, fakeServices, harness } from '../nodes/support/node-harness.js';

const welcome: SendEmailConfig = {
  subject: 'Welcome to {{ flow.company }}',
  text: 'Hello {{ context.user.username }},\nyour seats: {{ input.seats }}.',
  html: '<p>Hello <b>{{ flow.company }}</b>{{ flow.missing }}</p>',
};

describe('send-email node', () => {
  it("sends the rendered templates to the handoff user's email and outputs the message id", async () => {
    const run = harness(sendEmailNode, welcome, { flow: { company: 'Acme' }, input: { seats: 3 } });
    const next = expectKind(await run.init(), 'next');
    expect(next).to.deep.equal({ kind: 'next', port: 'sent', outputs: { messageId: 'm1' } });
    expect(run.services.sent).to.deep.equal([
      { to: 'jane.doe@example.com', subject: 'Welcome to Acme', text: 'Hello jane,\nyour seats: 3.', html: '<p>Hello <b>Acme</b></p>' },
    ]);
  });

  it('escapes the values inserted into HTML (not the template) and keeps subjects on one line', async () => {
    const run = harness(sendEmailNode, welcome, { flow: { company: '<script>alert("x")</script>\r\nBcc: all@example.com' } });
    await run.init();
    const [mail] = run.services.sent;
    expect(mail!.html).to.equal('<p>Hello <b>&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;\r\nBcc: all@example.com</b></p>');
    expect(mail!.subject).to.equal('Welcome to <script>alert("x")</script> Bcc: all@example.com');
  });

  it('sends to the address from the `to` expression', async () => {
    const run = harness(sendEmailNode, { ...welcome, to: 'input.email', html: undefined }, { input: { email: 'ops@example.com' } });
    await run.init();
    expect(run.services.sent[0]).to.include({ to: 'ops@example.com' }).and.not.have.property('html');
  });

  it('fails with mail_invalid_recipient for a missing, malformed or multiple address', async () => {
    const { user: _user, ...anonymous } = baseContext;
    for (const [config, context] of [
      [welcome, anonymous],
      [{ ...welcome, to: '"not-an-address"' }, baseContext],
      [{ ...welcome, to: '"a@example.com, b@example.com"' }, baseContext],
      [{ ...welcome, to: '"a@example.com\\r\\nBcc: b@example.com"' }, baseContext],
    ] as const) {
      const run = harness(sendEmailNode, config, { context });
      expect(expectKind(await run.init(), 'next')).to.deep.equal({ kind: 'next', port: 'failure', outputs: { error: 'mail_invalid_recipient' } });
      expect(run.services.sent).to.deep.equal([]);
    }
  });

  it("fails with the mailer's error code", async () => {
    const services = { ...fakeServices(), mail: { send: () => Promise.reject(new IoError('mail_failed', 'connection refused')) } };
    const run = harness(sendEmailNode, welcome, { services });
    expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ error: 'mail_failed' });
  });

  it('checks the templates and the recipient expression', () => {
    expect(sendEmailNode.check!(welcome)).to.deep.equal([]);
    const issues = sendEmailNode.check!({ to: 'input.(', subject: 'Hi {{ flow.( }}', text: 'unclosed {{ flow.x' });
    expect(issues.map((issue) => issue.field)).to.deep.equal(['to', 'subject', 'text']);
  });
});
