/**
 * The flow designer in the IO admin console, end to end (issue 10, "Done when"), in real Chromium
 * against the real Keycloak with the extension: a demo-realm admin (realm-management roles, not a
 * master admin) creates a flow, builds it on the canvas from the palette (a form and an end node),
 * fills in their generated settings forms, sees the bridge's validation errors on the unconnected
 * nodes, connects them, saves, publishes and activates it, switches it on for demo-app-plain on the
 * Clients page; a login through demo-app-plain then runs it. A second version changes the form's
 * title (the publish dialog first lists the message keys a locale lacks); rolling back on the
 * Versions page brings logins back to the first title. Everything it
 * changed is put back (demo-app-plain off, the flow deleted) through the console too.
 *
 * Another realm's admin seeing nothing of demo's IO data is admin-console.e2e.test.ts's.
 */
import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { createRelyingParty, type RelyingParty } from '../demo/relying-party.js';
import { adminClient } from './support/admin.js';
import { ADMIN_PASSWORD, createAdmins, ioApi, type Admins } from './support/io-admin.js';
import { handoffToken, startJourney, type JourneyRun } from './support/journey.js';
import { repoRoot } from './support/keycloak.js';
import { getStack } from './support/stack.js';

const FLOW = 'e2e-designed';
const CLIENT = 'demo-app-plain';
const FIELD = 'favouriteColour';
const TITLE_V1 = 'Designed in the console';
const TITLE_V2 = 'Designed in the console, second take';

describe('IO admin console: designing a flow that logins run', function () {
  this.timeout(300_000);
  let admins: Admins;
  let page: Page;
  let plainParty: RelyingParty;
  const contexts: BrowserContext[] = [];
  const runs: JourneyRun[] = [];

  const url = (path: string) => `${getStack().keycloak.url}/admin/demo/console/#/demo/${path}`;
  const clientAttributes = async () => {
    const [client] = await (await adminClient()).clients.find({ realm: 'demo', clientId: CLIENT });
    return client!.attributes ?? {};
  };

  /** demo-app-plain off and without a flow, FLOW gone: as the realm was imported. */
  async function putBack(): Promise<void> {
    const token = await admins.manager();
    const [client] = await (await adminClient()).clients.find({ realm: 'demo', clientId: CLIENT });
    await ioApi(token, 'PUT', `/clients/${client!.id}`, { enabled: false, flow: null });
    await ioApi(token, 'DELETE', `/flows/${FLOW}`);
  }

  before(async () => {
    const { keycloak, callback } = getStack();
    admins = await createAdmins(await adminClient());
    await putBack();
    plainParty = await createRelyingParty({ issuer: keycloak.issuer, clientId: CLIENT, redirectUri: callback.redirectUri });
    const context = await getStack().browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    contexts.push(context);
    page = await context.newPage();
    page.on('pageerror', (error) => console.log(`console page error: ${error.message}`));
    await page.goto(`${keycloak.url}/admin/demo/console/`);
    await page.fill('#username', 'io-e2e-manager');
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('#kc-login');
    await page.locator('[data-testid="currentRealm"]').waitFor();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await page.screenshot({ path: `/tmp/io-designer-e2e-${this.currentTest.title.slice(0, 20).replace(/\W+/g, '-')}.png`, fullPage: true });
  });

  after(async () => {
    await Promise.all([...contexts, ...runs.map((run) => run.context)].map((context) => context.close()));
    if (admins) {
      await putBack();
      await admins.remove(await adminClient());
    }
  });

  /** A login through demo-app-plain, stopped on the bridge's first screen. */
  async function login(): Promise<JourneyRun> {
    const run = await startJourney(plainParty);
    runs.push(run);
    return run;
  }
  const heading = async (run: JourneyRun) => (await run.page.locator('h1').first().textContent())!.trim();

  /** The toast the console shows after an action. */
  const toast = (text: string | RegExp) => page.locator('.pf-v5-c-alert-group .pf-v5-c-alert').filter({ hasText: text }).first().waitFor();

  /** Drags from the centre of one element to the centre of another with the mouse, in steps (as reactflow's connection drag expects). */
  async function dragWithMouse(from: Locator, to: Locator): Promise<void> {
    const start = (await from.boundingBox())!;
    const end = (await to.boundingBox())!;
    await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
    await page.mouse.down();
    await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 12 });
    await page.mouse.up();
  }

  /** Publishes the draft from the designer with a comment, activating the version; `missing`: what the dialog must say the messages lack first. */
  async function publishFromDesigner(comment: string, version: number, missing?: string): Promise<void> {
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.getByRole('dialog');
    if (missing) expect(await dialog.locator('[data-testid="io-missing-before-publish"]').textContent()).to.contain(missing);
    await dialog.locator('#io-publish-comment').fill(comment);
    await dialog.locator('#io-publish-activate').check();
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await toast(`Version ${version} was published and is active`);
    await dialog.waitFor({ state: 'detached' });
  }

  it('creates a flow, builds it from the palette, sees the unconnected nodes flagged, connects them, saves and publishes it', async () => {
    await page.locator('[data-testid="nav-item-io-flows"]').click();
    await page.locator('[data-testid="io-create-flow"]').click();
    await page.fill('#io-new-flow-id', FLOW);
    await page.fill('#io-new-flow-name', 'Designed in the console');
    await page.locator('#io-new-flow-category').selectOption('authentication');
    await page.locator('[data-testid="io-confirm-create-flow"]').click();

    // The designer opens on the empty draft.
    const canvas = page.locator('.io-designer__canvas');
    await canvas.waitFor();
    expect(page.url()).to.contain(`/io/flows/${FLOW}/design`);
    expect(await page.locator('.react-flow__node').count()).to.equal(0);

    // A form node dragged from the palette onto the canvas: it is selected, its settings form is generated from its schema.
    await page.locator('[data-testid="palette-form"]').dragTo(canvas, { targetPosition: { x: 300, y: 120 } });
    await page.locator('[data-testid="node-form"]').waitFor();
    await page.fill('#io-node-form-config-title', TITLE_V1);
    await page.getByRole('button', { name: 'Add to fields' }).click();
    await page.fill('#io-node-form-config-fields-0-name', FIELD);
    await page.fill('#io-node-form-config-fields-0-label', 'Favourite colour');
    await page.locator('#io-node-form-config-fields-0-type').selectOption('text');
    await page.locator('#io-node-form-config-fields-0-required').check();

    // An end node, with the keyboard this time (Enter on the palette item adds it at the canvas centre), then its outcome.
    await page.locator('[data-testid="palette-end"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="node-end"]').waitFor();
    await page.locator('#io-node-end-config-outcome').selectOption('success');
    // Side by side, so the connection drag below cannot hit the wrong node.
    await page.getByRole('button', { name: 'Auto-layout' }).click();

    // Not connected yet: the bridge's validation, live, flags both nodes.
    const formIssue = page.locator('[data-testid="issue-form"]');
    const endIssue = page.locator('[data-testid="issue-end"]');
    await endIssue.waitFor();
    await formIssue.waitFor();
    expect(await formIssue.textContent()).to.contain('port "submitted" is not linked');
    expect(await endIssue.textContent()).to.contain('unreachable');
    expect(await page.locator('.io-designer__toolbar').textContent()).to.match(/\d+ problems/);
    // Auto-layout fits the view: both nodes are inside the canvas.
    await expectEventually(async () => {
      const box = (await canvas.boundingBox())!;
      const inside = async (id: string) => {
        const node = (await page.locator(`[data-testid="node-${id}"]`).boundingBox())!;
        return node.x >= box.x && node.y >= box.y && node.x + node.width <= box.x + box.width && node.y + node.height <= box.y + box.height;
      };
      return (await inside('form')) && (await inside('end'));
    });

    // Connect the form's "submitted" port to the end node: the problems go away.
    await dragWithMouse(page.locator('[data-testid="port-form-submitted"]'), page.locator('[data-testid="target-end"]'));
    await page.locator('.react-flow__edge').first().waitFor();
    await formIssue.waitFor({ state: 'detached' });
    await endIssue.waitFor({ state: 'detached' });
    await page.locator('.io-designer__toolbar').getByText('Valid', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Save draft' }).click();
    await toast('The draft was saved');
    const draft = (await ioApi(await admins.manager(), 'GET', `/flows/${FLOW}`)).body.draft;
    expect(draft.start).to.equal('form');
    expect(draft.links).to.deep.equal([{ from: 'form', output: 'submitted', to: 'end' }]);
    expect(draft.nodes.map((node: { id: string; type: string; config: unknown }) => [node.id, node.type, node.config])).to.deep.equal([
      ['form', 'form', { title: TITLE_V1, fields: [{ name: FIELD, label: 'Favourite colour', type: 'text', required: true }] }],
      ['end', 'end', { outcome: 'success' }],
    ]);

    await page.locator('[data-testid="node-form"]').click();
    // Selecting a node is no edit: the saved draft stays saved.
    expect(await page.getByRole('button', { name: 'Save draft' }).isDisabled()).to.equal(true);
    // The screenshot: the palette and the form's settings from their tops, no toast over the header.
    await page.locator('.pf-v5-c-alert-group .pf-v5-c-alert button[aria-label^="Close"]').first().click();
    await page.evaluate(() => document.querySelectorAll('.io-designer-palette, .io-designer__panel').forEach((element) => element.scrollTo(0, 0)));
    mkdirSync(join(repoRoot, 'docs', 'images'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'docs', 'images', 'admin-designer.png'), fullPage: true });

    await publishFromDesigner('designed in the console', 1);
    const versions = (await ioApi(await admins.manager(), 'GET', `/flows/${FLOW}/versions`)).body;
    expect(
      versions.map((version: { version: number; comment: string; active: boolean; author: string }) => [
        version.version,
        version.comment,
        version.active,
        version.author,
      ]),
    ).to.deep.equal([[1, 'designed in the console', true, 'io-e2e-manager']]);
  });

  it('switches the flow on for demo-app-plain on the Clients page; a login through demo-app-plain runs it', async () => {
    await page.locator('[data-testid="nav-item-io-clients"]').click();
    const row = page.locator(`[data-testid="io-client-${CLIENT}"]`);
    await row.locator('select').selectOption(FLOW);
    await expectEventually(async () => (await clientAttributes())['io.flow'] === FLOW);
    const toggle = row.locator('input[type="checkbox"]');
    await expectEventually(async () => (await row.locator('select').inputValue()) === FLOW && (await toggle.isEnabled()));
    await toggle.click({ force: true });
    await expectEventually(async () => (await toggle.isChecked()) && (await clientAttributes())['io.enabled'] === 'true');

    const run = await login();
    expect(await heading(run)).to.equal(TITLE_V1);
    await run.page.locator(`input[name="${FIELD}"]`).waitFor();
    const claims = decodeJwt(handoffToken(run.handoffs[0]!));
    expect((claims['flow_versions'] as Array<{ id: string; version: number }>)[0]).to.deep.include({ id: FLOW, version: 1 });

    // The journey ends at the end node with success: Keycloak finishes the login and the relying party gets its tokens.
    await run.page.fill(`input[name="${FIELD}"]`, 'teal');
    await Promise.all([run.page.waitForURL((next) => next.href.startsWith(getStack().callback.redirectUri)), run.page.click('button[type="submit"]')]);
    const tokens = await plainParty.completeLogin(new URL(run.page.url()), run.pending);
    expect(tokens.claims()!['azp']).to.equal(CLIENT);
    expect(tokens.claims()!['preferred_username']).to.equal('alice');
  });

  it('a second version changes the title for new logins; rolling back on the Versions page returns them to the first', async () => {
    await page.goto(url(`io/flows/${FLOW}/design`));
    await page.locator('[data-testid="node-form"]').click();
    await page.fill('#io-node-form-config-title', TITLE_V2);
    // German lacks a key English has: the publish dialog says so before the version freezes the messages.
    const token = await admins.manager();
    expect((await ioApi(token, 'PUT', `/flows/${FLOW}/messages/en`, { 'form.title': 'Colour', 'form.help': 'Any colour' })).status).to.equal(200);
    expect((await ioApi(token, 'PUT', `/flows/${FLOW}/messages/de`, { 'form.title': 'Farbe' })).status).to.equal(200);
    // Publishing saves the changed draft first.
    await publishFromDesigner('a new title', 2, 'de lacks 1 key(s) other locales have: form.help');
    expect(await heading(await login())).to.equal(TITLE_V2);

    await page.goto(url(`io/flows/${FLOW}/versions`));
    const first = page.locator('[data-testid="io-versions-table"] tbody tr').filter({ has: page.locator('td[data-label="Version"]', { hasText: /^1$/ }) });
    await first.getByRole('button', { name: 'Kebab toggle' }).click();
    await page.getByRole('menuitem', { name: 'Roll back to this version' }).click();
    await toast(/rolled back|Rolled back/i);
    await first.getByText('Active').waitFor();

    const run = await login();
    expect(await heading(run)).to.equal(TITLE_V1);
    expect((decodeJwt(handoffToken(run.handoffs[0]!))['flow_versions'] as Array<{ id: string; version: number }>)[0]).to.deep.include({ id: FLOW, version: 1 });
  });

  it('puts everything back through the console: demo-app-plain off and without the flow, the flow deleted', async () => {
    await page.locator('[data-testid="nav-item-io-clients"]').click();
    const row = page.locator(`[data-testid="io-client-${CLIENT}"]`);
    const toggle = row.locator('input[type="checkbox"]');
    await expectEventually(async () => await toggle.isChecked());
    await toggle.click({ force: true });
    await expectEventually(async () => !(await toggle.isChecked()) && (await clientAttributes())['io.enabled'] === 'false' && (await toggle.isEnabled()));
    await row.locator('select').selectOption('');
    await expectEventually(async () => (await clientAttributes())['io.flow'] === undefined);

    await page.locator('[data-testid="nav-item-io-flows"]').click();
    const flowRow = page.locator(`[data-testid="io-flow-${FLOW}"]`);
    await flowRow.getByRole('button', { name: 'Kebab toggle' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.locator('[data-testid="io-confirm-delete"]').click();
    await flowRow.waitFor({ state: 'detached' });
    expect((await ioApi(await admins.manager(), 'GET', `/flows/${FLOW}`)).status).to.equal(404);
  });
});

async function expectEventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect.fail('the condition did not hold in time');
}
