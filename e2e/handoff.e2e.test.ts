/**
 * Handoffs the bridge must refuse, made from real ones that Keycloak signed: an error page with a
 * stable code, and neither a flow session nor a session cookie. Since protocol 1.2 a handoff is
 * POSTed (form field `token`), as Keycloak's own page does.
 */
import { expect } from 'chai';
import { decodeJwt } from 'jose';
import type { BrowserContext } from 'playwright-core';
import { getStack } from './support/stack.js';
import { getRelyingParty, handoffToken, startJourney, TEST_USER } from './support/journey.js';

describe('handoffs the bridge refuses', function () {
  this.timeout(120_000);

  let contexts: BrowserContext[] = [];
  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
  });

  /** A real handoff token, already used once by the journey that received it. */
  async function usedHandoffToken(): Promise<string> {
    const run = await startJourney();
    contexts.push(run.context);
    expect(run.handoffs).to.have.length(1);
    return handoffToken(run.handoffs[0]!);
  }

  /** POSTs `form` to the bridge's handoff endpoint from a fresh browser context. */
  async function expectRefused(form: Record<string, string>, status: number, code: string) {
    const { browser, bridge } = getStack();
    const sessionsBefore = await bridge.store.count();
    const context = await browser.newContext();
    contexts.push(context);

    const response = await context.request.post(`${bridge.url}/io/handoff`, { form, maxRedirects: 0 });

    expect(response.status()).to.equal(status);
    const body = await response.text();
    expect(body).to.contain(code);
    expect(body).to.not.match(/\bat .+\.(ts|js):\d+/); // never a stack trace
    expect(await bridge.store.count()).to.equal(sessionsBefore);
    expect((await context.cookies()).map((cookie) => cookie.name)).to.not.include.members(['io_browser', '__Host-io_browser']);
  }

  it('Keycloak hands off with a POST whose URL carries nothing, from a page that caches and leaks nothing', async () => {
    const { bridge } = getStack();
    const run = await startJourney();
    contexts.push(run.context);
    expect(run.handoffs).to.have.length(1);
    const [handoff] = run.handoffs;
    expect(handoff!.url()).to.equal(`${bridge.url}/io/handoff`);
    expect(handoff!.redirectedFrom(), 'posted by a form, not a redirect').to.equal(null);
    expect(decodeJwt(handoffToken(handoff!)).flow).to.equal('demo-profile');

    // Keycloak's answer to the login form is the page that posted the handoff.
    const page = await run.credentialPosts[0]!.response();
    expect(page!.status()).to.equal(200);
    const headers = page!.headers();
    expect(headers['location']).to.equal(undefined);
    expect(headers['content-security-policy']).to.match(/^default-src 'none'; script-src 'nonce-[A-Za-z0-9_-]{43}'; /);
    expect(headers['content-security-policy']).to.contain(`form-action ${bridge.url};`);
    expect(headers['referrer-policy']).to.equal('no-referrer');
    expect(headers['cache-control']).to.match(/^no-store\b/);
  });

  it('without JavaScript, the same page hands off with a Continue button', async () => {
    const { browser, bridge } = getStack();
    const context = await browser.newContext({ javaScriptEnabled: false });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto((await (await getRelyingParty()).beginLogin()).url.href);
    await page.fill('#username', TEST_USER.username);
    await page.fill('#password', TEST_USER.password);
    await Promise.all([page.waitForNavigation(), page.click('#kc-login')]);
    expect(page.url().startsWith(bridge.url), 'the page waits for the user').to.equal(false);

    await Promise.all([page.waitForURL((url) => url.href.startsWith(`${bridge.url}/io/j/`)), page.click('button:has-text("Continue")')]);
    expect(await page.locator('input[name="company"]').count()).to.equal(1);
  });

  it('a handoff used a second time', async () => {
    await expectRefused({ token: await usedHandoffToken() }, 409, 'handoff_replayed');
  });

  it('a handoff whose claims were changed after Keycloak signed it', async () => {
    const [header, payload, signature] = (await usedHandoffToken()).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    claims.flow = 'another-flow';
    claims.jti = `${claims.jti}-tampered`;
    const token = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    await expectRefused({ token }, 401, 'handoff_invalid_signature');
  });

  it('no handoff at all', async () => {
    await expectRefused({}, 400, 'handoff_missing');
  });
});
