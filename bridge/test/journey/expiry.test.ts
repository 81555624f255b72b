import { expect } from 'chai';
import type { AuditTrail } from '../../src/audit/audit-trail.js';
import type { HandoffClaims } from '../../src/handoff/handoff-claims.js';
import type { FlowSession, LoginTags } from '../../src/journey/flow-session.js';
import { JourneyService } from '../../src/journey/journey-service.js';
import { MemorySessionStore } from '../../src/store/memory-session-store.js';
import { flowOf, harness } from '../engine/support.js';

const claims: HandoffClaims = {
  iss: 'https://sso.example.com/realms/demo',
  aud: 'https://io.example.com',
  iat: 0,
  exp: 120,
  jti: 'handoff-1',
  sub: 'user-1',
  azp: 'app',
  realm: 'demo',
  tab_id: 'tab',
  nonce: 'nonce',
  flow: 'test-flow',
  return_uri: 'https://sso.example.com/realms/demo/login-actions/authenticate',
  grants: [],
};

const browserSecret = 'the-browser-secret';

/** A journey whose first step changes something outside (a saga step), then waits for the user. */
function expiringJourney() {
  const log: string[] = [];
  const flow = flowOf(
    [
      { id: 'create', type: 'saga', config: { label: 'create account' } },
      { id: 'q', type: 'ask', outputs: { 'flow.answer': 'result.answer' } },
      { id: 'done', type: 'end', config: {} },
    ],
    [
      ['create', 'done', 'q'],
      ['q', 'answered', 'done'],
    ],
    { variables: { answer: { type: 'string' } }, settings: { sessionTtlSeconds: 60 } },
  );
  const h = harness([flow], { log });
  let now = 1_000_000;
  const expired: unknown[] = [];
  const ignore = () => undefined;
  const audit: AuditTrail = {
    handoffAccepted: ignore,
    handoffRejected: ignore,
    stepCompleted: ignore,
    evidenceIssued: ignore,
    evidenceRefused: ignore,
    journeyExpired: (event) => expired.push(event),
  };
  const store = new MemorySessionStore<FlowSession>(() => now);
  // Like published flows while Keycloak is unreachable: the journey's runtime cannot be loaded.
  let runtimeDown = false;
  const journeys = new JourneyService({
    verifyHandoff: async () => ({ claims, flowRef: 'test-flow' }),
    runtime: async () => {
      if (runtimeDown) throw new Error('flow_version_unavailable');
      return { catalog: h.catalog, engine: h.engine };
    },
    store,
    loginTags: new MemorySessionStore<LoginTags>(() => now),
    signEvidence: async () => ({ token: 'evidence', jti: 'evidence-1', exp: Math.floor(now / 1000) + 120 }),
    audit,
    sessionTtlSeconds: 900,
    now: () => now,
  });
  return { journeys, store, log, expired, advance: (ms: number) => (now += ms), setRuntimeDown: (down: boolean) => (runtimeDown = down) };
}

describe('journey expiry', () => {
  it('refuses a journey past its deadline, then the sweep expires it and runs its compensations once', async () => {
    const { journeys, store, log, expired, advance } = expiringJourney();
    const { handle, session } = await journeys.begin('token', browserSecret);
    const key = { handle, browserSecret };
    expect(session.execution.status).to.equal('active');
    expect(await store.ttl(handle), 'the record outlives the deadline by the grace period').to.equal(60 + 300);

    advance(59_000);
    expect((await journeys.load(key)).data.execution.status, 'still within the flow TTL').to.equal('active');

    advance(2_000);
    await journeys.load(key).then(
      () => expect.fail('a journey past its deadline must not load'),
      (error: { code?: string }) => expect(error.code).to.equal('session_expired'),
    );
    expect(await journeys.sweep(), 'a request that loaded just before the deadline may still be running').to.equal(0);
    expect(log).to.deep.equal(['do create account']);

    advance(120_000);
    const [first, second] = await Promise.all([journeys.sweep(), journeys.sweep()]);
    expect(first + second, 'two sweeps at once expire it once').to.equal(1);
    const stored = (await store.get(handle))!.data.execution;
    expect(stored).to.deep.include({ status: 'expired', error: 'session_expired' });
    expect(stored.compensations.map((c) => c.status)).to.deep.equal(['compensated']);
    expect(log).to.deep.equal(['do create account', 'undo create account']);
    expect(expired).to.deep.equal([{ correlationId: stored.id, issuer: claims.iss, compensated: 1, compensationFailed: 0 }]);

    expect(await journeys.sweep()).to.equal(0);
    expect(log, 'compensations run once').to.have.length(2);
    await journeys.load(key).then(
      () => expect.fail('an expired journey stays expired'),
      (error: { code?: string }) => expect(error.code).to.equal('session_expired'),
    );
  });

  it('leaves a journey whose runtime cannot be loaded to a later sweep, which expires and compensates it', async () => {
    const { journeys, log, expired, advance, setRuntimeDown } = expiringJourney();
    await journeys.begin('token', browserSecret);
    advance(61_000 + 120_000);
    setRuntimeDown(true);
    await journeys.sweep().then(
      () => expect.fail('the sweep reports what it could not do'),
      (error: Error) => expect(error.message).to.equal('flow_version_unavailable'),
    );
    expect(log, 'nothing undone yet, and the expiry not claimed').to.deep.equal(['do create account']);
    setRuntimeDown(false);
    expect(await journeys.sweep()).to.equal(1);
    expect(log).to.deep.equal(['do create account', 'undo create account']);
    expect(expired).to.have.length(1);
  });

  it('leaves finished journeys alone', async () => {
    const { journeys, store, log, advance } = expiringJourney();
    const { handle, session } = await journeys.begin('token', browserSecret);
    const { session: finished } = await journeys.submit({ handle, browserSecret }, session.csrfToken, { values: { answer: 'yes' } });
    expect(finished.execution.status).to.equal('completed');
    advance(200_000); // past deadline and margin, within the grace: the record is still there
    expect(await store.get(handle)).to.not.equal(undefined);
    expect(await journeys.sweep()).to.equal(0);
    expect(log.filter((line) => line.startsWith('undo'))).to.deep.equal([]);
  });
});
