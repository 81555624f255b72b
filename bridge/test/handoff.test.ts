import { expect } from 'chai';
import { base64url, generateKeyPair, SignJWT } from 'jose';
import { startBridge, type RunningBridge } from '../src/server.js';
import { LocalIssuer } from './support/local-issuer.js';
import { silentLogger } from './support/browser.js';

const audience = 'http://bridge.test';

describe('handoff verification (POST /io/handoff)', () => {
  let issuer: LocalIssuer;
  let bridge: RunningBridge;

  before(async () => {
    issuer = await LocalIssuer.start();
    bridge = await startBridge(
      // The second issuer is trusted but nothing listens there: its keys cannot be fetched.
      { trustedIssuers: [issuer.issuer, 'http://127.0.0.1:9/realms/down'], port: 0, publicUrl: audience, allowHttp: true, logLevel: 'silent' },
      { logger: silentLogger },
    );
  });
  after(async () => {
    await bridge.close();
    await issuer.close();
  });

  const handoff = (token: string | undefined) =>
    fetch(`${bridge.url}/io/handoff`, { method: 'POST', redirect: 'manual', body: new URLSearchParams(token === undefined ? {} : { token }) });

  it('accepts a valid token: session, browser cookie, 303 to the journey', async () => {
    const before = await bridge.store.count();
    const response = await handoff(await issuer.sign(issuer.claims(audience)));
    expect(response.status).to.equal(303);
    expect(response.headers.get('location')).to.match(/^\/io\/j\/[\w-]{43}\/step$/);
    expect(response.headers.get('set-cookie')).to.match(/^io_browser=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await bridge.store.count()).to.equal(before + 1);
  });

  it('refuses GET /io/handoff: the token never travels in a URL (405, nothing opened)', async () => {
    const before = await bridge.store.count();
    const token = await issuer.sign(issuer.claims(audience));
    const response = await fetch(`${bridge.url}/io/handoff?token=${token}`, { redirect: 'manual' });
    const html = await response.text();
    expect(response.status).to.equal(405);
    expect(html).to.contain('<code>method_not_allowed</code>');
    expect(response.headers.get('set-cookie')).to.equal(null);
    expect(await bridge.store.count()).to.equal(before);
    // The token was not spent: Keycloak's POST of it still works.
    expect((await handoff(token)).status).to.equal(303);
  });

  async function expectRefused(token: string | undefined, code: string, status: number): Promise<void> {
    const before = await bridge.store.count();
    const response = await handoff(token);
    const html = await response.text();
    expect(response.status, html).to.equal(status);
    expect(html).to.contain(`<code>${code}</code>`);
    expect(html).not.to.match(/\bat .*\(.*:\d+:\d+\)|Error:|node_modules/);
    expect(response.headers.get('set-cookie')).to.equal(null);
    expect(await bridge.store.count()).to.equal(before);
  }

  const now = () => Math.floor(Date.now() / 1000);

  it('refuses a missing token', () => expectRefused(undefined, 'handoff_missing', 400));
  it('refuses a malformed token', () => expectRefused('not-a-jwt', 'handoff_malformed', 400));
  it('refuses a token with garbage segments', () => expectRefused('a.b.c', 'handoff_malformed', 400));

  it('refuses a tampered payload', async () => {
    const [header, , signature] = (await issuer.sign(issuer.claims(audience))).split('.');
    const forged = base64url.encode(JSON.stringify(issuer.claims(audience, { sub: 'admin' })));
    await expectRefused(`${header}.${forged}.${signature}`, 'handoff_invalid_signature', 401);
  });

  it('refuses a token signed with another key under the same kid', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    await expectRefused(await issuer.sign(issuer.claims(audience), {}, privateKey), 'handoff_invalid_signature', 401);
  });

  it('refuses a token naming an unknown kid', async () => {
    await expectRefused(await issuer.sign(issuer.claims(audience), { kid: 'unknown' }), 'handoff_invalid_signature', 401);
  });

  it('refuses an expired token', async () => {
    await expectRefused(await issuer.sign(issuer.claims(audience, { iat: now() - 400, exp: now() - 100 })), 'handoff_expired', 401);
  });

  it('refuses an iat in the future (beyond the clock tolerance)', async () => {
    await expectRefused(await issuer.sign(issuer.claims(audience, { iat: now() + 60, exp: now() + 120 })), 'handoff_invalid_claims', 401);
  });

  it('refuses a token without iat', async () => {
    await expectRefused(await issuer.sign(issuer.claims(audience, { iat: undefined })), 'handoff_invalid_claims', 401);
  });

  it('refuses a token not valid yet (nbf in the future)', async () => {
    await expectRefused(await issuer.sign(issuer.claims(audience, { nbf: now() + 60 })), 'handoff_invalid_claims', 401);
  });

  it("refuses a realm claim that is not the issuer's realm", async () => {
    await expectRefused(await issuer.sign(issuer.claims(audience, { realm: 'master' })), 'handoff_invalid_claims', 401);
  });

  for (const [label, grants] of Object.entries({
    'not an array': { type: 'set_session_note', names: ['company'] },
    'of an unknown action type': [{ type: 'delete_user' }],
    'missing a required field': [{ type: 'set_user_attributes' }],
    'with a field of another type': [{ type: 'mark_email_verified', names: ['x'] }],
  })) {
    it(`refuses grants ${label}`, async () => {
      await expectRefused(await issuer.sign(issuer.claims(audience, { grants })), 'handoff_invalid_claims', 401);
    });
  }

  // Protocol 1.3: the shape of flow_versions is the contract's, checked before any flow is fetched.
  for (const [label, overrides] of Object.entries({
    'flow_versions whose entry 0 is not the flow': { flow: 'demo-profile', flow_versions: [{ id: 'other', version: 1, digest: `sha-256:${'0'.repeat(64)}` }] },
    'flow_versions with a bad digest': { flow: 'demo-profile', flow_versions: [{ id: 'demo-profile', version: 1, digest: 'sha-256:xyz' }] },
    'an obligation naming a flow without flow_versions': {
      flow: undefined,
      obligations: [{ type: 'require_phone', mode: 'mandatory', params: {}, flow: 'collect-phone' }],
    },
  })) {
    it(`refuses ${label} as malformed (nothing opened)`, async () => {
      await expectRefused(await issuer.sign(issuer.claims(audience, overrides)), 'handoff_malformed', 400);
    });
  }

  it('refuses a lifetime over 300 seconds', async () => {
    await expectRefused(await issuer.sign(issuer.claims(audience, { exp: now() + 301 })), 'handoff_invalid_claims', 401);
  });

  it('refuses an untrusted issuer', async () => {
    await expectRefused(await issuer.sign(issuer.claims(audience, { iss: 'http://evil.test/realms/test' })), 'handoff_untrusted_issuer', 401);
  });

  it('refuses the wrong audience', async () => {
    await expectRefused(await issuer.sign(issuer.claims('http://other-bridge.test')), 'handoff_invalid_claims', 401);
  });

  it('refuses a missing typ', async () => {
    await expectRefused(await issuer.sign(issuer.claims(audience), { typ: undefined }), 'handoff_malformed', 400);
  });

  it('refuses a wrong typ', async () => {
    await expectRefused(await issuer.sign(issuer.claims(audience), { typ: 'JWT' }), 'handoff_malformed', 400);
  });

  it('refuses HS256', async () => {
    const token = await new SignJWT(issuer.claims(audience))
      .setProtectedHeader({ alg: 'HS256', typ: 'io-handoff+jwt' })
      .sign(new TextEncoder().encode('a-shared-secret-that-is-long-enough!!'));
    await expectRefused(token, 'handoff_invalid_signature', 401);
  });

  for (const [label, returnUri] of [
    ['another host', 'http://evil.test/realms/test/login-actions/authenticate'],
    ['another realm via dot segments', '{iss}/login-actions/../../other/login-actions/authenticate'],
    ['a sibling path', '{iss}-evil/login-actions/authenticate'],
    ['a relative URL', '/login-actions/authenticate'],
  ] as const) {
    it(`refuses a return_uri outside the issuer's login-actions (${label})`, async () => {
      const claims = issuer.claims(audience, { return_uri: returnUri.replace('{iss}', issuer.issuer) });
      await expectRefused(await issuer.sign(claims), 'handoff_invalid_claims', 401);
    });
  }

  it('refuses a missing required claim', async () => {
    await expectRefused(await issuer.sign(issuer.claims(audience, { nonce: undefined })), 'handoff_invalid_claims', 401);
    await expectRefused(await issuer.sign(issuer.claims(audience, { flow: undefined })), 'handoff_invalid_claims', 401);
  });

  it('refuses an unknown flow', async () => {
    await expectRefused(await issuer.sign(issuer.claims(audience, { flow: 'no-such-flow' })), 'flow_not_found', 404);
  });

  it('refuses a replayed jti', async () => {
    const token = await issuer.sign(issuer.claims(audience));
    expect((await handoff(token)).status).to.equal(303);
    await expectRefused(token, 'handoff_replayed', 409);
  });

  it('reports an unreachable issuer', async () => {
    const claims = issuer.claims(audience, {
      iss: 'http://127.0.0.1:9/realms/down',
      return_uri: 'http://127.0.0.1:9/realms/down/login-actions/authenticate',
    });
    await expectRefused(await issuer.sign(claims), 'issuer_unreachable', 503);
  });
});
