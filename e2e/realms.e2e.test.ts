/**
 * Realm isolation with two real Keycloak realms: the bridge trusts demo and partner. The partner
 * realm is imported with an RSA key from its realm file (e2e/fixtures/realms/partner-realm.json),
 * so this test signs handoffs as partner, exactly as its Keycloak would, and the bridge verifies
 * them against partner's real JWKS.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { exportJWK, importPKCS8, importX509, SignJWT, type JWTPayload } from 'jose';
import type { BrowserContext } from 'playwright-core';
import { postHandoff } from './support/journey.js';
import { getStack } from './support/stack.js';

interface RealmFile {
  components: { 'org.keycloak.keys.KeyProvider': Array<{ config: { privateKey: [string]; certificate: [string] } }> };
}

/** Signs handoffs with the partner realm's key, under the kid its JWKS publishes. */
async function partnerSigner() {
  const { partner } = getStack();
  const { config } = (JSON.parse(readFileSync(partner.realmFile, 'utf8')) as RealmFile).components['org.keycloak.keys.KeyProvider'][0]!;
  const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----`;
  const privateKey = await importPKCS8(pem('PRIVATE KEY', config.privateKey[0]), 'RS256');
  const { n } = await exportJWK(await importX509(pem('CERTIFICATE', config.certificate[0]), 'RS256', { extractable: true }));
  const { keys } = (await (await fetch(`${partner.issuer}/protocol/openid-connect/certs`)).json()) as { keys: Array<{ kid: string; n?: string }> };
  const kid = keys.find((key) => key.n === n)?.kid;
  if (!kid) throw new Error('the partner realm does not publish the key of its realm file');
  return (claims: JWTPayload) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'io-handoff+jwt' }).sign(privateKey);
}

describe('realm isolation: a bridge trusting two real Keycloak realms', function () {
  this.timeout(60_000);
  let sign: (claims: JWTPayload) => Promise<string>;
  let context: BrowserContext;

  before(async () => {
    sign = await partnerSigner();
  });
  beforeEach(async () => {
    context = await getStack().browser.newContext();
  });
  afterEach(async () => context?.close());

  /** A handoff as partner's Keycloak would make it for its user alice. */
  function partnerClaims(overrides: JWTPayload = {}): JWTPayload {
    const { partner, bridge } = getStack();
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: partner.issuer,
      aud: bridge.config.audience,
      iat: now,
      exp: now + 120,
      jti: crypto.randomUUID(),
      sub: 'partner-alice',
      azp: 'partner-app',
      realm: 'partner',
      tab_id: 'tab-partner',
      nonce: 'nonce-partner',
      flow: 'demo-profile',
      grants: [{ type: 'set_session_note', names: ['company'] }],
      return_uri: `${partner.issuer}/login-actions/authenticate?session_code=x&execution=y&client_id=partner-app&tab_id=tab-partner`,
      ...overrides,
    };
  }

  async function expectRefused(claims: JWTPayload, status: number, code: string): Promise<void> {
    const { bridge } = getStack();
    const sessionsBefore = await bridge.store.count();
    const page = await context.newPage();
    const response = await postHandoff(page, bridge.url, await sign(claims));
    expect(response!.status()).to.equal(status);
    expect(await page.content()).to.contain(code);
    expect(await bridge.store.count(), 'no session').to.equal(sessionsBefore);
    expect((await context.cookies()).map((cookie) => cookie.name), 'no cookie').to.not.include.members(['io_browser', '__Host-io_browser']);
  }

  it("accepts partner's own handoff, verified with partner's real keys, and runs it in realm partner", async () => {
    const { bridge, partner } = getStack();
    const page = await context.newPage();
    const response = await postHandoff(page, bridge.url, await sign(partnerClaims()));
    expect(response!.status()).to.equal(200);
    const handle = new URL(page.url()).pathname.split('/')[3]!;
    const { execution } = (await bridge.store.get(handle))!.data;
    expect(execution.context).to.include({ issuer: partner.issuer, realm: 'partner' });
  });

  it('refuses a handoff signed by realm partner that claims realm demo: no session, no cookie', async () => {
    await expectRefused(partnerClaims({ realm: 'demo' }), 401, 'handoff_invalid_claims');
  });

  it('refuses a partner handoff naming a flow only realm demo has (flow_not_found)', async () => {
    const { bridge, keycloak } = getStack();
    expect(bridge.flows.for(keycloak.issuer).has('e2e-demo-only'), 'the demo realm has it').to.equal(true);
    await expectRefused(partnerClaims({ flow: 'e2e-demo-only' }), 404, 'flow_not_found');
  });
});
