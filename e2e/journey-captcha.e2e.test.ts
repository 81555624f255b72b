/**
 * "Challenge, don't fail": over the `rate-limit` processor's limit, with a CAPTCHA configured
 * (IO_CAPTCHA_*), the journey's screen comes back with the provider's widget and the user's
 * values, in real Chromium through real Keycloak. A second bridge process runs with the CAPTCHA
 * settings in its environment and the sign-up flow at a limit of one request; the journeys realm's
 * registration is pointed at it for this test. The provider is third-party HTTP: a local stand-in
 * answers its siteverify (IO_CAPTCHA_VERIFY_URL) and Playwright serves a stand-in widget script at
 * the provider's script URL (the browser has no internet). Without a CAPTCHA, `rate_limited` still
 * ends the journey (bridge/test/http/captcha.test.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import type { BridgeProcess } from './support/bridge-process.js';
import { startExtraBridge } from './support/stack.js';
import { accounts, callbackCode, journeysAdmin, journeysParty, openLogin, uniqueAddress } from './support/journeys.js';

const siteKey = 'e2e-site-key';
const secret = 'e2e-captcha-secret';
const humanToken = 'human-token';

/** hCaptcha's siteverify, as far as the bridge uses it: the secret, the response and the site key it is bound to. */
async function startSiteverify(): Promise<{ url: string; requests: Array<Record<string, string>>; close(): Promise<void> }> {
  const requests: Array<Record<string, string>> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      requests.push(form);
      const success = form['secret'] === secret && form['sitekey'] === siteKey && form['response'] === humanToken;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ success }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/siteverify`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The widget's stand-in: like hCaptcha's, it puts its response in `h-captcha-response` inside the widget's form. */
const widgetScript = (token: string) => `(function () {
  document.querySelectorAll('.h-captcha').forEach(function (widget) {
    var response = document.createElement('textarea');
    response.name = 'h-captcha-response';
    response.hidden = true;
    response.value = ${JSON.stringify(token)};
    widget.appendChild(response);
  });
})();`;

describe('rate limit with a CAPTCHA: the journey challenges instead of ending', function () {
  this.timeout(240_000);

  const made = accounts();
  const contexts: BrowserContext[] = [];
  let bridge: BridgeProcess;
  let siteverify: Awaited<ReturnType<typeof startSiteverify>>;
  let restoreRegistration: (() => Promise<void>) | undefined;

  before(async () => {
    siteverify = await startSiteverify();
    bridge = await startExtraBridge({
      env: { IO_CAPTCHA_PROVIDER: 'hcaptcha', IO_CAPTCHA_SECRET: secret, IO_CAPTCHA_SITE_KEY: siteKey, IO_CAPTCHA_VERIFY_URL: siteverify.url },
      // The sign-up flow at a limit of one request per client IP.
      editFlows: (dir) => {
        const file = join(dir, 'e2e-sign-up.json');
        const flow = JSON.parse(readFileSync(file, 'utf8')) as { settings: Record<string, unknown> };
        flow.settings = { processors: { set: 'registration', options: { 'rate-limit': { limit: 1, windowSeconds: 600 } } } };
        writeFileSync(file, JSON.stringify(flow));
      },
    });
    // The journeys realm's registration step (authenticator config "io sign-up") goes to this bridge.
    const admin = await journeysAdmin();
    const executions = await admin.authenticationManagement.getExecutions({ flow: 'io registration' });
    const configId = executions.find((execution) => execution.authenticationConfig)?.authenticationConfig;
    if (!configId) throw new Error('the journeys realm has no "io sign-up" authenticator config');
    const original = await admin.authenticationManagement.getConfig({ id: configId });
    await admin.authenticationManagement.updateConfig({ ...original, id: configId, config: { ...original.config, bridgeUrl: bridge.url } });
    restoreRegistration = async () => {
      await (await journeysAdmin()).authenticationManagement.updateConfig({ ...original, id: configId });
    };
  });

  after(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await restoreRegistration?.();
    await bridge?.close();
    await siteverify?.close();
    await made.remove();
  });

  /** Clicks the form's button and waits for the page it leads to. */
  async function send(page: Page): Promise<void> {
    await Promise.all([page.waitForNavigation(), page.click('form.io-form button[type="submit"]')]);
  }

  it('shows the challenge over the limit, shows it again for a rejected response, and signs up with the values once a response verifies', async () => {
    const { context, page, pending } = await openLogin();
    contexts.push(context);
    let token = 'robot-token';
    const scriptRequests: string[] = [];
    await page.route('https://js.hcaptcha.com/1/api.js*', (route) => {
      scriptRequests.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/javascript', body: widgetScript(token) });
    });
    const policies: string[] = [];
    page.on('response', (response) => {
      if (response.url().startsWith(`${bridge.url}/io/j/`) && response.request().resourceType() === 'document') {
        policies.push(response.headers()['content-security-policy'] ?? '');
      }
    });
    await Promise.all([page.waitForURL((url) => url.href.startsWith(`${bridge.url}/io/j/`)), page.click('#kc-registration a')]);
    expect(policies.at(-1), 'no third-party origin before a challenge').not.to.contain('hcaptcha');

    // The first request uses up the limit (a refused value: the form comes back with its error).
    await page.fill('input[name="email"]', 'not-an-address');
    await send(page);
    expect(await page.locator('.io-field-error').count()).to.equal(1);
    expect(await page.locator('.h-captcha').count()).to.equal(0);

    // Over the limit: the same screen, the user's value, a message and the widget; the journey lives on.
    const email = uniqueAddress('captcha');
    await page.fill('input[name="email"]', email);
    await send(page);
    expect(page.url()).to.match(new RegExp(`^${bridge.url}/io/j/`));
    expect(await page.textContent('[role="alert"]')).to.contain('Please complete the security check below');
    expect(await page.inputValue('input[name="email"]'), 'the held-back value is shown again').to.equal(email);
    expect(await page.locator('.io-field-error').count(), "the first request's error is not shown with it").to.equal(0);
    expect(await page.getAttribute('.h-captcha', 'data-sitekey')).to.equal(siteKey);
    await page.locator('textarea[name="h-captcha-response"]').waitFor({ state: 'attached' });
    expect(scriptRequests, 'the page loaded the provider script (its CSP allowed it)').to.have.length(1);
    expect(scriptRequests[0]).to.equal('https://js.hcaptcha.com/1/api.js?hl=en');
    const csp = policies.at(-1)!;
    expect(csp).to.match(/script-src 'self' 'nonce-[^']+' https:\/\/hcaptcha\.com https:\/\/\*\.hcaptcha\.com;/);
    expect(csp).to.contain('frame-src https://hcaptcha.com https://*.hcaptcha.com;');

    // A response the provider does not confirm: the challenge again, with its own message.
    await send(page);
    expect(await page.textContent('[role="alert"]')).to.contain('The security check did not succeed');
    expect(await page.inputValue('input[name="email"]')).to.equal(email);
    expect(siteverify.requests.map((request) => request['response'])).to.deep.equal(['robot-token']);
    expect((await (await journeysAdmin()).users.find({ email, exact: true })).length, 'nothing created yet').to.equal(0);

    // A confirmed response: the held sign-up goes on, the user is created and signed in.
    token = humanToken;
    await page.reload();
    await page.fill('input[name="email"]', email);
    await page.locator('textarea[name="h-captcha-response"]').waitFor({ state: 'attached' });
    await Promise.all([page.waitForURL((url) => !url.href.startsWith(bridge.url), { waitUntil: 'load' }), page.click('form.io-form button[type="submit"]')]);
    expect(callbackCode(page), `ended on ${page.url()}`).to.be.a('string');
    expect(siteverify.requests.at(-1)).to.deep.include({ secret, sitekey: siteKey, response: humanToken, remoteip: '127.0.0.1' });
    const [created] = await (await journeysAdmin()).users.find({ email, exact: true });
    expect(created, 'the journey created the user with the submitted email').not.to.equal(undefined);
    made.adopt(created!.id!);
    const claims = (await (await journeysParty()).completeLogin(new URL(page.url()), pending)).claims()!;
    expect(claims).to.deep.include({ sub: created!.id, email });
  });
});
