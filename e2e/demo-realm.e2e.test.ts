/**
 * The demo realm works everywhere a newcomer goes, not only through the demo app: alice opens
 * Keycloak's own account console (she holds the realm's default roles, so its account API answers).
 */
import { expect } from 'chai';
import { TEST_USER } from './support/journey.js';
import { getStack } from './support/stack.js';

describe('the demo realm as a newcomer meets it', function () {
  this.timeout(60_000);

  it("lets alice open Keycloak's account console, whose account API answers her", async () => {
    const { browser, keycloak } = getStack();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${keycloak.url}/realms/demo/account`);
      await page.fill('#username', TEST_USER.username);
      await page.fill('#password', TEST_USER.password);
      const [account] = await Promise.all([
        page.waitForResponse((response) => new URL(response.url()).pathname === '/realms/demo/account/' && response.request().method() === 'GET'),
        page.click('#kc-login'),
      ]);
      expect(account.status(), 'the account API').to.equal(200);
      expect((await account.json()).username).to.equal(TEST_USER.username);
    } finally {
      await context.close();
    }
  });
});
