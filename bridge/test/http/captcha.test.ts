/**
 * The CAPTCHA setting wires a verifier into the running bridge: over the rate-limit processor's
 * limit, a request is then challenged (the screen comes back with the provider's widget and the
 * user's values) instead of ending the journey. The provider's siteverify API is third-party HTTP:
 * a local stand-in answers for it (IO_CAPTCHA_VERIFY_URL).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { decodeJwt } from 'jose';
import type { BridgeConfigInput } from '../../src/config/bridge-config.js';
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

/** A stand-in for Turnstile's siteverify: accepts `good-token` with the configured secret, or fails when told to. */
class SiteverifyStandIn {
  readonly requests: Array<Record<string, string>> = [];
  down = false;
  private constructor(private readonly server: Server) {}

  static async start(): Promise<SiteverifyStandIn> {
    const standIn: SiteverifyStandIn = new SiteverifyStandIn(
      createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          const form = Object.fromEntries(new URLSearchParams(body));
          standIn.requests.push(form);
          if (standIn.down) return res.writeHead(502).end();
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ success: form['secret'] === 's3cret' && form['response'] === 'good-token' }));
        });
      }),
    );
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
    return standIn;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/siteverify`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('CAPTCHA setting (IO_CAPTCHA_PROVIDER, IO_CAPTCHA_SECRET, IO_CAPTCHA_SITE_KEY, IO_CAPTCHA_VERIFY_URL)', () => {
  let issuer: LocalIssuer;
  let siteverify: SiteverifyStandIn;
  const started: RunningBridge[] = [];

  before(async () => {
    issuer = await LocalIssuer.start();
    siteverify = await SiteverifyStandIn.start();
  });
  after(async () => {
    await Promise.all(started.map((bridge) => bridge.close()));
    await issuer.close();
    await siteverify.close();
  });

  /** A journey of `limited` whose first request (an empty name) used up the limit. */
  async function overTheLimit(captcha: Partial<BridgeConfigInput>) {
    const bridge = await startBridge(
      { trustedIssuers: [issuer.issuer], port: 0, publicUrl: audience, allowHttp: true, logLevel: 'silent', ...captcha },
      { logger: silentLogger, flows: [{ raw: limited, path: 'limited.json' }] },
    );
    started.push(bridge);
    const browser = new Browser(bridge.url);
    const journey = await browser.handoff(await issuer.sign(issuer.claims(audience, { sub: undefined, flow: 'limited', grants: [] })));
    const page = await browser.get(journey);
    expect(page.headers.get('content-security-policy'), 'no third-party origin before a challenge').not.to.contain('cloudflare');
    const csrf = hiddenValue(await page.text(), '_csrf')!;
    const first = await browser.post(journey, { _csrf: csrf, name: '' });
    expect(first.status, 'the first request is within the limit').to.equal(422);
    const post = (fields: Record<string, string>) => browser.post(journey, { _csrf: csrf, ...fields });
    return { post };
  }

  const errorOf = async (response: Response) => decodeJwt(hiddenValue(await response.text(), 'io_evidence')!);

  it('refuses requests over the limit without a CAPTCHA configured: the journey ends with rate_limited', async () => {
    const { post } = await overTheLimit({});
    const evidence = await errorOf(await post({ name: 'Pat' }));
    expect(evidence).to.deep.include({ outcome: 'failure', error: 'rate_limited' });
  });

  it('challenges requests over the limit once a CAPTCHA is configured, and goes on with a verified response', async () => {
    const { post } = await overTheLimit({
      captchaProvider: 'turnstile',
      captchaSecret: 's3cret',
      captchaSiteKey: 'site-key',
      captchaVerifyUrl: siteverify.url,
      httpAllowedNetworks: ['127.0.0.1/32'],
    });

    const challenged = await post({ name: 'Pat' });
    expect(challenged.status).to.equal(422);
    const html = await challenged.text();
    expect(html).to.contain('role="alert">We have received many requests from your network.');
    expect(html).to.contain('<div class="cf-turnstile" data-sitekey="site-key" data-language="en" data-response-field-name="cf-turnstile-response"></div>');
    expect(html).to.contain('src="https://challenges.cloudflare.com/turnstile/v0/api.js"');
    expect(html, 'the held-back value is shown again').to.contain('name="name" type="text" value="Pat"');
    const csp = challenged.headers.get('content-security-policy')!;
    expect(csp).to.match(/script-src 'self' 'nonce-[^']+' https:\/\/challenges\.cloudflare\.com;/);
    expect(csp).to.contain('frame-src https://challenges.cloudflare.com;');
    expect(csp, 'the rest of the policy stays').to.contain("form-action 'self'");
    expect(siteverify.requests, 'no response: nothing to verify').to.have.length(0);

    const rejected = await post({ name: 'Pat', 'cf-turnstile-response': 'forged-token' });
    expect(rejected.status).to.equal(422);
    expect(await rejected.text()).to.contain('The security check did not succeed.');

    siteverify.down = true;
    const unavailable = await post({ name: 'Pat', 'cf-turnstile-response': 'good-token' });
    siteverify.down = false;
    expect(unavailable.status, 'an outage lets nothing through, and keeps the journey').to.equal(422);
    expect(await unavailable.text()).to.contain('The security check cannot be confirmed right now.');

    const evidence = await errorOf(await post({ name: 'Pat', 'cf-turnstile-response': 'good-token' }));
    expect(evidence['outcome']).to.equal('success');
    expect(siteverify.requests.at(-1)).to.deep.equal({ secret: 's3cret', response: 'good-token', remoteip: '127.0.0.1' });
  });
});
