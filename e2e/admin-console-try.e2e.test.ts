/**
 * Try it and Executions in the IO admin console, real Chromium against the real Keycloak and
 * bridge: a demo-realm admin (not a master admin) runs a form flow's draft in the console (the
 * theme's screen in the sandboxed frame, answered with its own button) to `completed` with the
 * variables shown; after a real login through demo-app on that flow, the Executions page lists
 * the journey and draws the funnel numbers on the flow's canvas. The designer's Try it runs its
 * model with unsaved changes, and the designer keeps them. axe: no serious or critical violation on
 * these pages.
 */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { expect } from 'chai';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { adminClient, useJourneyFlow } from './support/admin.js';
import { ADMIN_PASSWORD, bridgeFlow, createAdmins, ioApi, type Admins } from './support/io-admin.js';
import { startJourney, submitProfile } from './support/journey.js';
import { repoRoot } from './support/keycloak.js';
import { getStack } from './support/stack.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const FLOW = 'e2e-console-profile';

describe('IO admin console: Try it and Executions', function () {
  this.timeout(180_000);

  let admin: KcAdminClient;
  let admins: Admins;
  let restoreClient: (() => Promise<void>) | undefined;
  const contexts: BrowserContext[] = [];

  before(async () => {
    admin = await adminClient();
    admins = await createAdmins(admin);
    const token = await admins.manager();
    await ioApi(token, 'DELETE', `/flows/${FLOW}`);
    const created = await ioApi(token, 'POST', '/flows', bridgeFlow('demo-profile', { id: FLOW, name: 'E2E console profile' }));
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const published = await ioApi(token, 'POST', `/flows/${FLOW}/versions`, { comment: 'for the console', activate: true });
    expect(published.status, JSON.stringify(published.body)).to.equal(201);
    restoreClient = await useJourneyFlow(FLOW);
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await restoreClient?.();
    await ioApi(await admins.manager(), 'DELETE', `/flows/${FLOW}`);
    await admins.remove(await adminClient());
  });

  async function signIn(): Promise<Page> {
    const context = await getStack().browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${getStack().keycloak.url}/admin/demo/console/`);
    await page.fill('#username', 'io-e2e-manager');
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('#kc-login');
    await page.locator('[data-testid="currentRealm"]').waitFor();
    return page;
  }

  async function axe(page: Page, label: string): Promise<void> {
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const result = await (
        window as unknown as {
          axe: {
            run(
              context: Document,
              options: object,
            ): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }> }>;
          };
        }
      ).axe.run(document, {
        resultTypes: ['violations'],
      });
      return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((node) => ({ target: node.target })) }));
    });
    const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(serious, `${label}: ${JSON.stringify(serious, null, 2)}`).to.deep.equal([]);
  }

  async function shot(page: Page, name: string): Promise<void> {
    const images = join(repoRoot, 'docs', 'images');
    mkdirSync(images, { recursive: true });
    await page.screenshot({ path: join(images, `admin-${name}.png`), fullPage: true });
  }

  const url = (path: string) => `${getStack().keycloak.url}/admin/demo/console/#/demo/${path}`;

  it('runs the draft of a form flow in Try it: the screen in the frame, answered with its own button, to completed with the variables', async () => {
    const page = await signIn();
    // From the flows list's row actions, as an admin gets there.
    await page.goto(url('io/flows'));
    const row = page.locator(`[data-testid="io-flow-${FLOW}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: 'Kebab toggle' }).click();
    await page.getByRole('menuitem', { name: 'Try it' }).click();
    await page.locator('[data-testid="io-try-form"]').waitFor();
    await axe(page, 'try it (settings)');
    await page.locator('[data-testid="io-try-start"]').click();

    const screen = page.frameLocator('[data-testid="io-try-frame"]');
    await screen.locator('input[name="company"]').fill('Acme Console');
    await screen.locator('input[name="jobTitle"]').fill('Tester');
    expect(await page.locator('[data-testid="io-try-status"]').textContent()).to.equal('Active');
    expect(await page.locator('[data-testid="io-try-trace"]').textContent()).to.contain('profile');
    await axe(page, 'try it (screen)');
    await shot(page, 'try-it');

    await screen.locator('button[type="submit"]').first().click();
    await page.locator('[data-testid="io-try-status"]', { hasText: 'Completed' }).waitFor();
    expect(await page.locator('[data-testid="io-try-outcome"]').textContent()).to.contain('success');
    const variables = JSON.parse((await page.locator('[data-testid="io-try-variables"]').textContent())!);
    expect(variables.flow).to.deep.include({ company: 'Acme Console', jobTitle: 'Tester' });
    expect(await page.locator('[data-testid="io-try-evidence"]').textContent()).to.contain('set_session_note');
    expect(await page.locator('[data-testid="io-try-trace"]').textContent()).to.contain('done');
    await axe(page, 'try it (completed)');

    // Run again: a new run of the draft, back on its first screen.
    await page.locator('[data-testid="io-try-again"]').click();
    await page.locator('[data-testid="io-try-status"]', { hasText: 'Active' }).waitFor();
    await screen.locator('input[name="company"]').waitFor();
  });

  it("runs the designer's unsaved model from the designer's Try it, and the designer keeps the change", async () => {
    const page = await signIn();
    await page.goto(url(`io/flows/${FLOW}/design`));
    await page.locator('[data-testid="node-profile"]').click();
    await page.fill('#io-node-profile-config-title', 'Edited, not saved');

    await page.locator('[data-testid="io-designer-try"]').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('[data-testid="io-try-unsaved"]').waitFor();
    await dialog.locator('[data-testid="io-try-start"]').click();
    const screen = dialog.frameLocator('[data-testid="io-try-frame"]');
    expect(await screen.locator('h1').first().textContent()).to.contain('Edited, not saved');
    await axe(page, 'designer try it');
    const draft = (await ioApi(await admins.manager(), 'GET', `/flows/${FLOW}`)).body.draft;
    expect(JSON.stringify(draft), 'the stored draft is unchanged').not.to.contain('Edited, not saved');

    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.inputValue('#io-node-profile-config-title'), 'the designer keeps its model').to.equal('Edited, not saved');
  });

  it('shows a real login through demo-app in Executions: the journey, its trace, and the funnel on the canvas', async () => {
    const viewer = await admins.viewer();
    const today = new Date().toISOString().slice(0, 10);
    // The bridge keeps counters by flow id: a rerun on the same stack starts above zero.
    const before = (await ioApi(viewer, 'GET', `/flows/${FLOW}/funnel?from=${today}&to=${today}`)).body;
    const run = await startJourney();
    try {
      await submitProfile(run, 'Initech Console');
    } finally {
      await run.context.close();
    }
    const reached = (before.nodes?.profile?.reached ?? 0) + 1;
    const submitted = (before.nodes?.profile?.left?.submitted ?? 0) + 1;

    const page = await signIn();
    await page.goto(url(`io/flows/${FLOW}/executions`));
    const table = page.locator('[data-testid="io-executions-table"]');
    await table.waitFor();
    const journey = table.locator('tbody').first();
    expect(await journey.textContent())
      .to.contain('Completed')
      .and.to.contain('success');
    await journey.getByRole('button').first().click();
    expect(await journey.textContent())
      .to.contain('submitted')
      .and.to.contain('string(15)');
    expect(await page.content(), 'no personal value is shown').not.to.contain('Initech');

    await page.locator('[data-testid="reached-profile"]').waitFor();
    expect(await page.locator('[data-testid="reached-profile"]').textContent()).to.equal(`reached ${reached}`);
    expect(await page.locator('[data-testid="reached-done"]').textContent()).to.equal(`reached ${submitted}`);
    const edgeLabels = await page.locator('[data-testid="io-funnel-canvas"] .react-flow__edge-text').allTextContents();
    expect(edgeLabels).to.include(`submitted: ${submitted}`);
    expect(await page.locator('[data-testid="io-funnel-profile"]').textContent())
      .to.contain(String(reached))
      .and.to.contain(`submitted: ${submitted}`);
    await axe(page, 'executions');
    await shot(page, 'executions');
  });
});
