/**
 * Realm isolation with two real Keycloak realms: the bridge trusts demo and partner. The partner
 * realm is imported with an RSA key from its realm file (e2e/fixtures/realms/partner-realm.json),
 * so this test signs handoffs as partner, exactly as its Keycloak would, and the bridge verifies
 * them against partner's real JWKS.
 */
import { expect } from 'chai';
import type { JWTPayload } from 'jose';
import type { BrowserContext } from 'playwright-core';
import { postHandoff } from './support/journey.js';
import { partnerHandoffClaims, partnerSigner } from './support/partner.js';
import { getStack } from './support/stack.js';

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

  async function expectRefused(claims: JWTPayload, status: number, code: string): Promise<void> {
    const { bridge } = getStack();
    const sessionsBefore = await bridge.store.count();
    const page = await context.newPage();
    const response = await postHandoff(page, bridge.url, await sign(claims));
    expect(response!.status()).to.equal(status);
    expect(await page.content()).to.contain(code);
    expect(await bridge.store.count(), 'no session').to.equal(sessionsBefore);
    expect(
      (await context.cookies()).map((cookie) => cookie.name),
      'no cookie',
    ).to.not.include.members(['io_browser', '__Host-io_browser']);
  }

  it("accepts partner's own handoff, verified with partner's real keys, and runs it in realm partner", async () => {
    const { bridge, partner } = getStack();
    const page = await context.newPage();
    const response = await postHandoff(page, bridge.url, await sign(partnerHandoffClaims()));
    expect(response!.status()).to.equal(200);
    const handle = new URL(page.url()).pathname.split('/')[3]!;
    const { execution } = (await bridge.store.get(handle))!.data;
    expect(execution.context).to.include({ issuer: partner.issuer, realm: 'partner' });
  });

  it('refuses a handoff signed by realm partner that claims realm demo: no session, no cookie', async () => {
    await expectRefused(partnerHandoffClaims({ realm: 'demo' }), 401, 'handoff_invalid_claims');
  });

  it('refuses a partner handoff naming a flow only realm demo has (flow_not_found)', async () => {
    const { bridge, keycloak } = getStack();
    expect(bridge.flows.for(keycloak.issuer).has('e2e-demo-only'), 'the demo realm has it').to.equal(true);
    await expectRefused(partnerHandoffClaims({ flow: 'e2e-demo-only' }), 404, 'flow_not_found');
  });
});
