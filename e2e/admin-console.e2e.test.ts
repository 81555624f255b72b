/**
 * The IO admin console (admin theme io, built from admin-extension/ into the provider jar) in real
 * Chromium against the real Keycloak: a demo-realm admin (not a master admin) signs in to the
 * demo realm's console, opens IO journeys, sees the flows and a versions diff, switches IO on and
 * back off for demo-app-plain (the client attribute really changes), axe finds no serious or
 * critical violation on any IO page, and an admin of another realm gets nothing of demo's IO data.
 */
import { expect } from 'chai';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { adminClient } from './support/admin.js';
import { repoRoot } from './support/keycloak.js';
import { ADMIN_PASSWORD, createAdmins, ioApi, OTHER_REALM, type Admins } from './support/io-admin.js';
import { getStack } from './support/stack.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const docsImages = join(repoRoot, 'docs', 'images');
const FLOW = 'accept-terms';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

describe('IO admin console (admin theme io)', function () {
  let admins: Admins;
  let installed = false;
  const contexts: BrowserContext[] = [];

  before(async () => {
    const admin = await adminClient();
    admins = await createAdmins(admin);
    // The other realm's console is IO's too: what it can reach of demo is then the question.
    await admin.realms.update({ realm: OTHER_REALM }, { adminTheme: 'io' });
    const token = await admins.manager();
    // A flow with two published versions (the bridge validates them), unless another test left it.
    const install = await ioApi(token, 'POST', `/templates/${FLOW}/install`, { publish: true, activate: true, comment: 'first' });
    if (install.status === 201) {
      installed = true;
      const flow = await ioApi(token, 'GET', `/flows/${FLOW}`);
      expect((await ioApi(token, 'PUT', `/flows/${FLOW}`, { ...flow.body.draft, name: 'Accept the terms (v2)' })).status).to.equal(200);
      expect((await ioApi(token, 'POST', `/flows/${FLOW}/versions`, { comment: 'renamed' })).status).to.equal(201);
      // A draft whose German lacks a key English has: the Versions page says so before publishing.
      expect((await ioApi(token, 'PUT', `/flows/${FLOW}/messages/en`, { 'terms.title': 'Terms', 'terms.intro': 'Read them' })).status).to.equal(200);
      expect((await ioApi(token, 'PUT', `/flows/${FLOW}/messages/de`, { 'terms.title': 'Bedingungen' })).status).to.equal(200);
    } else {
      expect(install.status, JSON.stringify(install.body)).to.equal(409);
    }
  });

  after(async () => {
    for (const context of contexts) await context.close();
    if (installed) {
      const token = await admins.manager();
      await ioApi(token, 'DELETE', `/flows/${FLOW}`);
    }
    await admins.remove(await adminClient());
  });

  async function signIn(realm: string, username: string): Promise<Page> {
    const context = await getStack().browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${getStack().keycloak.url}/admin/${realm}/console/`);
    await page.fill('#username', username);
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('#kc-login');
    await page.locator('[data-testid="currentRealm"]').waitFor();
    return page;
  }

  /** axe over the whole console page: no serious or critical violation. */
  async function axe(page: Page, label: string): Promise<void> {
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
        resultTypes: ['violations'],
      });
      return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((node) => ({ target: node.target })) }));
    });
    const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(serious, `${label}: ${JSON.stringify(serious, null, 2)}`).to.deep.equal([]);
  }

  async function shot(page: Page, name: string): Promise<void> {
    mkdirSync(docsImages, { recursive: true });
    await page.screenshot({ path: join(docsImages, `admin-${name}.png`), fullPage: true });
  }

  const url = (realm: string, path: string) => `${getStack().keycloak.url}/admin/${realm}/console/#/${realm}/${path}`;

  it('a demo admin opens IO journeys, sees the flows and a versions diff, and every IO page passes axe', async () => {
    const page = await signIn('demo', 'io-e2e-manager');
    await page.locator('[data-testid="nav-item-io-flows"]').click();
    const row = page.locator(`[data-testid="io-flow-${FLOW}"]`);
    await row.waitFor();
    expect(await row.textContent()).to.contain('Active');
    await axe(page, 'flows');
    await shot(page, 'flows');

    await row.getByRole('link').click();
    await page.locator('[data-testid="io-versions-table"]').waitFor();
    if (installed) expect(await page.locator('[data-testid="io-missing-before-publish"]').textContent()).to.contain('terms.intro');
    await page.locator('[data-testid="io-diff-from"]').selectOption('1');
    await page.locator('[data-testid="io-diff-to"]').selectOption('2');
    await page.locator('[data-testid="io-diff-summary"]').waitFor();
    expect(await page.locator('[data-testid="io-diff-summary"]').textContent()).to.contain('name');
    await axe(page, 'versions');
    await shot(page, 'versions-diff');

    for (const [path, ready] of [
      ['io/obligations', '[data-testid="io-obligations-table"]'],
      // The bridge's default set, with its security-essential processors marked.
      ['io/processors', '[data-testid="io-essential-authentication-audit"]'],
      [`io/flows/${FLOW}/messages`, 'text=Messages of'],
      [`io/flows/${FLOW}/design`, '.io-designer__canvas .react-flow__node'],
    ] as const) {
      await page.goto(url('demo', path));
      await page.locator(ready).first().waitFor();
      await axe(page, path);
    }
  });

  it('switches demo-app-plain on and back off in place: the client attribute io.enabled changes', async () => {
    const page = await signIn('demo', 'io-e2e-manager');
    await page.locator('[data-testid="nav-item-io-clients"]').click();
    const row = page.locator('[data-testid="io-client-demo-app-plain"]');
    const toggle = row.locator('input[type="checkbox"]');
    await toggle.waitFor({ state: 'attached' });
    expect(await toggle.isChecked()).to.equal(false);
    await axe(page, 'clients');

    const attribute = async () => {
      const [client] = await (await adminClient()).clients.find({ clientId: 'demo-app-plain' });
      return client?.attributes?.['io.enabled'];
    };
    await toggle.click({ force: true });
    await expectEventually(async () => (await toggle.isChecked()) && (await attribute()) === 'true');
    await shot(page, 'clients');
    await toggle.click({ force: true });
    await expectEventually(async () => !(await toggle.isChecked()) && (await attribute()) !== 'true');
    expect(await attribute()).to.equal('false');
  });

  it("an admin of another realm gets nothing of demo's IO data", async () => {
    const token = await admins.otherRealmAdmin();
    expect((await ioApi(token, 'GET', '/flows')).status).to.equal(403);
    const page = await signIn(OTHER_REALM, 'other-admin');
    await page.goto(url('demo', 'io/flows'));
    await page.waitForTimeout(3000);
    expect(await page.locator('[data-testid="io-flows-table"]').count()).to.equal(0);
    expect(await page.content()).not.to.contain(FLOW);
    // In its own realm the IO pages answer (an empty list or its own flows): the console works, demo's data is not there.
    await page.goto(url(OTHER_REALM, 'io/flows'));
    await page.locator('[data-testid="io-empty"], [data-testid="io-flows-table"]').first().waitFor();
    expect(await page.content()).not.to.contain(FLOW);
  });
});

async function expectEventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect.fail('the condition did not hold in time');
}
