import { expect } from 'chai';
import type { NodeResult } from '../../src/engine/node-type.js';
import { renewSessionNote } from '../../src/engine/processor.js';
import { audit, latestAttempt, readLatestAttempt, sessionRenewal } from '../../src/processors/index.js';
import { afterStep, fakeServices, results } from './fakes.js';

describe('processors: latest-attempt', () => {
  it('records the time of every handler call per user and flow, and never stops', async () => {
    const services = fakeServices();
    expect(await readLatestAttempt(services.counters, 'https://kc.example/realms/demo', 'u-alice', 'login')).to.equal(undefined);
    expect(await latestAttempt.after!(afterStep(services, results.rejected))).to.deep.equal({ decision: 'continue' });
    const first = services.clock.now();
    expect((await readLatestAttempt(services.counters, 'https://kc.example/realms/demo', 'u-alice', 'login'))?.getTime()).to.equal(first);
    expect(await services.counters.ttl('latest-attempt:https://kc.example/realms/demo|u-alice:login')).to.equal(30 * 24 * 3600);

    services.advance(5_000);
    await latestAttempt.after!(afterStep(services, results.next, { options: { ttlSeconds: 3600 } }));
    expect((await readLatestAttempt(services.counters, 'https://kc.example/realms/demo', 'u-alice', 'login'))?.getTime()).to.equal(first + 5_000);
    expect(await services.counters.ttl('latest-attempt:https://kc.example/realms/demo|u-alice:login')).to.equal(3600);
  });

  it('ignores init and journeys without a user', async () => {
    const services = fakeServices();
    await latestAttempt.after!(afterStep(services, results.waiting, { phase: 'init' }));
    expect(await latestAttempt.after!(afterStep(services, results.next, { user: null }))).to.deep.equal({ decision: 'continue' });
    expect(await readLatestAttempt(services.counters, 'https://kc.example/realms/demo', 'u-alice', 'login')).to.equal(undefined);
  });
});

describe('processors: session-renewal', () => {
  it('asks for a new session id after a step that raised the level of assurance', async () => {
    const services = fakeServices();
    expect(renewSessionNote).to.equal('renew_session');
    expect(await sessionRenewal.after!(afterStep(services, results.raised))).to.deep.equal({ decision: 'continue', note: 'renew_session' });
    for (const result of [results.next, results.rejected, results.end] as NodeResult[]) {
      expect(await sessionRenewal.after!(afterStep(services, result))).to.deep.equal({ decision: 'continue' });
    }
  });
});

describe('processors: audit', () => {
  it('records each step with its node, phase, handler and result, without submitted values', async () => {
    const services = fakeServices();
    const step = { submission: { handler: 'verify', values: { code: '123456' } } };
    expect(await audit.after!(afterStep(services, results.next, step))).to.deep.equal({ decision: 'continue' });
    await audit.after!(afterStep(services, results.rejected, step));
    await audit.after!(afterStep(services, { kind: 'fail', error: 'http_failed' }, { phase: 'init', nodeId: 'call-crm' }));
    expect(services.audited).to.deep.equal([
      {
        type: 'step',
        executionId: 'exec-1',
        flowId: 'login',
        stepId: 's1',
        nodeId: 'otp',
        at: services.clock.now(),
        details: { nodeType: 'otp', phase: 'handler', handler: 'verify', result: 'next', port: 'success' },
      },
      {
        type: 'step',
        executionId: 'exec-1',
        flowId: 'login',
        stepId: 's1',
        nodeId: 'otp',
        at: services.clock.now(),
        details: { nodeType: 'otp', phase: 'handler', handler: 'verify', result: 'wait', rejected: true },
      },
      {
        type: 'step',
        executionId: 'exec-1',
        flowId: 'login',
        stepId: 's1',
        nodeId: 'call-crm',
        at: services.clock.now(),
        details: { nodeType: 'otp', phase: 'init', result: 'fail', error: 'http_failed' },
      },
    ]);
    expect(JSON.stringify(services.audited)).not.to.contain('123456');
  });

  it('names the library flow a step belongs to', async () => {
    const services = fakeServices();
    const ctx = afterStep(services, results.next);
    const execution = {
      ...ctx.execution,
      frames: [...ctx.execution.frames, { flowId: 'verify-email', flowVersion: '2', nodeId: 'otp', variables: {}, visits: {}, calledFrom: 'call' }],
    };
    await audit.after!({ ...ctx, execution });
    expect(services.audited[0]).to.include({ flowId: 'verify-email', executionId: 'exec-1' });
  });
});
