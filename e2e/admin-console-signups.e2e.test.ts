/**
 * The console's Sign-up requests page in real Chromium against the real Keycloak and bridge: partners
 * sign up in realm b2b with the partner-signup journey in approval-required mode (as
 * partner-signup.e2e.test.ts does, its support code), then an operator of realm b2b (an admin of
 * that realm, not a master admin) approves one in the console (the user and the organization are
 * enabled in Keycloak) and rejects another with a reason (both removed, the partner mailed why); a
 * decision another operator made first is refused inside the dialog and the list is the server's
 * again; an admin who may only look, in German, sees the requests with no enabled action. axe on
 * the page and the dialogs; it takes the page's screenshot (docs/images/admin-signups.png). The
 * realm's registration mode and locales are put back afterwards (its console stays IO's).
 */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import type RealmRepresentation from '@keycloak/keycloak-admin-client/lib/defs/realmRepresentation.js';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import {
  B2B_REALM,
  b2bAdmin,
  b2bApi,
  b2bRealmAdmin,
  organizationsOf,
  PARTNER_PASSWORD,
  pointRealmMailAtMailbox,
  removeCompany,
  requestPartnership,
  uniqueCompany,
  useRegistrationMode,
  usersWithEmail,
  type SignupRun,
} from './support/b2b.js';
import { repoRoot } from './support/keycloak.js';
import { getStack } from './support/stack.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const OPERATOR_ROLES = ['view-realm', 'manage-realm', 'view-users', 'manage-users'];

describe('IO admin console: sign-up requests (realm b2b)', function () {
  this.timeout(240_000);

  let admin: KcAdminClient;
  let previous: Pick<RealmRepresentation, 'adminTheme' | 'internationalizationEnabled' | 'supportedLocales'>;
  const operators: Array<Awaited<ReturnType<typeof b2bRealmAdmin>>> = [];
  const companies: Array<{ name: string; domain: string; email: string }> = [];
  const contexts: BrowserContext[] = [];
  const runs: SignupRun[] = [];
  /** The companies that wait for a decision, by label. */
  const waiting = new Map<string, { name: string; domain: string; email: string }>();

  before(async () => {
    admin = await b2bAdmin();
    const realm = (await admin.realms.findOne({ realm: B2B_REALM }))!;
    previous = {
      adminTheme: realm.adminTheme,
      internationalizationEnabled: realm.internationalizationEnabled ?? false,
      supportedLocales: realm.supportedLocales ?? [],
    };
    // IO's console for realm b2b's own admins, in English and German.
    await admin.realms.update(
      { realm: B2B_REALM },
      { adminTheme: 'io', internationalizationEnabled: true, supportedLocales: ['en', 'de'], defaultLocale: 'en' },
    );
    await pointRealmMailAtMailbox();
    await useRegistrationMode('approval-required');
    for (const label of ['hooli', 'pied', 'stark']) {
      const made = uniqueCompany(label);
      companies.push(made);
      runs.push(await requestPartnership(made));
      waiting.set(label, made);
    }
  });

  after(async () => {
    await Promise.all([...contexts, ...runs.map((run) => run.context)].map((context) => context.close()));
    for (const made of companies) await removeCompany(made);
    for (const operator of operators) await operator.remove();
    await useRegistrationMode('open');
    await (await b2bAdmin()).realms.update({ realm: B2B_REALM }, previous);
  });

  /** An admin of realm b2b with `roles`, signed in to its console. */
  async function signIn(roles: string[], locale = 'en'): Promise<Page> {
    const operator = await b2bRealmAdmin(roles, locale);
    operators.push(operator);
    const context = await getStack().browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${getStack().keycloak.url}/admin/${B2B_REALM}/console/`);
    await page.fill('#username', operator.username);
    await page.fill('#password', PARTNER_PASSWORD);
    await page.click('#kc-login');
    await page.locator('[data-testid="currentRealm"]').waitFor();
    return page;
  }

  async function openSignups(page: Page): Promise<void> {
    await page.locator('[data-testid="nav-item-io-signups"]').click();
    await page.locator('[data-testid="io-signups-table"]').waitFor();
  }

  const row = (page: Page, email: string) => page.locator(`[data-testid="io-signup-${email}"]`);

  async function axe(page: Page, label: string): Promise<void> {
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

  /** The user of `company` and the organizations of its domain, as Keycloak has them. */
  async function inKeycloak(company: { domain: string; email: string }) {
    const fresh = await b2bAdmin();
    const [user] = await usersWithEmail(fresh, company.email);
    return { user, organizations: await organizationsOf(fresh, company.domain) };
  }

  it('an operator approves one sign-up (user and organization enabled) and rejects another with a reason (both removed)', async () => {
    const hooli = waiting.get('hooli')!;
    const pied = waiting.get('pied')!;
    const page = await signIn(OPERATOR_ROLES);
    await openSignups(page);
    const hooliRow = row(page, hooli.email);
    const cells = await hooliRow.locator('td').allInnerTexts();
    expect(cells.slice(0, 4)).to.deep.equal([hooli.email, 'Pat Lee', hooli.name, hooli.domain]);
    expect(cells[5]).to.equal('Waiting for a decision');
    await axe(page, 'sign-up requests');
    await page.screenshot({ path: join(repoRoot, 'docs', 'images', 'admin-signups.png') });

    // Approve: asked first, then the API's answer; the row goes, Keycloak has both enabled.
    await hooliRow.locator('[data-testid="io-approve-signup"]').click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).to.contain(`${hooli.name} (${hooli.domain})`);
    await axe(page, 'approve dialog');
    await dialog.locator('[data-testid="io-confirm-approve"]').click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.pf-v5-c-alert-group .pf-v5-c-alert', { hasText: `Approved: ${hooli.email}` }).waitFor();
    await hooliRow.waitFor({ state: 'detached' });
    const approved = await inKeycloak(hooli);
    expect(approved.user).to.include({ enabled: true });
    expect(approved.user!.attributes?.['io.approval']).to.equal(undefined);
    expect(approved.organizations).to.have.length(1);
    expect(approved.organizations[0]).to.include({ enabled: true });
    expect((await getStack().mailbox.nextMail(hooli.email)).subject).to.equal(`Your partner account for ${hooli.name} is approved`);

    // Reject: no reason, no rejection; with one, the partner is mailed it and both are removed.
    const piedRow = row(page, pied.email);
    await piedRow.locator('[data-testid="io-reject-signup"]').click();
    const confirm = dialog.locator('[data-testid="io-confirm-reject"]');
    expect(await confirm.isDisabled()).to.equal(true);
    await dialog.locator('#io-reject-reason').fill('We only partner with resellers.');
    await axe(page, 'reject dialog');
    await confirm.click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.pf-v5-c-alert-group .pf-v5-c-alert', { hasText: `Rejected: ${pied.email}` }).waitFor();
    await piedRow.waitFor({ state: 'detached' });
    expect(await inKeycloak(pied)).to.deep.equal({ user: undefined, organizations: [] });
    expect((await getStack().mailbox.nextMail(pied.email)).text).to.contain('The reason: We only partner with resellers.');

    const events = await (await b2bAdmin()).realms.findAdminEvents({ realm: B2B_REALM, resourceTypes: 'CUSTOM', max: 100 });
    const paths = events.map((event) => `${event.operationType} ${event.resourcePath}`);
    expect(paths).to.include(`UPDATE io/signups/${approved.user!.id}/approve`);
    expect(paths.some((path) => path.startsWith('DELETE io/signups/') && path.endsWith('/reject'))).to.equal(true);
  });

  it('an admin who may only look, in German: the requests in German, no enabled action, no message key', async () => {
    const stark = waiting.get('stark')!;
    const page = await signIn(['view-realm', 'view-users'], 'de');
    await openSignups(page);
    expect(await page.locator('h1').first().innerText()).to.equal('Registrierungsanfragen');
    const starkRow = row(page, stark.email);
    expect(await starkRow.locator('td').nth(5).innerText()).to.equal('Wartet auf Entscheidung');
    for (const button of await starkRow.getByRole('button').all()) expect(await button.isDisabled()).to.equal(true);
    expect(await page.locator('[data-testid="io-signups-view-only"]').innerText()).to.contain('Sie dürfen die Registrierungsanfragen sehen');
    const text = await page.locator('body').innerText();
    expect([...text.matchAll(/\bio[A-Z][\w.]*/g)].map((match) => match[0])).to.deep.equal([]);
    await axe(page, 'sign-up requests in German, view only');
    expect((await inKeycloak(stark)).user).to.include({ enabled: false });
  });

  it('a decision another operator made first: the refusal in the dialog, which stays open, and the list as the server has it', async () => {
    const stark = waiting.get('stark')!;
    const page = await signIn(OPERATOR_ROLES);
    await openSignups(page);
    await row(page, stark.email).locator('[data-testid="io-reject-signup"]').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('#io-reject-reason').fill('Not a reseller.');
    // Meanwhile another operator rejects it through the API.
    const { user } = await inKeycloak(stark);
    expect((await b2bApi('POST', `/signups/${user!.id}/reject`, { reason: 'Decided elsewhere.' })).status).to.equal(200);
    await getStack().mailbox.nextMail(stark.email);
    await dialog.locator('[data-testid="io-confirm-reject"]').click();
    const refusal = dialog.locator('[data-testid="io-error"]');
    await refusal.waitFor();
    expect(await refusal.innerText())
      .to.contain('Not decided')
      .and.to.contain(`no sign-up waiting for a decision with user id "${user!.id}"`);
    await axe(page, 'reject dialog with a refusal');
    await row(page, stark.email).waitFor({ state: 'detached' });
    expect(await dialog.isVisible()).to.equal(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-testid="io-empty"], [data-testid="io-signups-table"]').first().waitFor();
  });
});
