/**
 * Try it and executions through IO's admin API, against the real Keycloak and bridge: a demo-realm
 * manager runs a draft to its end (the theme's screen, a submitted step, variables, trace) without
 * any journey session, and an unsaved candidate with the realm's stored theme and processor list;
 * viewers and other realms' admins are refused; a real login through demo-app shows up in the
 * flow's executions and funnel, redacted.
 */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { expect } from 'chai';
import { adminClient } from './support/admin.js';
import { OTHER_REALM, bridgeFlow, createAdmins, ioApi, type Admins } from './support/io-admin.js';
import { startJourney, submitProfile } from './support/journey.js';
import { getStack } from './support/stack.js';

const FLOW = 'e2e-try-profile';
const childCss = '/io/static/example-child/example-child.css';
/** Every processor that ran in a run so far, by id. */
const processorsOf = (run: { trace: Array<{ processors: Array<{ processor: string }> }> }) => [
  ...new Set(run.trace.flatMap((entry) => entry.processors.map((record) => record.processor))),
];

describe('Try it and executions (admin API)', function () {
  this.timeout(180_000);

  let admin: KcAdminClient;
  let admins: Admins;
  let manager: string;
  let viewer: string;

  before(async () => {
    admin = await adminClient();
    admins = await createAdmins(admin);
    manager = await admins.manager();
    viewer = await admins.viewer();
    const created = await ioApi(manager, 'POST', '/flows', bridgeFlow('demo-profile', { id: FLOW, name: 'E2E try profile' }));
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
  });

  after(async () => {
    admin = await adminClient();
    await ioApi(await admins.manager(), 'DELETE', `/flows/${FLOW}`);
    await admins.remove(admin);
  });

  it('runs the draft to its end for a manager: the screen, a submitted step, variables and trace, and no journey session', async () => {
    const sessions = await getStack().bridge.store.count();
    const started = await ioApi(manager, 'POST', `/flows/${FLOW}/try`, {
      user: { username: 'tester', email: 'tester@example.test' },
      integrations: 'stubbed',
      locale: 'en',
    });
    expect(started.status, JSON.stringify(started.body)).to.equal(200);
    expect(started.body).to.include({ status: 'active' });
    const { screen } = started.body;
    expect(screen.html).to.contain('name="company"').and.to.contain('<form');
    expect(screen.html)
      .to.contain("form-action 'none'")
      .and.not.to.match(/<script/i);

    const ended = await ioApi(manager, 'POST', `/flows/${FLOW}/try/${started.body.runId}`, {
      stepId: screen.stepId,
      handler: screen.handlers[0],
      values: { company: 'Acme Trial', jobTitle: 'QA' },
    });
    expect(ended.status, JSON.stringify(ended.body)).to.equal(200);
    expect(ended.body).to.include({ status: 'completed', outcome: 'success' });
    expect(ended.body.variables.flow).to.deep.include({ company: 'Acme Trial', jobTitle: 'QA' });
    expect(ended.body.trace.map((entry: { nodeId: string }) => entry.nodeId)).to.include.members(['profile', 'done']);
    expect(ended.body.evidence.actions).to.deep.equal([{ type: 'set_session_note', name: 'company', value: 'Acme Trial' }]);

    expect(await getStack().bridge.store.count(), 'no journey session was created').to.equal(sessions);
  });

  it('tries a definition sent with the request (unsaved edits), and names what Keycloak or the bridge refuses', async () => {
    const edited = bridgeFlow('demo-profile', { id: FLOW, name: 'Edited' });
    edited.nodes[0].config.title = 'Edited title';
    const started = await ioApi(manager, 'POST', `/flows/${FLOW}/try`, { definition: edited, user: { username: 'tester' } });
    expect(started.body.screen.html).to.contain('Edited title');

    const malformed = await ioApi(manager, 'POST', `/flows/${FLOW}/try`, { integrations: 'sometimes', user: { email: 'x' } });
    expect(malformed.status).to.equal(400);
    expect(malformed.body.errors.map((error: { field: string }) => error.field)).to.deep.equal(['integrations']);
    const bridgeFields = await ioApi(manager, 'POST', `/flows/${FLOW}/try`, { user: { email: 'x' } });
    expect(bridgeFields.status).to.equal(400);
    expect(bridgeFields.body.errors.map((error: { field: string }) => error.field)).to.deep.equal(['user/username']);
    // A candidate is checked as validate checks one: a definition of this flow.
    const notThisFlow = await ioApi(manager, 'POST', `/flows/${FLOW}/try`, { definition: { ...edited, id: 'another-flow', name: '' } });
    expect(notThisFlow.status).to.equal(400);
    expect(notThisFlow.body.errors.map((error: { field: string }) => error.field)).to.deep.equal(['definition/name']);
    expect((await ioApi(manager, 'POST', `/flows/${FLOW}/try`, { definition: { ...edited, id: 'another-flow' } })).body.errors).to.deep.equal([
      { field: 'definition/id', message: `must stay "${FLOW}" (a flow's id never changes; create a new flow instead)` },
    ]);
    const invalid = await ioApi(manager, 'POST', `/flows/${FLOW}/try`, {
      definition: { ...edited, nodes: [...edited.nodes, { id: 'stray', type: 'no-such-node' }] },
    });
    expect(invalid.status).to.equal(400);
    expect(invalid.body.errors[0]).to.include({ field: 'draft/type', node: 'stray' });
    expect((await ioApi(manager, 'POST', `/flows/${FLOW}/try/no-such-run`, { stepId: 's', handler: 'submit', values: {} })).status).to.equal(404);
  });

  it("runs an unsaved candidate in the realm's stored theme and with its processor list, as a login of the realm would", async () => {
    const candidate = bridgeFlow('demo-profile', { id: FLOW, name: 'E2E try profile' });
    candidate.nodes[0].config.title = 'Not saved yet';
    const tryIt = async () => {
      const started = await ioApi(manager, 'POST', `/flows/${FLOW}/try`, { definition: candidate, user: { username: 'tester' } });
      expect(started.status, JSON.stringify(started.body)).to.equal(200);
      return started.body;
    };
    const plain = await tryIt();
    expect(plain.screen.html).to.contain('Not saved yet').and.not.to.contain(childCss);
    expect(processorsOf(plain), "the bridge's authentication set").to.include('audit').and.not.to.include('rate-limit');
    expect(JSON.stringify((await ioApi(manager, 'GET', `/flows/${FLOW}`)).body.draft), 'the stored draft is unchanged').not.to.contain('Not saved yet');

    const list = ['user-identified', 'rate-limit'];
    try {
      expect((await ioApi(manager, 'PUT', '/theme', { theme: 'example-child' })).status).to.equal(200);
      expect((await ioApi(manager, 'PUT', '/processors/authentication', { processors: list, reason: 'e2e: Try it runs the realm list' })).status).to.equal(200);
      const realm = await tryIt();
      expect(realm.screen.html).to.contain('Not saved yet').and.to.contain(`href="${childCss}"`);
      expect(processorsOf(realm), "the realm's list").to.deep.equal(list);
    } finally {
      // The realm's theme and lists apply to every later login: leave none behind.
      expect((await ioApi(manager, 'DELETE', '/theme')).status).to.equal(204);
      expect((await ioApi(manager, 'DELETE', '/processors/authentication')).status).to.equal(204);
    }
    expect((await tryIt()).screen.html, 'deleted: the bridge theme again').not.to.contain(childCss);
  });

  it('refuses Try it to a viewer (403) and to an admin of another realm (403 in demo, 404 in their own realm)', async () => {
    const body = { user: { username: 'tester' } };
    expect((await ioApi(viewer, 'POST', `/flows/${FLOW}/try`, body)).status).to.equal(403);
    const other = await admins.otherRealmAdmin();
    expect((await ioApi(other, 'POST', `/flows/${FLOW}/try`, body)).status).to.equal(403);
    expect((await ioApi(other, 'POST', `/flows/${FLOW}/try`, body, OTHER_REALM)).status).to.equal(404);
    expect((await ioApi(other, 'GET', '/flows/demo-profile/executions')).status).to.equal(403);
  });

  it('lists a real login through demo-app in the executions and funnel of demo-profile, without its personal values', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const funnelBefore = (await ioApi(viewer, 'GET', `/flows/demo-profile/funnel?from=${today}&to=${today}`)).body;
    const run = await startJourney();
    try {
      await submitProfile(run, 'Initech Recorded');
    } finally {
      await run.context.close();
    }
    let executions: Array<Record<string, any>> = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      const answer = await ioApi(viewer, 'GET', '/flows/demo-profile/executions?limit=10');
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
      executions = answer.body.executions;
      if (executions[0]?.status === 'completed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [latest] = executions;
    expect(latest).to.deep.include({ flowId: 'demo-profile', status: 'completed', outcome: 'success' });
    expect(latest!.correlationId).to.be.a('string');
    expect(latest!.durationMs).to.be.a('number');
    expect(latest!.trace.map((step: { nodeId: string; result: string }) => `${step.nodeId}:${step.result}`)).to.include('profile:submitted');
    expect(JSON.stringify(executions), 'no personal value is kept').not.to.match(/Initech|alice/);

    const funnel = await ioApi(viewer, 'GET', `/flows/demo-profile/funnel?from=${today}&to=${today}`);
    expect(funnel.status).to.equal(200);
    expect(funnel.body.nodes.profile.reached).to.equal((funnelBefore.nodes?.profile?.reached ?? 0) + 1);
    expect(funnel.body.nodes.profile.left.submitted).to.equal((funnelBefore.nodes?.profile?.left?.submitted ?? 0) + 1);
    const bad = await ioApi(viewer, 'GET', '/flows/demo-profile/funnel?from=2026-13-01');
    expect(bad.status).to.equal(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field)).to.include('from');
  });
});
