import { expect } from 'chai';
import { otpNode, type OtpConfig, type OtpState } from '../../src/nodes/frontend/otp.js';
import { expectKind, fakeServices, harness } from './support/node-harness.js';

const email = 'jane.doe@example.com';
const codeIn = (text: string) => /\b(\d{6})\b/.exec(text)?.[1] ?? '';

async function started(config: OtpConfig = {}) {
  const otp = harness(otpNode, config, { input: { email } });
  const result = expectKind(await otp.init(), 'wait');
  const code = codeIn(otp.services.sent.at(-1)!.text);
  return { otp, result, code, state: () => otp.ctx().nodeState as OtpState };
}

const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('otp node', () => {
  it('sends a 6-digit code by email and keeps only its hash', async () => {
    const { otp, result, code, state } = await started();
    expect(otp.services.sent).to.have.length(1);
    expect(otp.services.sent[0]).to.include({ to: email });
    expect(otp.services.sent[0]!.subject).to.contain(code);
    expect(code).to.match(/^\d{6}$/);
    expect(result.screen).to.deep.include({ partial: 'otp', handlers: ['verify', 'resend'] });
    expect(result.screen.model['recipient']).to.equal('j•••e@example.com');
    expect(JSON.stringify(result.nodeState)).not.to.contain(code);
    expect(state()).to.include({ attempts: 0, sends: 1 });
    expect(state().hash).to.be.a('string').with.length.above(20);
  });

  it('fails without an email input', async () => {
    expect(expectKind(await harness(otpNode, {}).init(), 'fail').error).to.equal('otp_email_missing');
  });

  it('verifies the right code, raising assurance with evidence', async () => {
    const { otp, code } = await started();
    const result = expectKind(await otp.submit('verify', { code: `${code.slice(0, 3)} ${code.slice(3)}` }), 'next');
    expect(result).to.deep.include({ port: 'verified', raisesAssurance: true, outputs: { email } });
    expect(result.evidence?.[0]).to.deep.include({ type: 'email_code_verified', payload: { email } });
  });

  it('names in its evidence the exact address the code was sent to (the email proof), not what the input says later', async () => {
    const input: Record<string, unknown> = { email };
    const otp = harness(otpNode, {}, { input });
    expectKind(await otp.init(), 'wait');
    const code = codeIn(otp.services.sent.at(-1)!.text);
    input['email'] = 'mallory@example.com';
    const result = expectKind(await otp.submit('verify', { code }), 'next');
    expect(result.outputs).to.deep.equal({ email });
    expect(result.evidence).to.deep.equal([{ type: 'email_code_verified', step: otp.ctx().node.id, at: result.evidence![0]!.at, payload: { email } }]);
  });

  it('rejects a wrong code, counting the attempt', async () => {
    const { otp, code, state } = await started();
    const result = expectKind(await otp.submit('verify', { code: wrongCode(code) }), 'wait');
    expect(result.rejected).to.equal(true);
    expect(result.screen.model['error']).to.deep.equal({ message: 'otp.wrong', args: { remaining: 4 } });
    expect(state().attempts).to.equal(1);
  });

  it('does not count a malformed code', async () => {
    const { otp, state } = await started();
    const result = expectKind(await otp.submit('verify', { code: '12ab' }), 'wait');
    expect(result.rejected).to.equal(undefined);
    expect(result.screen.model['error']).to.deep.equal({ message: 'otp.format', args: { length: 6 } });
    expect(state().attempts).to.equal(0);
  });

  it('leaves through failed after too many wrong codes, the last one a failed attempt too', async () => {
    const { otp, code } = await started({ maxAttempts: 3 });
    expectKind(await otp.submit('verify', { code: wrongCode(code) }), 'wait');
    expectKind(await otp.submit('verify', { code: wrongCode(code) }), 'wait');
    expect(expectKind(await otp.submit('verify', { code: wrongCode(code) }), 'next')).to.deep.include({ port: 'failed', rejected: true });
  });

  it('refuses an expired code and asks to resend', async () => {
    const { otp, code } = await started({ ttlSeconds: 60 });
    otp.services.setNow(otp.services.clock.now() + 61_000);
    const result = expectKind(await otp.submit('verify', { code }), 'wait');
    expect(result.screen.model['error']).to.deep.equal({ message: 'otp.expired' });
  });

  it('rate-limits resends and only the newest code works', async () => {
    const { otp, code: first } = await started();
    otp.services.setNow(otp.services.clock.now() + 10_000);
    const early = expectKind(await otp.submit('resend'), 'wait');
    expect(early.screen.model['error']).to.deep.equal({ message: 'otp.resendTooSoon', args: { seconds: 20 } });
    expect(otp.services.sent).to.have.length(1);

    otp.services.setNow(otp.services.clock.now() + 20_000);
    expect(expectKind(await otp.submit('resend'), 'wait').screen.model['info']).to.deep.equal({ message: 'otp.resent' });
    expect(otp.services.sent).to.have.length(2);
    const second = codeIn(otp.services.sent[1]!.text);
    if (first !== second) expect(expectKind(await otp.submit('verify', { code: first }), 'wait').rejected).to.equal(true);
    expect(expectKind(await otp.submit('verify', { code: second }), 'next').port).to.equal('verified');
  });

  it('stops sending after maxSends', async () => {
    const { otp } = await started({ maxSends: 2 });
    otp.services.setNow(otp.services.clock.now() + 30_000);
    await otp.submit('resend');
    otp.services.setNow(otp.services.clock.now() + 30_000);
    expect(expectKind(await otp.submit('resend'), 'wait').screen.model['error']).to.deep.equal({ message: 'otp.tooManySends' });
    expect(otp.services.sent).to.have.length(2);
  });

  it('uses the configured mail template for the locale', async () => {
    const services = fakeServices();
    const config: OtpConfig = {
      mail: { subject: 'Code', text: 'Use {code} within {minutes} min', locales: { en: { subject: 'EN code', text: 'EN {code}' } } },
    };
    await harness(otpNode, config, { input: { email }, services }).init();
    expect(services.sent[0]).to.include({ subject: 'EN code' });
    expect(otpNode.check!({ mail: { subject: 's', text: 'no placeholder' } })).to.deep.equal([
      { field: 'mail.text', message: 'must contain the {code} placeholder' },
    ]);
  });
});
