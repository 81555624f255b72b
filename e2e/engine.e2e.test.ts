/**
 * The flow engine through the real stack: a journey that branches, loops with a guard, calls a
 * library flow, changes the user in the real Keycloak and then fails at a third-party system, so
 * the change must be compensated — visibly, in Keycloak.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { FlowSession } from '../bridge/src/journey/flow-session.js';
import { getStack } from './support/stack.js';
import { handleOf, journeysClosedAfterEach, type JourneyRun } from './support/journey.js';
import { adminClient, testUser, useJourneyFlow } from './support/admin.js';

/** Clicks and waits for the next page, wherever it is. */
async function submit(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function fillAndSubmit(page: Page, field: string, value: string): Promise<void> {
  await page.fill(`input[name="${field}"]`, value);
  await submit(page, 'button[type="submit"]');
}

/** The bridge's own record of this browser's journey (its session, found through the journey's handle). */
async function bridgeSession(run: JourneyRun): Promise<FlowSession> {
  const { bridge } = getStack();
  const record = await bridge.store.get(handleOf(run.journeyPath));
  if (!record) throw new Error('the bridge has no session for this browser');
  return record.data;
}

describe('the flow engine, end to end', function () {
  this.timeout(120_000);

  let restoreFlow: () => Promise<void>;
  before(async () => {
    restoreFlow = await useJourneyFlow('e2e-partner-signup');
  });
  after(async () => restoreFlow?.());

  const journey = journeysClosedAfterEach();

  it('follows the branch the user chooses', async () => {
    const { callback } = getStack();
    const run = await journey();
    await submit(run.page, 'button[name="choice"][value="free"]');
    const url = new URL(run.page.url());
    expect(url.href.startsWith(callback.redirectUri), `ended on ${url.href}`).to.equal(true);
    expect(url.searchParams.get('code')).to.be.a('string');
    expect((await bridgeSession(run)).execution.completed.map((step) => `${step.nodeId}:${step.result}`)).to.deep.equal(['plan:free', 'free-welcome:end']);
  });

  it('loops, calls a library flow, and rolls back the Keycloak change when the CRM fails', async () => {
    const { crm, callback } = getStack();
    const admin = await adminClient();
    const before = await testUser(admin);
    const crmRequestsBefore = crm.requests.length;
    const callbacksBefore = callback.hits.length;
    // The CRM fails, but first records what Keycloak says about the user at that moment.
    crm.respondWith(503, async () => (await admin.users.findOne({ id: before.id }))?.attributes ?? {});

    const run = await journey();
    await submit(run.page, 'button[name="choice"][value="pro"]');
    await fillAndSubmit(run.page, 'company', 'acme'); // not a registered name: the loop goes round
    expect(await run.page.textContent('h1')).to.contain('not a registered company name');
    await submit(run.page, 'button[type="submit"]');
    expect(await run.page.inputValue('input[name="company"]'), 'the form shows the last answer again').to.equal('acme');
    await fillAndSubmit(run.page, 'company', 'Acme Rockets Ltd');
    expect(await run.page.textContent('h1')).to.contain('Your department'); // the library flow's screen
    await fillAndSubmit(run.page, 'department', 'Research');

    // Back in Keycloak: the journey failed, so the login fails, with the flow's error code.
    await run.page.waitForLoadState();
    expect(run.page.url().startsWith(getStack().keycloak.url), `ended on ${run.page.url()}`).to.equal(true);
    expect(await run.page.textContent('body')).to.contain('crm_unavailable');
    expect(callback.hits.length, 'no code for a failed journey').to.equal(callbacksBefore);

    // The CRM got the library flow's output, and at that moment Keycloak had the new values...
    expect(crm.requests.length).to.equal(crmRequestsBefore + 1);
    const [request] = crm.requests.slice(-1);
    expect(JSON.parse(request!.body)).to.deep.include({ company: 'Acme Rockets Ltd', department: 'Research', plan: 'pro', user: before.id });
    expect(request!.observed).to.deep.include({ plan: ['pro'], company: ['Acme Rockets Ltd'] });

    // ...which the compensation has taken back out of Keycloak.
    const after = await testUser(admin);
    expect(after.attributes?.plan).to.equal(before.attributes?.plan);
    expect(after.attributes?.company).to.equal(before.attributes?.company);

    const { execution } = await bridgeSession(run);
    expect(execution.status).to.equal('failed');
    expect(execution.error).to.equal('crm_unavailable');
    expect(execution.compensations.map(({ nodeId, status }) => ({ nodeId, status }))).to.deep.equal([{ nodeId: 'save-plan', status: 'compensated' }]);
    const path = execution.completed.map((step) => `${step.nodeId}:${step.result}`);
    expect(path).to.include.ordered.members([
      'plan:pro',
      'company:submitted',
      'company-policy:fail',
      'company-rejected:next',
      'company:submitted',
      'company-policy:pass',
      'department:call',
      'ask:submitted',
    ]);
    expect(execution.trace?.some((entry) => entry.branch === 'call:e2e-department@1')).to.equal(true);
  });

  it('stops a loop at its guard', async () => {
    const run = await journey();
    await submit(run.page, 'button[name="choice"][value="pro"]');
    for (let attempt = 0; attempt < 3; attempt++) {
      await fillAndSubmit(run.page, 'company', 'nope');
      await submit(run.page, 'button[type="submit"]'); // the "not registered" message
    }
    await run.page.waitForLoadState();
    expect(await run.page.textContent('body')).to.contain('loop_guard_exceeded');
    expect((await bridgeSession(run)).execution.error).to.equal('loop_guard_exceeded');
  });
});
