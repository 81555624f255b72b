/** Try it: POST /io/admin/try and /io/admin/try/{runId}, test runs of drafts in a namespace of their own. */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { JWTPayload } from 'jose';
import type { Logger } from '../../src/audit/logger.js';
import { flowRuntime } from '../../src/flow-runtime.js';
import { TryRuns, tryRunTtlSeconds, type TryRun } from '../../src/journey/try-runs.js';
import type { Services } from '../../src/engine/services.js';
import { startBridge, type RunningBridge } from '../../src/server.js';
import { MemorySessionStore } from '../../src/store/memory-session-store.js';
import { MemoryCounterStore } from '../../src/store/memory-counter-store.js';
import { silentLogger } from '../support/browser.js';
import { LocalIssuer } from '../support/local-issuer.js';
import { askPhone, signup } from '../support/published-definitions.js';

const audience = 'http://bridge.test';
const now = () => Math.floor(Date.now() / 1000);
const sha256 = (body: string) => createHash('sha256').update(body, 'utf8').digest('hex');
const childCss = '/io/static/example-child/example-child.css';
/** Every processor that ran in a run so far, by id, in the order first seen. */
const processorsOf = (answer: Record<string, any>): string[] => [
  ...new Set<string>(answer['trace'].flatMap((entry: { processors: Array<{ processor: string }> }) => entry.processors.map((record) => record.processor))),
];

/** A draft: a form, a welcome mail (an integration: stubbed), then success with the company as a session note. */
/** The run's user (an authentication flow's processors need an identified user). */
const tester = { username: 'tester', email: 'tester@example.com' };

const draft = {
  schemaVersion: 1,
  id: 'welcome',
  version: '3',
  name: 'Welcome',
  category: 'authentication',
  permissions: [{ type: 'set_session_note', names: ['company'] }],
  variables: { company: { type: 'string' } },
  start: 'ask',
  nodes: [
    {
      id: 'ask',
      type: 'form',
      config: { title: 'Your company', fields: [{ name: 'company', label: 'Company', type: 'text', required: true }] },
      outputs: { 'flow.company': 'result.company' },
    },
    { id: 'mail', type: 'send-email', config: { subject: 'Welcome', text: 'Hello from {{flow.company}}' } },
    { id: 'done', type: 'end', config: { outcome: 'success', sessionNotes: { company: 'flow.company' } } },
    { id: 'failed', type: 'end', config: { outcome: 'failure', error: 'mail_failed' } },
  ],
  links: [
    { from: 'ask', output: 'submitted', to: 'mail' },
    { from: 'mail', output: 'sent', to: 'done' },
    { from: 'mail', output: 'failure', to: 'failed' },
  ],
};

describe('Try it: POST /io/admin/try', () => {
  let alpha: LocalIssuer;
  let beta: LocalIssuer;
  let bridge: RunningBridge;
  const logged: string[] = [];
  const logger: Logger = { ...silentLogger, info: (event) => void logged.push(event) };

  before(async () => {
    [alpha, beta] = await Promise.all([LocalIssuer.start('alpha'), LocalIssuer.start('beta')]);
    bridge = await startBridge({ trustedIssuers: [alpha.issuer, beta.issuer], port: 0, publicUrl: audience, allowHttp: true, logLevel: 'silent' }, { logger });
  });
  after(async () => {
    await bridge?.close();
    await Promise.all([alpha?.close(), beta?.close()]);
  });

  const token = (body: string, { issuer = alpha, ...overrides }: JWTPayload & { issuer?: LocalIssuer } = {}) =>
    issuer.sign(
      {
        iss: issuer.issuer,
        aud: audience,
        iat: now(),
        exp: now() + 60,
        jti: crypto.randomUUID(),
        sub: 'admin-1',
        purpose: 'try-flow',
        body_sha256: sha256(body),
        ...overrides,
      },
      { typ: 'io-admin+jwt' },
    );

  const post = async (path: string, body: unknown, claims: JWTPayload & { issuer?: LocalIssuer } = {}) => {
    const text = JSON.stringify(body);
    const response = await fetch(`${bridge.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token(text, claims)}`, 'content-type': 'application/json' },
      body: text,
    });
    expect(response.headers.get('content-type')).to.match(/^application\/json/);
    return { status: response.status, json: (await response.json()) as Record<string, any> };
  };

  it('runs a draft to its end: the theme screen, a submitted step, variables, trace and the evidence it would send', async () => {
    const sessionsBefore = await bridge.store.count();
    const started = await post('/io/admin/try', { flow: draft, user: tester });
    expect(started.status).to.equal(200);
    expect(started.json).to.include({ status: 'active' });
    const { html, stepId, handlers } = started.json['screen'];
    expect(html)
      .to.match(/<form class="io-form"/)
      .and.to.contain('name="company"')
      .and.to.contain('Your company');
    expect(html, 'no script can run, no form can post')
      .to.contain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`)
      .and.to.contain("form-action 'none'");
    expect(html).not.to.match(/<script/i);
    expect(html).to.contain(`<base href="${audience}/">`);
    expect(handlers).to.deep.equal(['submit']);

    const ended = await post(`/io/admin/try/${started.json['runId']}`, { stepId, handler: 'submit', values: { company: 'Acme' } });
    expect(ended.status).to.equal(200);
    expect(ended.json).to.include({ runId: started.json['runId'], status: 'completed', outcome: 'success' });
    expect(ended.json['screen']).to.equal(undefined);
    expect(ended.json['variables']).to.deep.equal({ flow: { company: 'Acme' }, session: {} });
    expect(ended.json['trace'].map((entry: { nodeId: string; branch: string }) => [entry.nodeId, entry.branch])).to.deep.equal([
      ['ask', 'wait'],
      ['ask', 'submitted'],
      ['mail', 'sent'],
      ['done', 'end'],
    ]);
    expect(ended.json['evidence']).to.deep.include({ outcome: 'success', actions: [{ type: 'set_session_note', name: 'company', value: 'Acme' }] });
    expect(ended.json['evidence']).not.to.have.property('token');
    expect(ended.json['mail'], 'the stubbed send-email node sends nothing').to.deep.equal([]);

    expect(await bridge.store.count(), 'no journey session').to.equal(sessionsBefore);
    expect(
      logged.filter((event) => /^(evidence_issued|handoff_accepted|step_completed)$/.test(event)),
      'nothing signed, no journey audited',
    ).to.deep.equal([]);
  });

  it("renders every screen of a run in the realm's theme and runs the realm's processor lists (realm_settings, as a handoff carries them)", async () => {
    const plain = await post('/io/admin/try', { flow: draft, user: tester });
    expect(plain.json['screen'].html).not.to.contain(childCss);
    expect(processorsOf(plain.json), "the bridge's authentication set").to.include('audit').and.not.to.include('rate-limit');

    const realm_settings = { theme: 'example-child', processors: { authentication: ['user-identified', 'rate-limit'] } };
    const started = await post('/io/admin/try', { flow: draft, user: tester, realm_settings });
    expect(started.status, JSON.stringify(started.json)).to.equal(200);
    expect(started.json['screen'].html).to.contain(`<link rel="stylesheet" href="${childCss}"`);
    expect(processorsOf(started.json), "the realm's list").to.deep.equal(['user-identified', 'rate-limit']);
    // The run keeps them: the next step (the form again, with its error) too.
    const again = await post(`/io/admin/try/${started.json['runId']}`, { stepId: started.json['screen'].stepId, handler: 'submit', values: { company: '' } });
    expect(again.json['screen'].html).to.contain(childCss).and.to.contain('io-error-summary');
    expect(processorsOf(again.json)).to.deep.equal(['user-identified', 'rate-limit']);

    // A flow's own theme wins over the realm's, as on a journey's pages.
    const own = await post('/io/admin/try', { flow: { ...draft, settings: { theme: 'base' } }, user: tester, realm_settings });
    expect(own.json['screen'].html).not.to.contain(childCss);
  });

  it("answers integration nodes from the tester's stubs (port and outputs)", async () => {
    const started = await post('/io/admin/try', { user: tester, flow: draft, stubs: { mail: { port: 'failure', outputs: { error: 'mail_failed' } } } });
    const ended = await post(`/io/admin/try/${started.json['runId']}`, {
      stepId: started.json['screen'].stepId,
      handler: 'submit',
      values: { company: 'Acme' },
    });
    expect(ended.json).to.include({ status: 'failed', outcome: 'failure', error: 'mail_failed' });
    expect(ended.json['evidence']).to.deep.include({ outcome: 'failure', actions: [] });
  });

  it('shows a screen with errors again (the step stays active)', async () => {
    const started = await post('/io/admin/try', { user: tester, flow: draft });
    const again = await post(`/io/admin/try/${started.json['runId']}`, { stepId: started.json['screen'].stepId, handler: 'submit', values: { company: '' } });
    expect(again.json['status']).to.equal('active');
    expect(again.json['screen'].html).to.contain('io-error-summary');
  });

  it('runs the library flows the draft calls, sent with it', async () => {
    const started = await post('/io/admin/try', { user: tester, flow: { ...signup, version: '4' }, library: [{ ...askPhone, version: '2' }] });
    expect(started.json['at']).to.deep.equal({ flowId: 'ask-phone', nodeId: 'ask' });
    const ended = await post(`/io/admin/try/${started.json['runId']}`, {
      stepId: started.json['screen'].stepId,
      handler: 'submit',
      values: { phone: '+4912345' },
    });
    expect(ended.json).to.include({ status: 'completed' });
    expect(ended.json['variables']['flow']).to.deep.equal({ phone: '+4912345' });
  });

  it('answers 400 admin_flow_invalid with the issues of a draft the bridge would not publish', async () => {
    const { status, json } = await post('/io/admin/try', { flow: { ...draft, nodes: [...draft.nodes, { id: 'stray', type: 'no-such-node' }] } });
    expect(status).to.equal(400);
    expect(json['error']).to.equal('admin_flow_invalid');
    expect(json['issues'][0]).to.include({ path: 'flow', node: 'stray', field: 'type' });
  });

  it('answers 400 admin_request_malformed naming every field at fault', async () => {
    const { status, json } = await post('/io/admin/try', {
      flow: draft,
      integrations: 'sometimes',
      user: { email: 3 },
      locale: 'not a locale',
      stubs: { ask: {}, nowhere: {} },
    });
    expect(status).to.equal(400);
    expect(json['error']).to.equal('admin_request_malformed');
    expect(json['fields'].map((f: { field: string }) => f.field)).to.have.members(['user/username', 'user/email', 'integrations', 'locale']);
    const settings = await post('/io/admin/try', { flow: draft, realm_settings: { processors: { authentication: ['audit', 'no-such-processor'] } } });
    expect(settings.json['fields']).to.deep.equal([
      { field: 'realm_settings', message: 'realm_settings.processors.authentication[1]: "no-such-processor" is not a processor of this bridge' },
    ]);
    const stubs = await post('/io/admin/try', { flow: draft, stubs: { ask: {}, mail: { port: 'bounced' } } });
    expect(stubs.json['fields'].map((f: { field: string }) => f.field)).to.deep.equal(['stubs/ask', 'stubs/mail/port']);
    const step = await post(`/io/admin/try/whatever`, { stepId: '', values: { a: 1 } });
    expect(step.json['fields'].map((f: { field: string }) => f.field)).to.deep.equal(['stepId', 'handler', 'values']);
  });

  it('refuses a token of another purpose (401), and gives another admin or realm 404 for a run', async () => {
    const wrongPurpose = await post('/io/admin/try', { user: tester, flow: draft }, { purpose: 'validate-flow' });
    expect(wrongPurpose).to.deep.equal({ status: 401, json: { error: 'admin_token_invalid', message: 'the admin token was refused' } });
    const readPurpose = await post('/io/admin/try', { user: tester, flow: draft }, { purpose: 'read-executions' });
    expect(readPurpose.status).to.equal(401);

    const started = await post('/io/admin/try', { user: tester, flow: draft });
    const step = { stepId: started.json['screen'].stepId, handler: 'submit', values: { company: 'Acme' } };
    const notFound = { error: 'admin_run_not_found', message: 'no such test run (it expired, or it is not yours)' };
    expect(await post(`/io/admin/try/${started.json['runId']}`, step, { sub: 'admin-2' })).to.deep.equal({ status: 404, json: notFound });
    expect(await post(`/io/admin/try/${started.json['runId']}`, step, { issuer: beta })).to.deep.equal({ status: 404, json: notFound });
    expect(await post(`/io/admin/try/${started.json['runId']}`, step, { purpose: 'validate-flow' })).to.deep.include({ status: 401 });
    expect((await post(`/io/admin/try/${started.json['runId']}`, step)).json['status'], 'still there for its owner').to.equal('completed');
  });

  it('refuses a step that is over or a handler the step does not have (409 admin_step_refused)', async () => {
    const started = await post('/io/admin/try', { user: tester, flow: draft });
    const run = `/io/admin/try/${started.json['runId']}`;
    const unknown = await post(run, { stepId: started.json['screen'].stepId, handler: 'nope', values: {} });
    expect(unknown).to.deep.include({ status: 409 });
    expect(unknown.json).to.include({ error: 'admin_step_refused', reason: 'handler_unknown' });
    await post(run, { stepId: started.json['screen'].stepId, handler: 'submit', values: { company: 'Acme' } });
    expect((await post(run, { stepId: 'another', handler: 'submit', values: {} })).json).to.include({ reason: 'execution_finished' });
  });

  it('answers 405 for another method and 404 for an unknown admin path, as JSON', async () => {
    const get = await fetch(`${bridge.url}/io/admin/try/abc`);
    expect([get.status, await get.json()]).to.deep.equal([405, { error: 'method_not_allowed', message: 'use POST' }]);
    const nowhere = await fetch(`${bridge.url}/io/admin/nowhere`, { method: 'POST' });
    expect(nowhere.status).to.equal(404);
  });
});

describe('Try it runs', () => {
  const { nodeTypes, processors, validation, resolveProcessorsFor } = flowRuntime();
  const issuer = 'http://kc.test/realms/alpha';
  const body = (value: unknown) => Buffer.from(JSON.stringify(value));

  function runs(clock: { now: number }, services: Partial<Services> = {}) {
    const store = new MemorySessionStore<TryRun>(() => clock.now);
    const sent: unknown[] = [];
    const counters = new MemoryCounterStore(() => clock.now);
    const tryRuns = new TryRuns({
      store,
      nodeTypes,
      validation,
      resolveProcessorsFor,
      knownProcessor: (id) => processors.get(id) !== undefined,
      services: {
        clock: { now: () => clock.now },
        random: { bytes: (n) => new Uint8Array(n), uuid: () => crypto.randomUUID() },
        http: { request: async () => Promise.reject(new Error('the real HTTP client was called')) },
        users: new Proxy({}, { get: () => async () => Promise.reject(new Error('the real directory was called')) }) as Services['users'],
        organizations: new Proxy({}, { get: () => async () => Promise.reject(new Error('the real directory was called')) }) as Services['organizations'],
        mail: { send: async (message) => (sent.push(message), { messageId: 'real' }) },
        counters,
        audit: { record() {} },
        flows: { get: () => undefined },
        ...services,
      },
      renderScreen: () => '<html></html>',
    });
    return { tryRuns, store, sent, counters };
  }

  it(`forgets a run ${tryRunTtlSeconds} seconds after it started`, async () => {
    const clock = { now: Date.now() };
    const { tryRuns } = runs(clock);
    const started = await tryRuns.start({ issuer, subject: 'admin-1' }, body({ user: tester, flow: draft }));
    clock.now += (tryRunTtlSeconds + 1) * 1000;
    let refused: unknown;
    await tryRuns
      .step({ issuer, subject: 'admin-1' }, started.runId, body({ stepId: started.screen!.stepId, handler: 'submit', values: { company: 'A' } }))
      .catch((error) => (refused = error));
    expect(refused).to.have.property('code', 'admin_run_not_found');
  });

  it('stubbed: captures mail instead of sending it, never calls the real directory or HTTP; real: uses the adapters', async () => {
    const otp = {
      ...draft,
      start: 'code',
      nodes: [
        { id: 'code', type: 'otp', inputs: { email: 'context.user.email' } },
        { id: 'done', type: 'end', config: { outcome: 'success' } },
        { id: 'failed', type: 'end', config: { outcome: 'failure', error: 'otp_failed' } },
      ],
      links: [
        { from: 'code', output: 'verified', to: 'done' },
        { from: 'code', output: 'failed', to: 'failed' },
      ],
      permissions: [],
      variables: {},
    };
    const clock = { now: Date.now() };
    const { tryRuns, sent } = runs(clock);
    const started = await tryRuns.start({ issuer, subject: 'admin-1' }, body({ flow: otp, user: tester }));
    expect(started.status, JSON.stringify(started.error)).to.equal('active');
    expect(started.mail.map((message) => message.to)).to.deep.equal(['tester@example.com']);
    const code = /\d{6}/.exec(started.mail[0]!.text)![0];
    const verified = await tryRuns.step(
      { issuer, subject: 'admin-1' },
      started.runId,
      body({ stepId: started.screen!.stepId, handler: 'verify', values: { code } }),
    );
    expect(verified.status).to.equal('completed');
    expect(verified.evidence!.entries.map((entry) => entry.type)).to.deep.equal(['email_code_verified']);
    expect(sent, 'nothing sent').to.deep.equal([]);

    const real = await tryRuns.start({ issuer, subject: 'admin-1' }, body({ user: tester, flow: draft, integrations: 'real' }));
    const ended = await tryRuns.step(
      { issuer, subject: 'admin-1' },
      real.runId,
      body({ stepId: real.screen!.stepId, handler: 'submit', values: { company: 'Acme' } }),
    );
    // The real send-email node ran: the bridge's mailer got the message (and the run shows it).
    expect(ended.status).to.equal('completed');
    expect(sent).to.have.length(1);
    expect(ended.mail.map((message) => message.subject)).to.deep.equal(['Welcome']);
  });

  it("runs a draft's processor settings as they are now, though its id@version stays (the designer's edits)", async () => {
    const { tryRuns } = runs({ now: Date.now() });
    const admin = { issuer, subject: 'admin-1' };
    const before = await tryRuns.start(admin, body({ flow: draft, user: tester }));
    expect(processorsOf(before)).not.to.include('rate-limit');
    const edited = await tryRuns.start(admin, body({ flow: { ...draft, settings: { processors: { add: ['rate-limit'] } } }, user: tester }));
    expect(processorsOf(edited)).to.include('rate-limit');
  });

  it("prefixes the counters a test run's processors use, so no real user is locked out", async () => {
    const clock = { now: Date.now() };
    const seen: string[] = [];
    const counters = new MemoryCounterStore(() => clock.now);
    const spy: Services['counters'] = {
      increment: (key, ttl) => (seen.push(key), counters.increment(key, ttl)),
      get: (key) => (seen.push(key), counters.get(key)),
      reset: (key) => (seen.push(key), counters.reset(key)),
      put: (key, value, ttl) => (seen.push(key), counters.put(key, value, ttl)),
      read: (key) => (seen.push(key), counters.read(key)),
    };
    const { tryRuns } = runs(clock, { counters: spy });
    const started = await tryRuns.start({ issuer, subject: 'admin-1' }, body({ flow: draft, user: { username: 'tester' } }));
    await tryRuns.step({ issuer, subject: 'admin-1' }, started.runId, body({ stepId: started.screen!.stepId, handler: 'submit', values: { company: '' } }));
    expect(seen, 'the processors counted').not.to.be.empty;
    expect(
      seen.every((key) => key.startsWith(`try:${issuer}|`)),
      seen.join(', '),
    ).to.equal(true);
  });
});
