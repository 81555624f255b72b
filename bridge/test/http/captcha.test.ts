/**
 * The CAPTCHA setting wires a verifier into the running bridge: over the rate-limit processor's
 * limit, a request is then asked for a CAPTCHA (`captcha_required`) instead of refused outright.
 */
import { expect } from 'chai';
import { decodeJwt } from 'jose';
import { startBridge, type RunningBridge } from '../../src/server.js';
import { Browser, hiddenValue, silentLogger } from '../support/browser.js';
import { LocalIssuer } from '../support/local-issuer.js';

const audience = 'http://bridge.test';

/** A public journey whose second request is over its rate limit. */
const limited = {
  schemaVersion: 1,
  id: 'limited',
  name: 'Limited',
  category: 'self-service',
  version: '1',
  settings: { processors: { set: 'registration', options: { 'rate-limit': { limit: 1, windowSeconds: 60 } } } },
  start: 'ask',
  nodes: [
    { id: 'ask', type: 'form', config: { title: 'Name', fields: [{ name: 'name', label: 'Name', type: 'text', required: true }] } },
    { id: 'done', type: 'end', config: { outcome: 'success' } },
  ],
  links: [{ from: 'ask', output: 'submitted', to: 'done' }],
};

describe('CAPTCHA setting (IO_CAPTCHA_PROVIDER, IO_CAPTCHA_SECRET, IO_CAPTCHA_SITE_KEY)', () => {
  let issuer: LocalIssuer;
  const started: RunningBridge[] = [];

  before(async () => {
    issuer = await LocalIssuer.start();
  });
  after(async () => {
    await Promise.all(started.map((bridge) => bridge.close()));
    await issuer.close();
  });

  /** The error the journey ends with at its second request. */
  async function overTheLimit(captcha: { captchaProvider?: 'turnstile'; captchaSecret?: string; captchaSiteKey?: string }): Promise<string | undefined> {
    const bridge = await startBridge(
      { trustedIssuers: [issuer.issuer], port: 0, publicUrl: audience, allowHttp: true, logLevel: 'silent', ...captcha },
      { logger: silentLogger, flows: [{ raw: limited, path: 'limited.json' }] },
    );
    started.push(bridge);
    const browser = new Browser(bridge.url);
    const journey = await browser.handoff(await issuer.sign(issuer.claims(audience, { sub: undefined, flow: 'limited', grants: [] })));
    const csrf = hiddenValue(await (await browser.get(journey)).text(), '_csrf')!;
    const first = await browser.post(journey, { _csrf: csrf, name: '' });
    expect(first.status, 'the first request is within the limit').to.equal(422);
    const second = await browser.post(journey, { _csrf: csrf, name: 'Pat' });
    // The journey fails: the completion page carries its failure back to Keycloak.
    const evidence = decodeJwt(hiddenValue(await second.text(), 'io_evidence')!);
    expect(evidence['outcome']).to.equal('failure');
    return evidence['error'] as string;
  }

  it('refuses requests over the limit without a CAPTCHA configured (rate_limited)', async () => {
    expect(await overTheLimit({})).to.equal('rate_limited');
  });

  it('asks for a CAPTCHA over the limit once one is configured (captcha_required)', async () => {
    expect(await overTheLimit({ captchaProvider: 'turnstile', captchaSecret: 's3cret', captchaSiteKey: 'site-key' })).to.equal('captcha_required');
  });
});
