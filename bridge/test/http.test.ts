import { expect } from 'chai';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startBridge, type RunningBridge } from '../src/server.js';
import { Browser, hiddenValue, silentLogger } from './support/browser.js';
import { LocalIssuer } from './support/local-issuer.js';
import { deleteKeys, redisReachable, testKeyPrefix, testRedisUrl } from './support/redis.js';

const audience = 'http://bridge.test';

for (const store of ['memory', 'redis'] as const) {
  describe(`bridge over HTTP (${store} session store)`, () => {
    let issuer: LocalIssuer;
    let bridge: RunningBridge;
    const prefix = testKeyPrefix();

    before(async function () {
      if (store === 'redis' && !(await redisReachable())) {
        console.warn(`    Redis not reachable at ${testRedisUrl}: skipping the Redis-backed HTTP tests`);
        this.skip();
      }
      issuer = await LocalIssuer.start();
      bridge = await startBridge(
        {
          trustedIssuers: [issuer.issuer],
          port: 0,
          publicUrl: audience,
          allowHttp: true,
          logLevel: 'silent',
          ...(store === 'redis' ? { redisUrl: testRedisUrl, redisKeyPrefix: prefix } : {}),
        },
        { logger: silentLogger },
      );
    });
    after(async () => {
      await bridge?.close();
      await issuer?.close();
      if (store === 'redis' && bridge) await deleteKeys(prefix);
    });

    async function startJourney(): Promise<{ browser: Browser; journey: string; csrf: string; returnUri: string }> {
      const browser = new Browser(bridge.url);
      const claims = issuer.claims(audience);
      const journey = await browser.handoff(await issuer.sign(claims));
      expect(journey).to.match(/^\/io\/j\/[\w-]{43}\/step$/);
      const step = await browser.get(journey);
      const html = await step.text();
      expect(step.status).to.equal(200);
      expect(step.headers.get('content-security-policy')).to.contain(`form-action 'self' ${new URL(issuer.issuer).origin}`);
      expect(step.headers.get('cache-control')).to.equal('no-store');
      expect(html).to.contain(`action="${journey}"`);
      return { browser, journey, csrf: hiddenValue(html, '_csrf')!, returnUri: claims['return_uri'] as string };
    }

    it('runs the demo flow from handoff to verifiable evidence', async () => {
      const { browser, journey, csrf, returnUri } = await startJourney();

      const badCsrf = await browser.post(journey, { _csrf: 'forged', company: 'Acme' });
      expect(badCsrf.status).to.equal(403);
      expect(await badCsrf.text()).to.contain('<code>csrf_invalid</code>');

      const invalid = await browser.post(journey, { _csrf: csrf, company: '', jobTitle: 'CTO' });
      const invalidHtml = await invalid.text();
      expect(invalid.status).to.equal(422);
      expect(invalidHtml).to.contain('role="alert"');
      expect(invalidHtml).to.contain('id="error-company"');
      expect(invalidHtml).to.contain('aria-describedby="error-company"');
      expect(invalidHtml).to.contain('This field is required.');
      expect(invalidHtml).to.contain('value="CTO"');

      const done = await browser.post(journey, { _csrf: csrf, company: 'Acme <Corp>', jobTitle: '' });
      const html = await done.text();
      expect(done.status).to.equal(200);
      expect(html).to.contain(`<form id="io-return" class="io-form" method="post" action="${returnUri.replaceAll('&', '&amp;').replaceAll('=', '&#x3D;')}"`);
      const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(done.headers.get('content-security-policy') ?? '')?.[1];
      expect(nonce, 'CSP nonce').to.be.a('string');
      expect(html).to.contain(`<script src="/io/static/default/autosubmit.js" nonce="${nonce}"></script>`);
      expect(html).not.to.match(/<script>/);
      // Keycloak redirects the evidence POST to the client, so form-action would block the login.
      expect(done.headers.get('content-security-policy')).to.contain("script-src 'self'").and.not.contain('form-action');
      expect(done.headers.get('cache-control')).to.equal('no-store');

      const evidence = hiddenValue(html, 'io_evidence')!;
      const jwks = createRemoteJWKSet(new URL(`${bridge.url}/.well-known/jwks.json`));
      const { payload, protectedHeader } = await jwtVerify(evidence, jwks, { issuer: audience, audience: issuer.issuer, typ: 'io-evidence+jwt' });
      expect(protectedHeader.alg).to.equal('ES256');
      expect(payload.exp! - payload.iat!).to.equal(120);
      expect(payload).to.deep.include({
        sub: 'user-123',
        azp: 'demo-app',
        tab_id: 'tab-abc',
        nonce: 'nonce-xyz',
        outcome: 'success',
        actions: [{ type: 'set_session_note', name: 'company', value: 'Acme <Corp>' }],
      });
      expect(payload['handoff_jti']).to.be.a('string');
      expect(payload['correlation_id']).to.be.a('string');
      expect(payload['evidence']).to.have.length(1);
      expect((payload['evidence'] as unknown[])[0]).to.deep.include({
        type: 'form_submitted',
        step: 'profile',
        payload: { fields: { company: 'Acme <Corp>' } },
      });

      const reload = await browser.get(journey);
      expect(hiddenValue(await reload.text(), 'io_evidence')).to.equal(evidence);
      const repost = await browser.post(journey, { _csrf: csrf, company: 'Other' });
      expect(hiddenValue(await repost.text(), 'io_evidence')).to.equal(evidence);
    });

    it('fails the journey instead of signing success evidence outside the handoff grants', async () => {
      const browser = new Browser(bridge.url);
      const journey = await browser.handoff(await issuer.sign(issuer.claims(audience, { grants: [{ type: 'set_session_note', names: ['department'] }] })));
      const csrf = hiddenValue(await (await browser.get(journey)).text(), '_csrf')!;
      const done = await browser.post(journey, { _csrf: csrf, company: 'Acme' });
      const evidence = hiddenValue(await done.text(), 'io_evidence')!;
      const { payload } = await jwtVerify(evidence, createRemoteJWKSet(new URL(`${bridge.url}/.well-known/jwks.json`)), {
        issuer: audience,
        audience: issuer.issuer,
      });
      expect(payload).to.deep.include({ outcome: 'failure', error: 'evidence_unauthorized_action', actions: [] });
    });

    it('shows the live screen with a notice for a stale step, and the same evidence for a repeated final submission', async () => {
      const { browser, journey, csrf } = await startJourney();
      const page = await (await browser.get(journey)).text();
      const stepId = hiddenValue(page, '_step')!;
      expect(hiddenValue(page, '_handler')).to.equal('submit');

      const unknown = await browser.post(journey, { _csrf: csrf, _step: 's99', _handler: 'submit', company: 'Acme' });
      const unknownHtml = await unknown.text();
      expect(unknown.status).to.equal(409);
      expect(unknownHtml).to.contain('class="io-notice"');
      expect(hiddenValue(unknownHtml, '_step')).to.equal(stepId);

      const done = await browser.post(journey, { _csrf: csrf, _step: stepId, _handler: 'submit', company: 'Acme' });
      const evidence = hiddenValue(await done.text(), 'io_evidence');
      expect(evidence).to.be.a('string');
      const again = await browser.post(journey, { _csrf: csrf, _step: stepId, _handler: 'submit', company: 'Acme' });
      expect(hiddenValue(await again.text(), 'io_evidence')).to.equal(evidence);
    });

    it('shows session_expired for an unknown journey', async () => {
      const response = await fetch(`${bridge.url}/io/j/unknown/step`);
      expect(response.status).to.equal(410);
      expect(await response.text()).to.contain('<code>session_expired</code>');
      const post = await fetch(`${bridge.url}/io/j/unknown/step`, {
        method: 'POST',
        body: new URLSearchParams({ _csrf: 'x' }),
        headers: { cookie: `io_browser=${'a'.repeat(43)}` },
      });
      expect(post.status).to.equal(410);
    });

    it('publishes only public keys', async () => {
      const response = await fetch(`${bridge.url}/.well-known/jwks.json`);
      const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
      expect(keys).to.have.length(1);
      expect(keys[0]).to.include({ kty: 'EC', alg: 'ES256', use: 'sig' });
      expect(keys[0]).not.to.have.property('d');
    });

    it('sends security headers and serves theme files', async () => {
      const health = await fetch(`${bridge.url}/healthz`);
      expect(await health.json()).to.deep.equal({ status: 'ok' });
      expect(health.headers.get('x-powered-by')).to.equal(null);
      expect(health.headers.get('referrer-policy')).to.equal('no-referrer');
      expect(health.headers.get('x-content-type-options')).to.equal('nosniff');
      const css = await fetch(`${bridge.url}/io/static/io.css`);
      expect(css.status).to.equal(200);
      expect(css.headers.get('content-type')).to.match(/^text\/css/);
      expect((await fetch(`${bridge.url}/io/static/autosubmit.js`)).status).to.equal(200);
    });

    it('answers unknown routes with an error page and no stack trace', async () => {
      const response = await fetch(`${bridge.url}/nope`);
      const html = await response.text();
      expect(response.status).to.equal(404);
      expect(html).to.contain('<code>not_found</code>');
      expect(html).not.to.match(/\bat .*:\d+:\d+|node_modules|Error:/);
    });
  });
}

describe('bridge over HTTPS public URL', () => {
  it('binds journeys to the browser with a __Host- cookie, Secure and SameSite=None (the handoff is a cross-site POST)', async () => {
    const issuer = await LocalIssuer.start();
    const bridge = await startBridge(
      // The issuer is a loopback stand-in (plain http); the public URL is https.
      { trustedIssuers: [issuer.issuer], port: 0, publicUrl: 'https://io.example.com', allowHttp: true, logLevel: 'silent' },
      { logger: silentLogger },
    );
    try {
      const token = await issuer.sign(issuer.claims('https://io.example.com'));
      const response = await fetch(`${bridge.url}/io/handoff`, { method: 'POST', body: new URLSearchParams({ token }), redirect: 'manual' });
      expect(response.status).to.equal(303);
      expect(response.headers.get('set-cookie')).to.match(/^__Host-io_browser=[\w-]{43}; Path=\/; HttpOnly; Secure; SameSite=None$/);
    } finally {
      await bridge.close();
      await issuer.close();
    }
  });
});
