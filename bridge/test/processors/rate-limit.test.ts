import { expect } from 'chai';
import type { HttpRequest, HttpResponse } from '../../src/engine/services.js';
import { captchaProviderProfiles, createStaticCaptchaVerifier, HttpCaptchaVerifier, rateLimit } from '../../src/processors/index.js';
import { type FakeServices, fakeServices, stepContext, type StepOptions } from './fakes.js';

const options = { limit: 2, windowSeconds: 60 };

function request(services: FakeServices, step: StepOptions = {}) {
  return rateLimit.before!(stepContext(services, { options, clientIp: '203.0.113.7', ...step }));
}

const withCaptcha = (response: string): StepOptions => ({ submission: { handler: 'submit', values: { 'cf-turnstile-response': response } } });

/** The challenge the processor answers with: the verifier's widget in the theme's `captcha` partial. */
const challenge = (message: string, note: string) => ({
  decision: 'challenge',
  note,
  challenge: {
    partial: 'captcha',
    model: { provider: 'turnstile', siteKey: 'test-site-key', scriptUrl: captchaProviderProfiles.turnstile.scriptUrl, responseField: 'cf-turnstile-response' },
    message,
    sources: { script: ['https://challenges.cloudflare.com'], frame: ['https://challenges.cloudflare.com'] },
    error: 'rate_limited',
  },
});

describe('processors: rate-limit', () => {
  it('allows `limit` requests per client IP and flow in the window, then stops with rate_limited', async () => {
    const services = fakeServices();
    expect(await request(services)).to.deep.equal({ decision: 'continue' });
    expect(await request(services)).to.deep.equal({ decision: 'continue' });
    expect(await request(services)).to.deep.equal({ decision: 'stop', error: 'rate_limited' });
    expect(await request(services, { clientIp: '203.0.113.8' })).to.deep.equal({ decision: 'continue' });
    expect(await request(services, { flowId: 'register' })).to.deep.equal({ decision: 'continue' });
    // The same flow id in another realm has a budget of its own.
    expect(await request(services, { issuer: 'https://kc.example/realms/other' })).to.deep.equal({ decision: 'continue' });
    expect(await services.counters.ttl('rate:https://kc.example/realms/demo|login:203.0.113.7')).to.equal(60);
  });

  it('opens again when the window is over', async () => {
    const services = fakeServices();
    for (let i = 0; i < 3; i++) await request(services);
    services.advance(59_000);
    expect(await request(services)).to.deep.include({ error: 'rate_limited' });
    services.advance(1_000);
    expect(await request(services)).to.deep.equal({ decision: 'continue' });
  });

  it('does not count the start of a step (init), only requests to its handlers', async () => {
    const services = fakeServices();
    for (let i = 0; i < 5; i++) expect(await request(services, { phase: 'init' })).to.deep.equal({ decision: 'continue' });
    expect(await services.counters.get('rate:https://kc.example/realms/demo|login:203.0.113.7')).to.equal(0);
  });

  it('counts requests without a known client IP under one shared budget', async () => {
    const services = fakeServices();
    const anonymous: StepOptions = { clientIp: undefined };
    await request(services, anonymous);
    await request(services, anonymous);
    expect(await request(services, anonymous)).to.deep.include({ error: 'rate_limited' });
  });

  it('with a CAPTCHA verifier, challenges over the limit and lets a verified response through', async () => {
    const services = fakeServices(createStaticCaptchaVerifier(['good-token']));
    await request(services);
    await request(services);
    expect(await request(services)).to.deep.equal(challenge('challenge.captcha', 'captcha_required'));
    expect(await request(services, withCaptcha('bad-token'))).to.deep.equal(challenge('challenge.captcha_failed', 'captcha_rejected'));
    expect(await request(services, withCaptcha('good-token'))).to.deep.equal({ decision: 'continue', note: 'captcha_verified' });
    // A verified response is good for its request only: the next one over the limit is challenged again.
    expect(await request(services)).to.deep.include({ decision: 'challenge', note: 'captcha_required' });
    // Each challenge is in the audit trail (the request never reaches the node nor the audit processor).
    expect(services.audited.map((event) => [event.type, event.details])).to.deep.equal([
      ['challenge', { processor: 'rate-limit', reason: 'captcha_required' }],
      ['challenge', { processor: 'rate-limit', reason: 'captcha_rejected' }],
      ['challenge', { processor: 'rate-limit', reason: 'captcha_required' }],
    ]);
  });

  it('never lets a request through when the verifier cannot answer: it challenges again', async () => {
    const services = fakeServices({ ...createStaticCaptchaVerifier([]), verify: () => Promise.reject(new Error('down')) });
    await request(services);
    await request(services);
    expect(await request(services, withCaptcha('any'))).to.deep.equal(challenge('challenge.captcha_unavailable', 'captcha_unavailable'));
  });
});

describe('HttpCaptchaVerifier', () => {
  function verifierAnswering(response: HttpResponse | Error) {
    const sent: HttpRequest[] = [];
    const http = {
      request: async (request: HttpRequest) => {
        sent.push(request);
        if (response instanceof Error) throw response;
        return response;
      },
    };
    return { sent, verifier: new HttpCaptchaVerifier(http, { provider: 'turnstile', secret: 's3cret', siteKey: 'site', timeoutMs: 1000 }) };
  }
  const json = (body: unknown, status = 200): HttpResponse => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('posts secret, response and remote IP to siteverify and reads `success`', async () => {
    const { sent, verifier } = verifierAnswering(json({ success: true }));
    expect(verifier.widget).to.deep.include({ provider: 'turnstile', siteKey: 'site', responseField: 'cf-turnstile-response' });
    expect(await verifier.verify('token', '203.0.113.7')).to.equal(true);
    expect(sent).to.have.length(1);
    expect(sent[0]).to.deep.include({ method: 'POST', url: captchaProviderProfiles.turnstile.verifyUrl, timeoutMs: 1000 });
    expect(sent[0]!.headers).to.deep.include({ 'content-type': 'application/x-www-form-urlencoded' });
    expect(Object.fromEntries(new URLSearchParams(sent[0]!.body))).to.deep.equal({ secret: 's3cret', response: 'token', remoteip: '203.0.113.7' });
  });

  it('refuses a response the provider does not confirm, and leaves out an unknown IP', async () => {
    const { sent, verifier } = verifierAnswering(json({ success: false, 'error-codes': ['invalid-input-response'] }));
    expect(await verifier.verify('token', undefined)).to.equal(false);
    expect(new URLSearchParams(sent[0]!.body).has('remoteip')).to.equal(false);
  });

  it('binds an hCaptcha response to the site key, and posts to another verify URL when one is configured', async () => {
    const sent: HttpRequest[] = [];
    const http = { request: async (request: HttpRequest) => (sent.push(request), json({ success: true })) };
    const verifier = new HttpCaptchaVerifier(http, {
      provider: 'hcaptcha',
      secret: 's3cret',
      siteKey: 'site',
      verifyUrl: 'https://captcha-proxy.example/siteverify',
    });
    expect(verifier.widget).to.deep.include({ provider: 'hcaptcha', scriptUrl: 'https://js.hcaptcha.com/1/api.js', responseField: 'h-captcha-response' });
    expect(await verifier.verify('token', undefined)).to.equal(true);
    expect(sent[0]!.url).to.equal('https://captcha-proxy.example/siteverify');
    expect(Object.fromEntries(new URLSearchParams(sent[0]!.body))).to.deep.equal({ secret: 's3cret', response: 'token', sitekey: 'site' });
  });

  it('throws captcha_unavailable when the provider fails or answers nonsense', async () => {
    for (const answer of [json({}, 500), { status: 200, headers: {}, body: '<html>' }]) {
      const { verifier } = verifierAnswering(answer);
      const error = await verifier.verify('token', undefined).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).to.have.property('code', 'captcha_unavailable');
    }
  });
});
