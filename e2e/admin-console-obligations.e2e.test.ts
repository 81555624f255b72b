/**
 * The Obligations page's rules in real Chromium against the real Keycloak and bridge: a demo-realm
 * admin (not a master admin) adds a rule as JSON, sees Keycloak's parser refuse a bad one in the
 * dialog, applies a good one, turns obligations on for every client and saves; the realm's
 * attributes then hold the rule, and a login through demo-app-plain (IO off) of a user who owes the
 * obligation runs the library flow the realm maps it to (the handoff names it and its published
 * version), whose acceptance lands on the user. axe on the page and the dialog. Everything is put
 * back afterwards: rules, mapping, the user's attributes, the flow.
 */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { expect } from 'chai';
import { decodeJwt } from 'jose';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { createRelyingParty } from '../demo/relying-party.js';
import { adminClient, testUser } from './support/admin.js';
import { ADMIN_PASSWORD, bridgeFlow, createAdmins, ioApi, type Admins } from './support/io-admin.js';
import { handoffToken, startJourney, type JourneyRun } from './support/journey.js';
import { getStack } from './support/stack.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const LIBRARY = 'e2e-console-terms';
const VERSION = '2099-02';

describe('IO admin console: obligation rules', function () {
  this.timeout(180_000);

  let admin: KcAdminClient;
  let admins: Admins;
  let manager: string;
  let page: Page;
  let previous: { rules: unknown; mapping: unknown; userAttributes: Record<string, string[]> };
  const contexts: BrowserContext[] = [];
  const runs: JourneyRun[] = [];

  before(async () => {
    admin = await adminClient();
    admins = await createAdmins(admin);
    manager = await admins.manager();
    const { rules, scope } = (await ioApi(manager, 'GET', '/obligation-rules')).body;
    previous = {
      rules: { rules, scope },
      mapping: (await ioApi(manager, 'GET', '/obligation-flows')).body,
      userAttributes: (await testUser(admin)).attributes ?? {},
    };
    // The realm keeps the library flow, published and active, and maps the terms obligation to it.
    await ioApi(manager, 'DELETE', `/flows/${LIBRARY}`);
    expect((await ioApi(manager, 'POST', '/flows', bridgeFlow('accept-terms', { id: LIBRARY, name: 'E2E console terms' }))).status).to.equal(201);
    expect((await ioApi(manager, 'POST', `/flows/${LIBRARY}/versions`, { comment: 'for the console', activate: true })).status).to.equal(201);
    expect((await ioApi(manager, 'PUT', '/obligation-flows', { require_terms_acceptance: LIBRARY })).status).to.equal(200);

    const context = await getStack().browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    contexts.push(context);
    page = await context.newPage();
    await page.goto(`${getStack().keycloak.url}/admin/demo/console/`);
    await page.fill('#username', 'io-e2e-manager');
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('#kc-login');
    await page.locator('[data-testid="currentRealm"]').waitFor();
  });

  after(async () => {
    await Promise.all([...contexts, ...runs.map((run) => run.context)].map((context) => context.close()));
    if (!admins) return;
    admin = await adminClient();
    // The master admin's token: while the rule applies to every client, the demo admins owe it too (no password grant).
    const token = (await admin.getAccessToken())!;
    await ioApi(token, 'PUT', '/obligation-rules', previous.rules);
    await ioApi(token, 'PUT', '/obligation-flows', previous.mapping);
    await ioApi(token, 'DELETE', `/flows/${LIBRARY}`);
    const user = await testUser(admin);
    await admin.users.update({ id: user.id }, { ...user, attributes: previous.userAttributes });
    await admins.remove(admin);
  });

  async function axe(label: string): Promise<void> {
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const result = await (
        window as unknown as {
          axe: {
            run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> }>;
          };
        }
      ).axe.run(document, {
        resultTypes: ['violations'],
      });
      return result.violations.map(({ id, impact, nodes }) => ({ id, impact, nodes: nodes.map((node) => ({ target: node.target })) }));
    });
    const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(serious, `${label}: ${JSON.stringify(serious, null, 2)}`).to.deep.equal([]);
  }

  it("edits the rules in the page: Keycloak's parser refuses a bad rule in the dialog, a good one is applied and saved with the scope", async () => {
    await page.locator('[data-testid="nav-item-io-obligations"]').click();
    await page.locator('[data-testid="io-rules-table"]').waitFor();
    await axe('obligations');

    await page.locator('[data-testid="io-add-rule"]').click();
    const dialog = page.getByRole('dialog');
    const json = dialog.locator('[data-testid="io-rule-json"]');
    // Not even JSON: the dialog says so and cannot apply it.
    await json.fill('{"type": ');
    expect(await dialog.locator('[data-testid="io-apply-rule"]').isDisabled()).to.equal(true);
    // JSON, but a condition without its value: Keycloak's parser names the place, in the dialog.
    await json.fill(
      JSON.stringify({ type: 'require_terms_acceptance', params: { version: VERSION }, when: { attributeOlderThan: { attribute: 'io_terms_version' } } }),
    );
    await dialog.locator('[data-testid="io-apply-rule"]').click();
    const problem = dialog.locator('[data-testid="io-problems"]');
    await problem.waitFor();
    expect(await problem.textContent())
      .to.contain('rules/0')
      .and.to.contain('rules[0].when.attributeOlderThan must be {"attribute": name, "value": string}');
    await axe('rule dialog with a problem');
    expect((await ioApi(manager, 'GET', '/obligation-rules')).body.rules, 'nothing written').to.deep.equal([]);

    const rule = {
      type: 'require_terms_acceptance',
      params: { version: VERSION },
      when: { attributeOlderThan: { attribute: 'io_terms_version', value: VERSION } },
    };
    await json.fill(JSON.stringify(rule, null, 2));
    await dialog.locator('[data-testid="io-apply-rule"]').click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator('[data-testid="io-rule-0"]');
    expect(await row.textContent())
      .to.contain('require_terms_acceptance')
      .and.to.contain('mandatory')
      .and.to.contain(`attributeOlderThan: io_terms_version < ${VERSION}`);

    // Applied, not yet saved; then every client's logins, and save.
    expect((await ioApi(manager, 'GET', '/obligation-rules')).body.rules).to.deep.equal([]);
    await page.locator('label[for="io-rules-scope"]').click();
    await page.locator('[data-testid="io-save-rules"]').click();
    await page.locator('.pf-v5-c-alert-group .pf-v5-c-alert', { hasText: 'Obligation rules saved' }).waitFor();
    expect((await ioApi(manager, 'GET', '/obligation-rules')).body).to.deep.equal({ rules: [rule], scope: 'all' });
    const attributes = (await (await adminClient()).realms.findOne({ realm: 'demo' }))!.attributes!;
    expect(JSON.parse(attributes['io.obligations'])).to.deep.equal([rule]);
    expect(attributes['io.obligations.clients']).to.equal('all');
  });

  it('then a login of a user who owes the obligation runs the flow the realm maps it to, and the acceptance lands on the user', async () => {
    const { keycloak, callback } = getStack();
    const plain = await createRelyingParty({ issuer: keycloak.issuer, clientId: 'demo-app-plain', redirectUri: callback.redirectUri });
    const run = await startJourney(plain);
    runs.push(run);
    const handoff = decodeJwt(handoffToken(run.handoffs[0]!));
    expect(handoff['obligations']).to.deep.equal([{ type: 'require_terms_acceptance', mode: 'mandatory', params: { version: VERSION }, flow: LIBRARY }]);
    expect((handoff['flow_versions'] as Array<{ id: string; version: number }>)[0]).to.deep.include({ id: LIBRARY, version: 1 });
    expect(await run.page.textContent('body')).to.contain(VERSION);

    await run.page.check('input[name="accept"]');
    await Promise.all([
      run.page.waitForURL((url) => url.href.startsWith(callback.redirectUri), { waitUntil: 'load' }),
      run.page.click('form:has(input[name="accept"]) button[type="submit"]'),
    ]);
    expect(new URL(run.page.url()).searchParams.get('code')).to.be.a('string');
    expect((await testUser(await adminClient())).attributes?.['io_terms_version']).to.deep.equal([VERSION]);
  });
});
