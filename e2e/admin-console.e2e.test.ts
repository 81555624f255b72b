/**
 * The IO admin console (admin theme io, built from admin-extension/ into the provider jar) in real
 * Chromium against the real Keycloak: a demo-realm admin (not a master admin) signs in to the
 * demo realm's console, opens IO journeys, sees the flows and a versions diff (on the graph and as
 * JSON), switches IO on and back off for demo-app-plain (the client attribute really changes),
 * removes a processor from one flow with a reason (the flow's draft and the admin event keep it),
 * axe finds no serious or critical violation on any IO page, an admin whose locale is German gets
 * the stock texts in German and IO's in English (no message key shown), and an admin of another
 * realm gets nothing of demo's IO data.
 */
import { expect } from 'chai';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { adminClient } from './support/admin.js';
import { repoRoot } from './support/keycloak.js';
import { ADMIN_PASSWORD, bridgeFlow, createAdmins, ioApi, OTHER_REALM, type Admins } from './support/io-admin.js';
import { getStack } from './support/stack.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const docsImages = join(repoRoot, 'docs', 'images');
const FLOW = 'accept-terms';
/** An authentication flow (demo-profile's graph) whose processors are removed on the Processors page. */
const PROCESSORS_FLOW = 'e2e-console-processors';
const REPLACEMENT = 'approved';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

describe('IO admin console (admin theme io)', () => {
  let admins: Admins;
  let installed = false;
  /** The template's definition (version 1), when this suite installed it. */
  let template: { nodes: Array<{ id: string; type: string }>; links: Array<{ from: string; output: string; to: string }> };
  /** The node the terms screen's "accepted" port leads to in version 1; version 2 has it as REPLACEMENT. */
  const acceptedTarget = () => template.links.find((link) => link.from === 'terms' && link.output === 'accepted')!.to;
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
      // Version 2 renames the flow, changes the terms screen and replaces the node "accepted" leads to by a
      // copy under another id (its links follow): a diff with every mark, whatever else the template has.
      const { draft } = (await ioApi(token, 'GET', `/flows/${FLOW}`)).body;
      template = draft;
      const replaced = acceptedTarget();
      const second = {
        ...draft,
        name: 'Accept the terms (v2)',
        nodes: draft.nodes.map((node: { id: string; config: object }) =>
          node.id === replaced
            ? { ...node, id: REPLACEMENT }
            : node.id === 'terms'
              ? { ...node, config: { ...node.config, title: 'Our terms have changed again' } }
              : node,
        ),
        links: draft.links.map((link: { to: string }) => (link.to === replaced ? { ...link, to: REPLACEMENT } : link)),
      };
      expect((await ioApi(token, 'PUT', `/flows/${FLOW}`, second)).status).to.equal(200);
      const published = await ioApi(token, 'POST', `/flows/${FLOW}/versions`, { comment: 'renamed, a new title, accepted leads to a copy of its node' });
      expect(published.status, JSON.stringify(published.body)).to.equal(201);
      // A draft whose German lacks a key English has: the Versions page says so before publishing.
      expect((await ioApi(token, 'PUT', `/flows/${FLOW}/messages/en`, { 'terms.title': 'Terms', 'terms.intro': 'Read them' })).status).to.equal(200);
      expect((await ioApi(token, 'PUT', `/flows/${FLOW}/messages/de`, { 'terms.title': 'Bedingungen' })).status).to.equal(200);
    } else {
      expect(install.status, JSON.stringify(install.body)).to.equal(409);
    }
  });

  after(async () => {
    for (const context of contexts) await context.close();
    const token = await admins.manager();
    if (installed) await ioApi(token, 'DELETE', `/flows/${FLOW}`);
    await ioApi(token, 'DELETE', `/flows/${PROCESSORS_FLOW}`);
    await admins.remove(await adminClient());
  });

  /** Runs `during` with the demo realm's settings changed as `changes`, then puts them back as they were. */
  async function withDemoRealm(changes: Record<string, unknown>, during: () => Promise<void>): Promise<void> {
    const before = await (await adminClient()).realms.findOne({ realm: 'demo' });
    const kept = Object.fromEntries(Object.keys(changes).map((key) => [key, (before as Record<string, unknown>)[key]]));
    await (await adminClient()).realms.update({ realm: 'demo' }, changes);
    try {
      await during();
    } finally {
      await (await adminClient()).realms.update({ realm: 'demo' }, kept);
    }
  }

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
    // The Graph tab: both versions in one graph, each change marked in words (label, accessible name), a legend.
    const graph = page.locator('[data-testid="io-diff-graph"]');
    await graph.locator('.react-flow__node').first().waitFor();
    expect(await page.locator('[data-testid="io-diff-legend"]').textContent()).to.match(/added.*removed.*changed/);
    if (installed) {
      // The union: every node and link of version 2, plus the node and links it no longer has.
      const replaced = acceptedTarget();
      const into = template.links.filter((link) => link.to === replaced).length;
      expect(await graph.locator('.react-flow__node').count()).to.equal(template.nodes.length + 1);
      expect(await graph.locator('.react-flow__edge').count()).to.equal(template.links.length + into);
      const mark = async (node: string) => [
        await graph.locator(`[data-testid="diff-${node}"]`).getAttribute('data-mark'),
        await graph.locator(`[data-testid="diff-${node}"]`).textContent(),
      ];
      expect(await mark(REPLACEMENT)).to.deep.equal(['added', 'added']);
      expect(await mark(replaced)).to.deep.equal(['removed', 'removed']);
      expect(await mark('terms')).to.deep.equal(['changed', 'changed: config']);
      // Nodes version 2 kept as they were carry no mark.
      expect(await graph.locator('[data-testid^="diff-"]').count()).to.equal(3);
      const type = template.nodes.find((node) => node.id === replaced)!.type;
      expect(await graph.locator(`[data-testid="node-${REPLACEMENT}"]`).getAttribute('aria-label')).to.equal(`Node ${REPLACEMENT} (${type}), added`);
      const edge = (label: string) => graph.locator(`.react-flow__edge[aria-label="${label}"]`);
      expect(await edge(`accepted (added) (terms → ${REPLACEMENT})`).getAttribute('class')).to.contain('io-diff-edge--added');
      expect(await edge(`accepted (removed) (terms → ${replaced})`).getAttribute('class')).to.contain('io-diff-edge--removed');
      expect(await graph.locator('.react-flow__edge.io-diff-edge--added').count()).to.equal(into);
      expect(await graph.locator('.react-flow__edge.io-diff-edge--removed').count()).to.equal(into);
    }
    await axe(page, 'versions (diff graph)');
    // The console scrolls its main section, not the document: the screenshot shows the compare panel with its graph.
    await page.locator('[data-testid="io-diff"]').evaluate((panel) => panel.scrollIntoView({ block: 'end' }));
    await shot(page, 'versions-diff');
    await page.getByRole('tab', { name: 'JSON' }).click();
    expect(await page.locator('[data-testid="io-diff"] pre').textContent()).to.contain('"empty": false');
    await axe(page, 'versions (diff JSON)');

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

  it('removes a processor from one flow: asked to confirm with a reason, saved in its draft, recorded as an admin event', async () => {
    const token = await admins.manager();
    expect((await ioApi(token, 'POST', '/flows', bridgeFlow('demo-profile', { id: PROCESSORS_FLOW, name: 'Processors of one flow' }))).status).to.equal(201);
    await withDemoRealm({ adminEventsEnabled: true, adminEventsDetailsEnabled: true }, async () => {
      const page = await signIn('demo', 'io-e2e-manager');
      await page.locator('[data-testid="nav-item-io-processors"]').click();
      await page.getByRole('tab', { name: 'Flows' }).click();
      await page.locator('[data-testid="io-processors-flow"]').selectOption(PROCESSORS_FLOW);
      const table = page.locator('[data-testid="io-processors-table-flow"]');
      await table.waitFor();
      // An authentication flow without settings: the bridge's authentication set, the essential ones marked.
      const listed = async () => await table.locator('tbody td[data-label="Processor"] code').allTextContents();
      expect(await listed()).to.deep.equal(['user-identified', 'user-valid', 'failed-attempts', 'latest-attempt', 'session-renewal', 'audit']);
      expect(await table.locator('[data-testid="io-essential-flow-failed-attempts"]').count()).to.equal(1);
      expect(await table.locator('[data-testid="io-essential-flow-latest-attempt"]').count()).to.equal(0);
      expect(await page.locator('[data-testid="io-flow-processors"]').textContent()).to.contain('once the flow is published');
      expect(page.url()).to.contain(`flow=${PROCESSORS_FLOW}`);
      await axe(page, 'processors of a flow');

      await page.locator('[data-testid="io-processor-flow-failed-attempts"]').getByRole('button', { name: 'Remove' }).click();
      const dialog = page.getByRole('dialog');
      expect(await dialog.textContent()).to.contain('security-essential');
      const confirm = dialog.locator('[data-testid="io-confirm-remove-processor"]');
      expect(await confirm.isDisabled(), 'no removal without a reason').to.equal(true);
      await dialog.locator('#io-remove-reason').fill('The upstream IdP limits attempts');
      await axe(page, 'removing a processor from a flow');
      await confirm.click();
      await dialog.waitFor({ state: 'detached' });
      await expectEventually(async () => !(await listed()).includes('failed-attempts'));
      expect(await page.locator('[data-testid="io-flow-removed"]').textContent()).to.contain('failed-attempts');

      const settings = (await ioApi(token, 'GET', `/flows/${PROCESSORS_FLOW}`)).body.draft.settings;
      expect(settings.processors).to.deep.equal({ remove: ['failed-attempts'], override: { reason: 'failed-attempts: The upstream IdP limits attempts' } });
      const events = await (await adminClient()).realms.findAdminEvents({ realm: 'demo', resourceTypes: 'CUSTOM', operationTypes: 'UPDATE', max: 100 });
      expect(
        events.some(
          (event) => event.resourcePath?.endsWith(`io/flows/${PROCESSORS_FLOW}`) && event.representation?.includes('The upstream IdP limits attempts'),
        ),
      ).to.equal(true);
      // The bridge accepts the draft (the override names why an essential processor goes): it can be published.
      const validated = await ioApi(token, 'POST', `/flows/${PROCESSORS_FLOW}/validate`);
      expect(validated.body.valid, JSON.stringify(validated.body)).to.equal(true);
    });
  });

  it("in German (the admin's locale): the stock texts in German, IO's in English, no message key shown", async () => {
    // The demo realm offers en, de and fr; the viewer (removed after the suite) chooses German.
    const admin = await adminClient();
    const [viewer] = await admin.users.find({ realm: 'demo', username: 'io-e2e-viewer', exact: true });
    await admin.users.update({ realm: 'demo', id: viewer!.id! }, { ...viewer, attributes: { ...viewer!.attributes, locale: ['de'] } });
    const page = await signIn('demo', 'io-e2e-viewer');
    /** No IO message key instead of its text: neither in the page's text nor in its accessible names. */
    const noKeys = async (label: string) => {
      const text = await page.locator('body').innerText();
      const names = await page
        .locator('[aria-label], [title], [placeholder]')
        .evaluateAll((elements) => elements.flatMap((element) => ['aria-label', 'title', 'placeholder'].map((name) => element.getAttribute(name) ?? '')));
      expect(
        [...text.matchAll(/\bio[A-Z][\w.]*/g), ...names.join(' ').matchAll(/\bio[A-Z][\w.]*/g)].map((match) => match[0]),
        label,
      ).to.deep.equal([]);
    };

    await page.locator('[data-testid="nav-item-io-flows"]').click();
    await page.locator(`[data-testid="io-flow-${FLOW}"]`).waitFor();
    const nav = page.locator('.keycloak__page_nav__nav');
    expect(await nav.textContent()).to.contain('Realm-Einstellungen');
    expect(await page.locator('[data-testid="io-nav"]').textContent()).to.equal('IO journeysFlowsClientsObligationsProcessors');
    expect(await page.locator('main').textContent()).to.contain('IO flows of this realm');
    await noKeys('flows');

    // An IO page with the stock console's words (German) and IO's own (English); times written the German way.
    await page.goto(url('demo', `io/flows/${FLOW}/versions`));
    const time = page.locator('[data-testid="io-versions-table"] td[data-label="Time"]').first();
    await time.waitFor();
    expect((await time.textContent())!.trim()).to.match(/^\d{1,2}\.\d{1,2}\.\d{4}, \d{2}:\d{2}:\d{2}$/);
    await noKeys('versions');

    await page.goto(url('demo', 'io/processors'));
    const table = page.locator('[data-testid="io-processors-table-authentication"]');
    await table.waitFor();
    expect(await table.locator('thead').textContent()).to.contain('Beschreibung');
    expect(await table.getByRole('button', { name: 'Entfernen' }).count()).to.be.above(0);
    expect(await table.locator('[data-testid="io-essential-authentication-audit"]').textContent()).to.equal('Security-essential');
    await noKeys('processors');
    await axe(page, 'processors in German');

    await page.goto(url('demo', `io/flows/${FLOW}/design`));
    await page.locator('.io-designer__canvas .react-flow__node').first().waitFor();
    expect(await page.getByRole('button', { name: 'Auto-layout' }).count()).to.equal(1);
    await noKeys('designer');
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
