import { expect } from 'chai';
import type { Execution } from '../../src/engine/execution.js';
import { renewSessionNote, type FlowProcessor } from '../../src/engine/processor.js';
import { StoreUnavailableError } from '../../src/errors.js';
import { MemorySessionStore } from '../../src/store/memory-session-store.js';
import { askType, context, endType, flowOf, harness, processorsOf, registryOf } from './support.js';

const end = (id = 'done', config: Record<string, unknown> = {}) => ({ id, type: 'end', config });
const ask = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: 'ask', outputs: { 'flow.answer': 'result.answer' }, ...extra });
const answerVariable = { variables: { answer: { type: 'string' as const } } };

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await promise.then(
    () => expect.fail(`expected ${code}`),
    (error: { code?: string }) => expect(error.code).to.equal(code),
  );
}

const answer = (h: ReturnType<typeof harness>, execution: Execution, value: string) =>
  h.engine.submit(execution, execution.current!.stepId, { handler: 'submit', values: { answer: value } });

describe('flow engine', () => {
  it('branches on a condition over flow variables', async () => {
    const flow = flowOf(
      [ask('q'), { id: 'check', type: 'branch', inputs: { test: "flow.answer = 'yes'" } }, end('ok'), end('ko', { outcome: 'failure', error: 'said_no' })],
      [
        ['q', 'answered', 'check'],
        ['check', 'yes', 'ok'],
        ['check', 'no', 'ko'],
      ],
      answerVariable,
    );
    const h = harness([flow]);
    const started = await h.engine.start(flow, context, { executionId: 'e1' });
    expect((await answer(h, started, 'yes')).execution).to.deep.include({ status: 'completed', outcome: 'success' });
    expect((await answer(h, started, 'no')).execution).to.deep.include({ status: 'failed', outcome: 'failure', error: 'said_no' });
  });

  it('guards a loop: maxVisits exceeded leaves through guardPort, or fails with loop_guard_exceeded', async () => {
    const loop = (guardPort?: string) =>
      flowOf(
        [
          ask('q'),
          { id: 'retry', type: 'branch', inputs: { test: "flow.answer != 'ok'" }, maxVisits: 2, ...(guardPort ? { guardPort } : {}) },
          { id: 'check', type: 'branch', inputs: { test: "flow.answer = 'ok'" } },
          end('done'),
          end('gaveUp', { outcome: 'failure', error: 'too_many_tries' }),
        ],
        [
          ['q', 'answered', 'retry'],
          ['retry', 'yes', 'q'],
          ['retry', 'no', 'check'],
          ['check', 'yes', 'done'],
          ['check', 'no', 'gaveUp'],
        ],
        answerVariable,
      );
    for (const [guardPort, error] of [
      ['no', 'too_many_tries'],
      [undefined, 'loop_guard_exceeded'],
    ] as const) {
      const flow = loop(guardPort);
      const h = harness([flow]);
      let execution = await h.engine.start(flow, context, { executionId: 'g' });
      for (const value of ['a', 'b']) {
        execution = (await answer(h, execution, value)).execution;
        expect(execution.current?.screen.model['title']).to.equal('q');
      }
      execution = (await answer(h, execution, 'c')).execution;
      expect(execution).to.deep.include({ status: 'failed', error });
      expect(execution.frames[0]?.visits['retry']).to.equal(3);
    }
    const h = harness([loop('no')]);
    const retried = (await answer(h, await h.engine.start(loop('no'), context, { executionId: 'ok' }), 'ok')).execution;
    expect(retried.status).to.equal('completed');
  });

  it('skips steps by precondition, skip rule and missing activation; activation by an earlier step', async () => {
    const flow = flowOf(
      [
        ask('first', { config: { activates: 'bonus' } }),
        { id: 'whenFalse', type: 'pass', when: "flow.answer = 'never'" },
        { id: 'skipTrue', type: 'pass', skipIf: 'true' },
        { id: 'bonus', type: 'ask', requiresActivation: true },
        end('done'),
      ],
      [
        ['first', 'answered', 'whenFalse'],
        ['whenFalse', 'next', 'skipTrue'],
        ['skipTrue', 'next', 'bonus'],
        ['bonus', 'answered', 'done'],
      ],
      answerVariable,
    );
    const h = harness([flow]);
    const started = await h.engine.start(flow, context, { executionId: 'a' });
    const plain = (await answer(h, started, 'hello')).execution;
    expect(plain.status).to.equal('completed');
    expect(plain.completed.map((step) => `${step.nodeId}:${step.result}`)).to.deep.equal([
      'first:answered',
      'whenFalse:skipped',
      'skipTrue:skipped',
      'bonus:skipped',
      'done:end',
    ]);
    expect(plain.tags).to.deep.equal([]);

    const activated = (await answer(h, started, 'activate')).execution;
    expect(activated.activated).to.deep.equal(['bonus']);
    expect(activated.current?.screen.model['title']).to.equal('bonus');
  });

  it('maps inputs and outputs through flow and session variables, with defaults', async () => {
    const flow = flowOf(
      [{ id: 'double', type: 'pass', inputs: { value: 'flow.start' }, outputs: { 'flow.result': 'result.doubled', 'session.seen': 'true' } }, end()],
      [['double', 'next', 'done']],
      { variables: { start: { type: 'number', default: 21 }, result: { type: 'number' } } },
    );
    const h = harness([flow]);
    const execution = await h.engine.start(flow, context, { executionId: 'm', tags: ['earlier'] });
    expect(execution.frames[0]?.variables).to.deep.equal({ start: 21, result: 42 });
    expect(execution.session).to.deep.equal({ seen: true });
    expect(execution.tags).to.deep.equal(['earlier', 'passed']);
  });

  it('runs processors before and after; a stop fails the flow with its error', async () => {
    const seen: string[] = [];
    const watcher: FlowProcessor = {
      id: 'watcher',
      description: 'records',
      essential: false,
      async before({ node, phase }) {
        seen.push(`before ${node.id} ${phase}`);
        return { decision: 'continue' };
      },
      async after({ node, result }) {
        seen.push(`after ${node.id} ${result.kind}${result.kind === 'wait' && result.rejected ? ' rejected' : ''}`);
        return result.kind === 'wait' && result.rejected ? { decision: 'stop', error: 'too_many_attempts' } : { decision: 'continue', note: 'ok' };
      },
    };
    const flow = flowOf([ask('q'), end()], [['q', 'answered', 'done']], { ...answerVariable, settings: { processors: { use: ['watcher'] }, trace: true } });
    const h = harness([flow], { processors: processorsOf(watcher) });
    const started = await h.engine.start(flow, context, { executionId: 'p' });
    const { execution, outcome } = await answer(h, started, '');
    expect(outcome).to.equal('advanced');
    expect(execution).to.deep.include({ status: 'failed', error: 'too_many_attempts' });
    expect(seen).to.deep.equal(['before q init', 'after q wait', 'before q handler', 'after q wait rejected']);
    expect(execution.trace?.at(-1)?.processors).to.deep.equal([
      { processor: 'watcher', hook: 'before', decision: 'continue' },
      { processor: 'watcher', hook: 'after', decision: 'stop', error: 'too_many_attempts' },
    ]);
  });

  it('reports a rejected attempt and keeps waiting on the same step', async () => {
    const flow = flowOf([ask('q'), end()], [['q', 'answered', 'done']], answerVariable);
    const h = harness([flow]);
    const started = await h.engine.start(flow, context, { executionId: 'r' });
    const { execution, outcome } = await answer(h, started, '');
    expect(outcome).to.equal('rejected');
    expect(execution.current).to.deep.include({ stepId: started.current!.stepId, nodeState: { shown: 1 } });
    expect(execution.current?.screen.model['error']).to.equal('required');
    expect(started.current?.screen.model['error']).to.equal(undefined);
  });

  describe('a processor that challenges a request', () => {
    const challenge = {
      partial: 'puzzle',
      model: { hint: 'h' },
      message: 'challenge.puzzle',
      sources: { script: ['https://puzzle.example'] },
      error: 'puzzle_required',
    };
    /** Challenges every request to a handler until it carries `solved`; `hook` says where it answers. */
    const gate = (hook: 'before' | 'after' | 'init' = 'before'): FlowProcessor => ({
      id: 'gate',
      description: 'challenges',
      essential: false,
      async before({ phase, submission }) {
        if (hook === 'init' && phase === 'init') return { decision: 'challenge', challenge };
        if (hook !== 'before' || phase !== 'handler') return { decision: 'continue' };
        return submission?.values['solved'] === 'yes' ? { decision: 'continue', note: 'solved' } : { decision: 'challenge', challenge, note: 'unsolved' };
      },
      async after({ phase }) {
        return hook === 'after' && phase === 'handler' ? { decision: 'challenge', challenge } : { decision: 'continue' };
      },
    });
    const setup = async (processor: FlowProcessor, nodes = [ask('q'), end()]) => {
      const flow = flowOf(nodes, [['q', 'answered', 'done']], { ...answerVariable, settings: { processors: { use: ['gate'] }, trace: true } });
      const h = harness([flow], { processors: processorsOf(processor) });
      return { h, started: await h.engine.start(flow, context, { executionId: 'c' }) };
    };

    it('keeps the step waiting with the challenge and the held request, without running the node', async () => {
      const { h, started } = await setup(gate());
      const { execution, outcome } = await answer(h, started, 'hello');
      expect(outcome).to.equal('challenged');
      expect(execution.status).to.equal('active');
      expect(execution.current).to.deep.include({ stepId: started.current!.stepId, screen: started.current!.screen, nodeState: { shown: 1 } });
      expect(execution.current?.challenge).to.deep.equal({ ...challenge, processor: 'gate', submission: { handler: 'submit', values: { answer: 'hello' } } });
      expect(execution.frames[0]?.variables['answer'], 'the node did not run').to.equal(undefined);
      expect(execution.trace?.at(-1)).to.deep.include({
        branch: 'challenge',
        processors: [{ processor: 'gate', hook: 'before', decision: 'challenge', note: 'unsolved' }],
      });
      expect(started.current?.challenge, "the caller's execution is untouched").to.equal(undefined);

      const again = await h.engine.submit(execution, execution.current!.stepId, { handler: 'submit', values: { answer: 'hello' } });
      expect(again.outcome, 'an unanswered challenge is asked again').to.equal('challenged');

      const passed = await h.engine.submit(execution, execution.current!.stepId, { handler: 'submit', values: { answer: 'hello', solved: 'yes' } });
      expect(passed.outcome).to.equal('advanced');
      expect(passed.execution).to.deep.include({ status: 'completed', outcome: 'success' });
      expect(passed.execution.frames[0]?.variables['answer']).to.equal('hello');
    });

    it('fails the step where a challenge cannot be shown: after a node, at the start of a step, on a redirect step', async () => {
      for (const hook of ['after', 'init'] as const) {
        const { h, started } = await setup(gate(hook));
        const execution = hook === 'init' ? started : (await answer(h, started, 'hello')).execution;
        expect(execution, hook).to.deep.include({ status: 'failed', error: 'processor_failed' });
      }
      const redirect = { ...ask('q'), type: 'away' };
      const awayType = {
        ...askType,
        type: 'away',
        init: async () => ({ kind: 'wait' as const, screen: { partial: 'redirect', model: {}, handlers: ['return'], redirectTo: 'https://idp.example/' } }),
        handlers: { return: askType.handlers!['submit']! },
      };
      const flow = flowOf([redirect, end()], [['q', 'answered', 'done']], { ...answerVariable, settings: { processors: { use: ['gate'] } } });
      const h = harness([flow], { processors: processorsOf(gate()), types: registryOf(endType, awayType) });
      const started = await h.engine.start(flow, context, { executionId: 'r' });
      const { execution } = await h.engine.resume(started, started.current!.stepId, 'return', {});
      expect(execution).to.deep.include({ status: 'failed', error: 'puzzle_required' });
    });
  });

  it('answers a repeated submission with same, refuses a different one and unknown steps', async () => {
    const flow = flowOf(
      [ask('q1'), ask('q2'), end()],
      [
        ['q1', 'answered', 'q2'],
        ['q2', 'answered', 'done'],
      ],
      answerVariable,
    );
    const h = harness([flow]);
    const started = await h.engine.start(flow, context, { executionId: 'i' });
    const { execution: first } = await answer(h, started, 'one');
    const repeat = await h.engine.submit(first, started.current!.stepId, { handler: 'submit', values: { answer: 'one' } });
    expect(repeat).to.deep.equal({ execution: first, outcome: 'same' });
    await expectCode(h.engine.submit(first, started.current!.stepId, { handler: 'submit', values: { answer: 'two' } }), 'step_already_completed');
    await expectCode(h.engine.submit(first, 's99', { handler: 'submit', values: {} }), 'step_unknown');
    await expectCode(h.engine.submit(first, first.current!.stepId, { handler: 'nope', values: {} }), 'handler_unknown');
  });

  it('lets only one of two concurrent submissions apply (optimistic versioning through the store)', async () => {
    const flow = flowOf([ask('q'), end()], [['q', 'answered', 'done']], answerVariable);
    const h = harness([flow]);
    const store = new MemorySessionStore<Execution>();
    await store.create('sid', await h.engine.start(flow, context, { executionId: 'c' }), 60);
    const tab = async (value: string) => {
      const { version, data } = (await store.get('sid'))!;
      const { execution } = await answer(h, data, value);
      return store.update('sid', version, execution);
    };
    const results = await Promise.all([tab('from tab 1'), tab('from tab 2')]);
    expect(results.filter(Boolean)).to.have.length(1);
    const { data: winner } = (await store.get('sid'))!;
    const loserValue = results[0] ? 'from tab 2' : 'from tab 1';
    await expectCode(h.engine.submit(winner, 's1', { handler: 'submit', values: { answer: loserValue } }), 'execution_finished');
  });

  it('calls a library flow with inputs and hands its outputs back', async () => {
    const library = flowOf(
      [
        { id: 'double', type: 'pass', inputs: { value: 'flow.amount' }, outputs: { 'flow.total': 'result.doubled', 'session.fromLibrary': 'flow.amount' } },
        end(),
      ],
      [['double', 'next', 'done']],
      {
        id: 'lib',
        category: 'library',
        inputs: { amount: { type: 'number', required: true } },
        outputs: { total: { type: 'number' } },
      },
    );
    const main = flowOf(
      [
        { id: 'call', type: 'call-flow', config: { flow: 'lib' }, inputs: { amount: '5' }, outputs: { 'flow.total': 'result.total' } },
        end('ok'),
        end('ko', { outcome: 'failure', error: 'library_failed' }),
      ],
      [
        ['call', 'success', 'ok'],
        ['call', 'failure', 'ko'],
      ],
      { id: 'main', variables: { total: { type: 'number' } } },
    );
    const h = harness([library, main]);
    const execution = await h.engine.start(main, context, { executionId: 'lib' });
    expect(execution).to.deep.include({ status: 'completed', session: { fromLibrary: 5 } });
    expect(execution.frames).to.have.length(1);
    expect(execution.frames[0]?.variables).to.deep.equal({ total: 10 });
    expect(execution.completed.map((step) => `${step.flowId}/${step.nodeId}:${step.result}`)).to.deep.equal([
      'main/call:call',
      'lib/double:next',
      'lib/done:end',
      'main/ok:end',
    ]);
  });

  it('runs compensations in reverse order when the flow fails, and surfaces a failing one', async () => {
    const log: string[] = [];
    const flow = flowOf(
      [
        { id: 'create', type: 'saga', config: { label: 'create user' } },
        { id: 'group', type: 'saga', config: { label: 'add group', failCompensation: true } },
        { id: 'role', type: 'saga', config: { label: 'add role' } },
        { id: 'broken', type: 'break', config: { mode: 'fail' } },
        end(),
      ],
      [
        ['create', 'done', 'group'],
        ['group', 'done', 'role'],
        ['role', 'done', 'broken'],
        ['broken', 'next', 'done'],
      ],
      { settings: { trace: true } },
    );
    const h = harness([flow], { log });
    const execution = await h.engine.start(flow, context, { executionId: 's' });
    expect(execution).to.deep.include({ status: 'failed', error: 'integration_failed' });
    expect(log).to.deep.equal(['do create user', 'do add group', 'do add role', 'undo add role', 'undo create user']);
    expect(execution.compensations.map((c) => [c.nodeId, c.status])).to.deep.equal([
      ['create', 'compensated'],
      ['group', 'compensation_failed'],
      ['role', 'compensated'],
    ]);
    expect(execution.compensations[1]?.error).to.equal('cannot undo add group');
    const groupStep = execution.compensations[1]!.stepId;
    expect(execution.warnings).to.deep.equal([`compensation_failed: step ${groupStep} node group (saga): cannot undo add group`]);
    const compensationTrace = execution.trace!.filter((entry) => entry.phase === 'compensation');
    expect(compensationTrace.map((entry) => [entry.nodeId, entry.branch])).to.deep.equal([
      ['role', 'compensated'],
      ['group', 'compensation_failed'],
      ['create', 'compensated'],
    ]);
  });

  it('fails with node_failed when a node throws, and never crashes', async () => {
    const log: string[] = [];
    const flow = flowOf(
      [{ id: 'create', type: 'saga', config: { label: 'x' } }, { id: 'broken', type: 'break', config: { mode: 'throw' } }, end()],
      [
        ['create', 'done', 'broken'],
        ['broken', 'next', 'done'],
      ],
    );
    const h = harness([flow], { log });
    const execution = await h.engine.start(flow, context, { executionId: 't' });
    expect(execution).to.deep.include({ status: 'failed', error: 'node_failed' });
    expect(log).to.deep.equal(['do x', 'undo x']);
  });

  it('fails with the expression error code when a mapping cannot be evaluated', async () => {
    const flow = flowOf([{ id: 'double', type: 'pass', inputs: { value: '$error("bad")' } }, end()], [['double', 'next', 'done']]);
    const h = harness([flow]);
    expect(await h.engine.start(flow, context, { executionId: 'x' })).to.deep.include({ status: 'failed', error: 'expression_failed' });
  });

  it('names steps with random ids, never a sequence another request could guess', async () => {
    const flow = flowOf([ask('q'), end()], [['q', 'answered', 'done']], { variables: { answer: { type: 'string' } } });
    const h = harness([flow]);
    const ids = await Promise.all(
      Array.from({ length: 20 }, async (_, index) =>
        (await h.engine.start(flow, context, { executionId: `r${index}`, trace: true })).trace!.map((entry) => entry.stepId),
      ),
    );
    const all = ids.flat();
    expect(new Set(all).size).to.equal(all.length);
    for (const id of all)
      expect(id)
        .to.match(/^[A-Za-z0-9_-]{16}$/)
        .and.not.match(/^s\d+$/);
  });

  it('records a debug trace: variables before and after, branch, timings and errors', async () => {
    const flow = flowOf(
      [{ id: 'double', type: 'pass', inputs: { value: '2' }, outputs: { 'flow.n': 'result.doubled' } }, ask('q'), end()],
      [
        ['double', 'next', 'q'],
        ['q', 'answered', 'done'],
      ],
      { variables: { n: { type: 'number' }, answer: { type: 'string' } } },
    );
    const h = harness([flow]);
    const execution = await h.engine.start(flow, context, { executionId: 'tr', trace: true });
    const [first, second] = execution.trace!;
    expect(first).to.deep.include({ nodeId: 'double', nodeType: 'pass', phase: 'init', branch: 'next', durationMs: 0 });
    expect(first?.variablesBefore).to.deep.equal({ flow: {}, session: {} });
    expect(first?.variablesAfter).to.deep.equal({ flow: { n: 4 }, session: {} });
    expect(second).to.deep.include({ stepId: execution.current!.stepId, nodeId: 'q', branch: 'wait' });
    h.clock.time += 5;
    const { execution: after } = await answer(h, execution, 'x');
    expect(after.trace?.[2]).to.deep.include({ stepId: execution.current!.stepId, phase: 'handler', handler: 'submit', branch: 'answered' });
    expect(harness([flow]).engine && (await harness([flow]).engine.start(flow, context, { executionId: 'no' })).trace).to.equal(undefined);
  });

  it('renews the session id only when a processor asks for it after a step raised the level of assurance', async () => {
    const flow = flowOf([ask('q'), end()], [['q', 'answered', 'done']], answerVariable);
    const renewal: FlowProcessor = {
      id: 'renewal',
      description: 'asks for a new session id after a step that raised assurance',
      essential: false,
      async after({ result }) {
        return result.kind === 'next' && result.raisesAssurance ? { decision: 'continue', note: renewSessionNote } : { decision: 'continue' };
      },
    };
    const h = harness([flow], { processors: processorsOf(renewal), defaultSets: { custom: ['renewal'] } });
    const started = await h.engine.start(flow, context, { executionId: 'rs' });
    expect((await answer(h, started, 'strong')).execution.renewSession).to.equal(true);
    expect((await answer(h, started, 'weak')).execution.renewSession).to.equal(undefined);

    const withoutRenewal = harness([flow]);
    const again = await withoutRenewal.engine.start(flow, context, { executionId: 'rs2' });
    expect((await answer(withoutRenewal, again, 'strong')).execution.renewSession, 'no processor asked').to.equal(undefined);
  });

  it('lets the store being unavailable stop the request, not fail the journey (a processor or a node that needs Redis)', async () => {
    const flow = flowOf([ask('q'), end()], [['q', 'answered', 'done']], answerVariable);
    let down = false;
    const counting: FlowProcessor = {
      id: 'counting',
      description: 'writes a counter after every step, as latest-attempt does',
      essential: false,
      async after() {
        if (down) throw new StoreUnavailableError(new Error('Connection is closed.'));
        return { decision: 'continue' };
      },
    };
    const h = harness([flow], { processors: processorsOf(counting), defaultSets: { custom: ['counting'] } });
    const waiting = await h.engine.start(flow, context, { executionId: 'su' });
    down = true;
    const refused = await answer(h, waiting, 'yes').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).to.be.instanceOf(StoreUnavailableError);
    expect(waiting.status, 'the saved state is untouched').to.equal('active');
    down = false;
    expect((await answer(h, waiting, 'yes')).execution.status, 'the retry goes on').to.equal('completed');
  });

  it("carries a node's own theme to its waiting step, where the screens pick it", async () => {
    const flow = flowOf([ask('q', { theme: 'example-child' }), end()], [['q', 'answered', 'done']], answerVariable);
    const h = harness([flow]);
    expect((await h.engine.start(flow, context, { executionId: 'th' })).current?.theme).to.equal('example-child');
  });

  it('undoes what an expired journey changed: compensations run, newest first', async () => {
    const log: string[] = [];
    const flow = flowOf(
      [{ id: 'create', type: 'saga', config: { label: 'create user' } }, { id: 'role', type: 'saga', config: { label: 'add role' } }, ask('q'), end()],
      [
        ['create', 'done', 'role'],
        ['role', 'done', 'q'],
        ['q', 'answered', 'done'],
      ],
      answerVariable,
    );
    const h = harness([flow], { log });
    const waiting = await h.engine.start(flow, context, { executionId: 'abandoned' });
    expect(waiting.status).to.equal('active');
    const expired = await h.engine.expire(waiting);
    expect(expired).to.deep.include({ status: 'expired', outcome: 'failure', error: 'session_expired' });
    expect(log).to.deep.equal(['do create user', 'do add role', 'undo add role', 'undo create user']);
    expect(expired.compensations.map((c) => [c.nodeId, c.status])).to.deep.equal([
      ['create', 'compensated'],
      ['role', 'compensated'],
    ]);
    expect(
      waiting.compensations.every((c) => c.status === 'registered'),
      'the input is not mutated',
    ).to.equal(true);
  });

  it('moves between states only forward: expire, redeem, and never back from a terminal state', async () => {
    const flow = flowOf([ask('q'), end()], [['q', 'answered', 'done']], answerVariable);
    const h = harness([flow]);
    const active = await h.engine.start(flow, context, { executionId: 'st' });
    const expired = await h.engine.expire(active);
    expect(expired).to.deep.include({ status: 'expired', error: 'session_expired' });
    expect(expired.current).to.equal(undefined);
    await expectCode(h.engine.expire(expired), 'invalid_transition');
    expect(() => h.engine.redeem(active))
      .to.throw()
      .with.property('code', 'invalid_transition');
    const { execution: completed } = await answer(h, active, 'x');
    const redeemed = h.engine.redeem(completed);
    expect(redeemed.status).to.equal('redeemed');
    expect(() => h.engine.redeem(redeemed))
      .to.throw()
      .with.property('code', 'invalid_transition');
    await expectCode(h.engine.expire(completed), 'invalid_transition');
    await expectCode(h.engine.submit(expired, 's1', { handler: 'submit', values: { answer: 'x' } }), 'execution_finished');
    expect(active.status).to.equal('active');
  });
});
