/** Executions and funnel: what the bridge records of journeys (redacted, bounded) and answers to Keycloak. */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { Browser, hiddenValue, silentLogger } from '../support/browser.js';
import { LocalIssuer } from '../support/local-issuer.js';
import { deleteKeys, redisReachable, testKeyPrefix, testRedisUrl } from '../support/redis.js';
import type { Execution } from '../../src/engine/execution.js';
import { ExecutionRecorder, executionWrite, recentLimit, redact, type ExecutionLogStore } from '../../src/journey/execution-log.js';
import { startBridge, type RunningBridge } from '../../src/server.js';
import { MemoryExecutionLog } from '../../src/store/memory-execution-log.js';
import { RedisExecutionLog } from '../../src/store/redis-execution-log.js';

const issuer = 'http://kc.test/realms/alpha';
const at = Date.parse('2026-03-02T10:00:00Z');

function execution(overrides: Partial<Execution> = {}): Execution {
  return {
    id: 'corr-1',
    flowId: 'profile',
    flowVersion: '3',
    status: 'active',
    context: { issuer, realm: 'alpha', client: { id: 'app' } },
    session: {},
    frames: [{ flowId: 'profile', flowVersion: '3', nodeId: 'ask', variables: {}, visits: {} }],
    current: { stepId: 's1', phase: 'waiting', screen: { partial: 'form', model: {}, handlers: ['submit'] } },
    completed: [],
    tags: [],
    activated: [],
    evidence: [],
    actions: [],
    compensations: [],
    warnings: [],
    startedAt: at,
    updatedAt: at,
    ...overrides,
  };
}

const began = execution();
const ended = execution({
  status: 'completed',
  outcome: 'success',
  current: undefined,
  frames: [{ flowId: 'profile', flowVersion: '3', nodeId: 'done', variables: { company: 'Acme Corp', seats: 3, tags: ['a', 'bb'] }, visits: {} }],
  session: { email: 'alice@example.com' },
  completed: [
    { stepId: 's1', flowId: 'profile', nodeId: 'ask', nodeType: 'form', result: 'submitted', at: at + 1000 },
    { stepId: 's2', flowId: 'profile', nodeId: 'done', nodeType: 'end', result: 'end', at: at + 1000 },
  ],
  updatedAt: at + 1500,
});

describe('execution log: what is recorded', () => {
  it('redacts values to type and length markers', () => {
    expect(redact('Acme')).to.equal('string(4)');
    expect(redact({ a: 1, b: [true, null, 'xy'], c: { d: { e: { f: 'deep' } } } })).to.deep.equal({
      a: 'number',
      b: ['boolean', 'null', 'string(2)'],
      c: { d: { e: 'object' } },
    });
  });

  it('keeps no personal value: submitted values, variables and user data are markers', () => {
    const start = executionWrite(issuer, undefined, began);
    const step = executionWrite(issuer, began, ended, { company: 'Acme Corp', email: 'alice@example.com' });
    const stored = JSON.stringify([start, step]);
    for (const personal of ['Acme', 'alice', 'example.com']) expect(stored).not.to.contain(personal);
    expect(step.steps[0]).to.deep.include({ nodeId: 'ask', result: 'submitted', submitted: { company: 'string(9)', email: 'string(17)' } });
    expect(step.summary).to.deep.include({
      status: 'completed',
      outcome: 'success',
      durationMs: 1500,
      endedAt: at + 1500,
      flowVersion: '3',
      correlationId: 'corr-1',
    });
    expect(step.summary.variables).to.deep.equal({
      flow: { company: 'string(9)', seats: 'number', tags: ['string(1)', 'string(2)'] },
      session: { email: 'string(17)' },
    });
  });

  it('counts a node reached once (when it begins waiting) and left by its port', () => {
    expect(executionWrite(issuer, undefined, began).funnel).to.deep.equal([{ flowId: 'profile', day: '2026-03-02', field: 'reached:ask' }]);
    expect(executionWrite(issuer, began, ended).funnel.map((f) => f.field)).to.deep.equal(['left:ask:submitted', 'reached:done', 'left:done:end']);
  });

  const prefix = testKeyPrefix();
  for (const [name, open] of [
    ['memory', async () => new MemoryExecutionLog(() => at)],
    ['Redis', async () => RedisExecutionLog.connect(testRedisUrl, prefix)],
  ] as Array<[string, () => Promise<ExecutionLogStore>]>) {
    describe(`${name} store`, () => {
      let store: ExecutionLogStore;
      before(async function () {
        if (name === 'Redis' && !(await redisReachable())) this.skip();
        store = await open();
      });
      after(async () => {
        await store?.close();
        if (name === 'Redis') await deleteKeys(prefix);
      });

      it(`keeps the last ${recentLimit} journeys of a flow, newest first, with their traces; per realm`, async () => {
        for (let index = 0; index < recentLimit + 5; index++) {
          const id = `j-${index}`;
          await store.write(executionWrite(issuer, undefined, { ...began, id }));
          await store.write(executionWrite(issuer, { ...began, id }, { ...ended, id }, { company: 'Acme' }));
        }
        const recent = await store.recent(issuer, 'profile', 1000);
        expect(recent).to.have.length(recentLimit);
        expect(recent[0]).to.deep.include({ correlationId: `j-${recentLimit + 4}`, status: 'completed' });
        expect(recent[0]!.trace.map((step) => step.nodeId)).to.deep.equal(['ask', 'done']);
        expect(await store.recent('http://kc.test/realms/beta', 'profile', 10)).to.deep.equal([]);
      });

      it('sums funnel counters per day', async () => {
        const recorder = new ExecutionRecorder(store, (error) => expect.fail(String(error)));
        const funnel = await recorder.funnel(issuer, 'profile', '2026-03-01', '2026-03-02');
        const journeys = recentLimit + 5;
        expect(funnel.nodes).to.deep.equal({ ask: { reached: journeys, left: { submitted: journeys } }, done: { reached: journeys, left: { end: journeys } } });
        expect((await recorder.funnel(issuer, 'profile', '2026-03-03', '2026-03-04')).nodes).to.deep.equal({});
      });
    });
  }
});

describe('executions through the bridge: POST /io/admin/executions and /io/admin/funnel', () => {
  let alpha: LocalIssuer;
  let beta: LocalIssuer;
  let bridge: RunningBridge;
  const audience = 'http://bridge.test';
  const now = () => Math.floor(Date.now() / 1000);
  const today = new Date().toISOString().slice(0, 10);

  before(async () => {
    [alpha, beta] = await Promise.all([LocalIssuer.start('alpha'), LocalIssuer.start('beta')]);
    bridge = await startBridge(
      { trustedIssuers: [alpha.issuer, beta.issuer], port: 0, publicUrl: audience, allowHttp: true, logLevel: 'silent' },
      { logger: silentLogger },
    );
  });
  after(async () => {
    await bridge?.close();
    await Promise.all([alpha?.close(), beta?.close()]);
  });

  const read = async (path: string, body: unknown, from = alpha, purpose = 'read-executions') => {
    const text = JSON.stringify(body);
    const token = await from.sign(
      {
        iss: from.issuer,
        aud: audience,
        iat: now(),
        exp: now() + 60,
        jti: crypto.randomUUID(),
        sub: 'admin-1',
        purpose,
        body_sha256: createHash('sha256').update(text).digest('hex'),
      },
      { typ: 'io-admin+jwt' },
    );
    const response = await fetch(`${bridge.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: text });
    return { status: response.status, json: (await response.json()) as Record<string, any> };
  };

  it('records a journey (the legacy flow-file path) and shows it to its realm only, redacted', async () => {
    const browser = new Browser(bridge.url);
    const step = await browser.handoff(await alpha.sign(alpha.claims(audience)));
    const page = await (await browser.get(step)).text();
    await browser.post(step, { _csrf: hiddenValue(page, '_csrf')!, _step: hiddenValue(page, '_step')!, company: 'Initech', jobTitle: 'Engineer' });

    const { status, json } = await read('/io/admin/executions', { flow: 'demo-profile', limit: 10 });
    expect(status).to.equal(200);
    expect(json['executions']).to.have.length(1);
    const [journey] = json['executions'];
    expect(journey).to.deep.include({ flowId: 'demo-profile', flowVersion: '2', status: 'completed', outcome: 'success' });
    expect(journey.trace.map((s: { nodeId: string; result: string }) => `${s.nodeId}:${s.result}`)).to.deep.equal(['profile:submitted', 'done:end']);
    expect(JSON.stringify(journey)).not.to.match(/Initech|Engineer|user-123/);

    const funnel = await read('/io/admin/funnel', { flow: 'demo-profile', from: today, to: today });
    expect(funnel.json['nodes']).to.deep.equal({ profile: { reached: 1, left: { submitted: 1 } }, done: { reached: 1, left: { end: 1 } } });

    expect((await read('/io/admin/executions', { flow: 'demo-profile' }, beta)).json['executions'], "another realm's journeys").to.deep.equal([]);
    expect((await read('/io/admin/executions', { flow: 'demo-profile' }, alpha, 'try-flow')).status).to.equal(401);
  });

  it('answers 400 naming the fields of a malformed read', async () => {
    const executions = await read('/io/admin/executions', { flow: '../x', limit: 500 });
    expect(executions.json['fields'].map((f: { field: string }) => f.field)).to.deep.equal(['flow', 'limit']);
    const funnel = await read('/io/admin/funnel', { flow: 'demo-profile', from: '2026-02-30', to: '2026-01-01' });
    expect(funnel.json['fields'].map((f: { field: string }) => f.field)).to.deep.equal(['from']);
    const month13 = await read('/io/admin/funnel', { flow: 'demo-profile', from: '2026-13-01', to: '2026-01-01' });
    expect([month13.status, month13.json['fields'].map((f: { field: string }) => f.field)]).to.deep.equal([400, ['from']]);
    const long = await read('/io/admin/funnel', { flow: 'demo-profile', from: '2026-01-01', to: '2026-03-01' });
    expect(long.json['fields']).to.deep.equal([{ field: 'to', message: 'at most 31 days after from' }]);
  });
});
