/**
 * One journey per tab: two logins in two tabs of one browser (one Chromium context, so one cookie
 * jar) each finish on their own journey with their own values; a reload of tab A never shows B's.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { PendingLogin } from '../demo/relying-party.js';
import { getRelyingParty, TEST_USER } from './support/journey.js';
import { getStack } from './support/stack.js';

describe('two tabs, two journeys (one browser)', function () {
  this.timeout(120_000);

  /** Signs in through Keycloak in `page` and stops on the bridge's first screen of this tab's journey. */
  async function signIn(page: Page): Promise<{ pending: PendingLogin; journey: string }> {
    const { bridge } = getStack();
    const pending = await (await getRelyingParty()).beginLogin();
    await page.goto(pending.url.href);
    // The second tab may find Keycloak's login form again, or go straight on (same auth session).
    if (await page.locator('#username').count()) {
      await page.fill('#username', TEST_USER.username);
      await page.fill('#password', TEST_USER.password);
      await Promise.all([page.waitForURL((url) => url.href.startsWith(`${bridge.url}/io/j/`)), page.click('#kc-login')]);
    } else {
      await page.waitForURL((url) => url.href.startsWith(`${bridge.url}/io/j/`));
    }
    return { pending, journey: page.url() };
  }

  async function finish(page: Page, company: string): Promise<URL> {
    const { callback } = getStack();
    await page.fill('input[name="company"]', company);
    await Promise.all([page.waitForURL((url) => url.href.startsWith(callback.redirectUri), { waitUntil: 'load' }), page.click('button[type="submit"]')]);
    return new URL(page.url());
  }

  it('both tabs complete, each with its own value in its ID token; a reload of tab A shows A', async () => {
    const { browser, bridge } = getStack();
    const context = await browser.newContext();
    try {
      const tabA = await context.newPage();
      const tabB = await context.newPage();
      const a = await signIn(tabA);
      const b = await signIn(tabB);
      expect(b.journey, 'each tab has its own journey').to.not.equal(a.journey);
      expect((await context.cookies(bridge.url)).map((cookie) => cookie.name)).to.deep.equal(['io_browser']);

      // Both tabs fill in their value before either submits.
      await tabA.fill('input[name="company"]', 'Tab A Inc');
      await tabB.fill('input[name="company"]', 'Tab B GmbH');
      const stepA = await tabA.locator('input[name="_step"]').getAttribute('value');

      // Tab A, reloaded after B's handoff, still shows A's journey (its own step).
      await tabA.reload();
      expect(tabA.url()).to.equal(a.journey);
      expect(await tabA.locator('input[name="_step"]').getAttribute('value')).to.equal(stepA);

      // Each tab's login is completed (code exchanged) as soon as it returns: the user-session note
      // that carries `company` belongs to Keycloak's one SSO session of this browser, so a later
      // login of the same browser overwrites it for tokens minted afterwards (Keycloak's semantics).
      const relyingParty = await getRelyingParty();
      const claimsB = (await relyingParty.completeLogin(await finish(tabB, 'Tab B GmbH'), b.pending)).claims()!;
      const claimsA = (await relyingParty.completeLogin(await finish(tabA, 'Tab A Inc'), a.pending)).claims()!;
      expect(claimsA['company']).to.equal('Tab A Inc');
      expect(claimsB['company']).to.equal('Tab B GmbH');
      expect(claimsA['nonce']).to.equal(a.pending.nonce);
      expect(claimsB['nonce']).to.equal(b.pending.nonce);
    } finally {
      await context.close();
    }
  });

  it("a journey's URL opened in another browser shows an error, never the journey", async () => {
    const { browser } = getStack();
    const owner = await browser.newContext();
    const other = await browser.newContext();
    try {
      const page = await owner.newPage();
      const { journey } = await signIn(page);
      const stranger = await other.newPage();
      const response = await stranger.goto(journey);
      expect(response!.status()).to.equal(403);
      expect(await stranger.content()).to.contain('session_browser_mismatch');
      expect(await stranger.locator('input[name="company"]').count()).to.equal(0);
    } finally {
      await owner.close();
      await other.close();
    }
  });
});
