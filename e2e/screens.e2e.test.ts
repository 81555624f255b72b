/**
 * Every built-in screen in real Chromium: the default theme and the example child theme, in German
 * and Arabic (right to left), plus English for the docs. Each page is checked with axe (no serious
 * or critical violations), for its CSP (nonce, no 'unsafe-inline', no violation reported) and
 * screenshotted: default-theme English to docs/images/, the rest to e2e/artifacts/screens/.
 * The bridge runs in-process on its own port with a local test issuer (no Keycloak needed), except
 * for the last test, which screenshots the real Keycloak login page in the IO login theme.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { startBridge, type RunningBridge } from '../bridge/src/server.js';
import type { MailMessage } from '../bridge/src/engine/services.js';
import { LocalIssuer } from '../bridge/test/support/local-issuer.js';
import { repoRoot } from './support/keycloak.js';
import { postHandoff } from './support/journey.js';
import { getStack } from './support/stack.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const docsImages = join(repoRoot, 'docs', 'images');
const artifacts = join(repoRoot, 'e2e', 'artifacts', 'screens');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** This suite's own bridge, moved with the others by IO_E2E_PORT_OFFSET. */
const screensPort = 13010 + Number(process.env.IO_E2E_PORT_OFFSET ?? 0);
describe('screens: every built-in screen in Chromium, two themes, LTR and RTL', function () {
  this.timeout(180_000);
  let bridge: RunningBridge;
  let defaultIssuer: LocalIssuer;
  let childIssuer: LocalIssuer;
  const mail: MailMessage[] = [];

  before(async () => {
    mkdirSync(docsImages, { recursive: true });
    mkdirSync(artifacts, { recursive: true });
    defaultIssuer = await LocalIssuer.start('screens');
    childIssuer = await LocalIssuer.start('screens-child');
    bridge = await startBridge(
      {
        publicUrl: `http://127.0.0.1:${screensPort}`,
        // Loopback stand-ins: plain http is a development setting.
        allowHttp: true,
        host: '127.0.0.1',
        port: screensPort,
        trustedIssuers: [defaultIssuer.issuer, childIssuer.issuer],
        flowsDir: join(repoRoot, 'e2e', 'fixtures', 'screens', 'flows'),
        themesDir: join(repoRoot, 'themes'),
        // The realm of the second issuer uses the child theme (theme per realm).
        themesByIssuer: { [childIssuer.issuer]: 'example-child' },
        logLevel: 'error',
      },
      { services: { mail: { send: async (message) => (mail.push(message), { messageId: `m${mail.length}` }) } } },
    );
  });

  after(async () => {
    await bridge?.close();
    await defaultIssuer?.close();
    await childIssuer?.close();
  });

  /** Runs axe in the page (its source evaluated through the DevTools protocol, which the page's CSP does not govern). */
  async function axe(page: Page, label: string): Promise<void> {
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe.run(
        document,
        {
          resultTypes: ['violations'],
        },
      );
      return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((node) => ({ target: node.target })) }));
    });
    const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(serious, `${label}: ${JSON.stringify(serious, null, 2)}`).to.deep.equal([]);
  }

  async function capture(page: Page, theme: string, locale: string, screen: string): Promise<void> {
    const label = `${theme}/${locale}/${screen}`;
    await axe(page, label);
    const path = theme === 'default' && locale === 'en' ? join(docsImages, `screen-${screen}.png`) : join(artifacts, `${theme}-${locale}-${screen}.png`);
    await page.screenshot({ path, fullPage: true });
  }

  async function tour(theme: 'default' | 'example-child', locale: string): Promise<void> {
    const issuer = theme === 'default' ? defaultIssuer : childIssuer;
    const context: BrowserContext = await getStack().browser.newContext({ viewport: { width: 760, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    // Hold the completion page's auto-submit for its screenshot; answer the return POST locally.
    await page.route('**/autosubmit.js', (route) => route.fulfill({ contentType: 'text/javascript', body: '/* held for the screenshot */' }));
    try {
      const token = await issuer.sign(
        issuer.claims(bridge.config.audience, { flow: 'e2e-screens', locale, user: { username: 'amira', email: 'amira@example.com' } }),
      );
      const first = await postHandoff(page, bridge.url, token);
      const csp = first!.headers()['content-security-policy'] ?? '';
      expect(csp).to.match(/script-src 'self' 'nonce-[A-Za-z0-9_-]{16,}'/);
      expect(csp).to.match(/style-src 'self' 'nonce-[A-Za-z0-9_-]{16,}'/);
      expect(csp).not.to.contain('unsafe-inline');
      expect(await page.getAttribute('html', 'lang')).to.equal(locale);
      expect(await page.getAttribute('html', 'dir')).to.equal(locale === 'ar' ? 'rtl' : 'ltr');
      const nonce = /'nonce-([^']+)'/.exec(csp)![1];
      // Browsers hide the nonce attribute from the DOM; the property keeps it.
      expect(
        await page
          .locator('link[rel="stylesheet"]')
          .first()
          .evaluate((link) => (link as HTMLLinkElement).nonce),
      ).to.equal(nonce);
      expect(await page.locator('script:not([src])').count(), 'inline scripts').to.equal(0);

      // message (flow bundle text with an argument and a plural)
      const welcome = await page.locator('h1').innerText();
      expect(welcome).to.contain('amira');
      if (theme === 'example-child') {
        expect(await page.locator('.io-message__icon').count(), 'child partial').to.equal(1);
        expect(await page.locator('link[href$="/flows/e2e-screens/welcome.css"]').count(), 'per-node CSS').to.equal(1);
      }
      await capture(page, theme, locale, 'message');
      await page.locator('button[type=submit]').click();

      // form, then the same form with errors (error summary, field errors)
      await page.waitForSelector('#field-company');
      await capture(page, theme, locale, 'form');
      await page.fill('#field-email', 'not-an-email');
      await page.locator('form.io-form button[type=submit]').click();
      await page.waitForSelector('.io-error-summary');
      expect(await page.locator('[aria-invalid="true"]').count()).to.be.greaterThan(0);
      await capture(page, theme, locale, 'form-errors');
      await page.fill('#field-company', 'Acme <Corp>');
      await page.fill('#field-email', 'amira@example.com');
      await page.locator('form.io-form button[type=submit]').click();

      // choice
      await page.waitForSelector('input[name=choice]');
      await capture(page, theme, locale, 'choice');
      await page.locator('input[name=choice]').first().check();
      await page.locator('form.io-form button[type=submit]').click();

      // terms, with the error when submitted unticked
      await page.waitForSelector('#field-accept');
      await capture(page, theme, locale, 'terms');
      await page.locator('form.io-form button[type=submit]').first().click();
      await page.waitForSelector('#error-accept');
      await page.check('#field-accept');
      await page.locator('form.io-form button[type=submit]').first().click();

      // consent
      await page.waitForSelector('input#purpose-service');
      await capture(page, theme, locale, 'consent');
      await page.check('input#purpose-service');
      await page.locator('form.io-form button[type=submit]').first().click();

      // otp, then a wrong code (the error has a plural)
      await page.waitForSelector('#field-code');
      await capture(page, theme, locale, 'otp');
      await page.fill('#field-code', '000000');
      await page.locator('form.io-form button[type=submit]').first().click();
      await page.waitForSelector('#error-code');
      await capture(page, theme, locale, 'otp-error');
      const code = /\b(\d{6})\b/.exec(mail.at(-1)!.text)![1]!;
      await page.fill('#field-code', code);
      await page.locator('form.io-form button[type=submit]').first().click();

      // completion page (auto-submit held)
      await page.waitForSelector('#io-return');
      await capture(page, theme, locale, 'complete');

      // error page
      await page.goto(`${bridge.url}/io/no-such-page`);
      await capture(page, theme === 'default' ? 'default' : 'example-child', locale, 'error');
      expect(cspViolations, 'CSP violations').to.deep.equal([]);
    } finally {
      await context.close();
    }
  }

  it('default theme, English (the screenshots in docs/themes.md)', () => tour('default', 'en'));
  it('default theme, German', () => tour('default', 'de'));
  it('default theme, Arabic (right to left)', () => tour('default', 'ar'));
  it('child theme, German', () => tour('example-child', 'de'));
  it('child theme, Arabic (right to left)', () => tour('example-child', 'ar'));

  it('the language switcher changes the locale for the session', async () => {
    const context = await getStack().browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    try {
      const token = await defaultIssuer.sign(defaultIssuer.claims(bridge.config.audience, { flow: 'e2e-screens', locale: 'de', user: { username: 'amira' } }));
      await postHandoff(page, bridge.url, token);
      expect(await page.locator('nav.io-languages a[aria-current="true"]').innerText()).to.equal('Deutsch');
      await page.locator('nav.io-languages a[hreflang="fr"]').click();
      expect(await page.getAttribute('html', 'lang')).to.equal('fr');
      expect(await page.locator('h1').innerText()).to.contain('Bienvenue');
      await page.locator('button[type=submit]').click();
      await page.waitForSelector('#field-company');
      expect(await page.getAttribute('html', 'lang'), 'kept for the next screen').to.equal('fr');
      await page.locator('nav.io-languages a[hreflang="ar"]').click();
      expect(await page.getAttribute('html', 'dir')).to.equal('rtl');
      await page.screenshot({ path: join(artifacts, 'default-ar-switched-form.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('the real Keycloak login page wears the IO login theme', async () => {
    const { keycloak, callback } = getStack();
    const context = await getStack().browser.newContext({ viewport: { width: 760, height: 900 } });
    const page = await context.newPage();
    try {
      const url = new URL(`${keycloak.issuer}/protocol/openid-connect/auth`);
      url.search = new URLSearchParams({
        client_id: 'demo-app',
        redirect_uri: callback.redirectUri,
        response_type: 'code',
        scope: 'openid',
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
      }).toString();
      await page.goto(url.toString());
      await page.waitForSelector('#username');
      const styles = await page.locator('link[rel="stylesheet"]').evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href));
      expect(
        styles.some((href) => /\/login\/io\/css\/io\.css$/.test(href)),
        styles.join(', '),
      ).to.equal(true);
      const button = await page.locator('#kc-login').evaluate((element) => getComputedStyle(element).backgroundColor);
      expect(button).to.equal('rgb(48, 86, 211)');
      await page.screenshot({ path: join(docsImages, 'keycloak-login.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
