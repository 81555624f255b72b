import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { failedAttempts } from '../../src/processors/index.js';
import { afterStep, type FakeServices, fakeServices, results, stepContext, type StepOptions } from './fakes.js';

const options = { threshold: 3, windowSeconds: 600, lockoutSeconds: 300 };

async function fail(services: FakeServices, step: StepOptions = {}) {
  return failedAttempts.after!(afterStep(services, results.rejected, { options, ...step }));
}

describe('processors: failed-attempts', () => {
  it('counts rejected attempts and locks the user out at the threshold', async () => {
    const services = fakeServices();
    expect(await fail(services)).to.deep.equal({ decision: 'continue' });
    expect(await fail(services)).to.deep.equal({ decision: 'continue' });
    expect(await services.counters.get('failures:https://kc.example/realms/demo|u-alice')).to.equal(2);
    expect(await services.counters.ttl('failures:https://kc.example/realms/demo|u-alice')).to.equal(600);

    expect(await fail(services)).to.deep.equal({ decision: 'stop', error: 'user_locked_out' });
    expect(await services.counters.read('lockout:https://kc.example/realms/demo|u-alice')).to.equal(new Date(services.clock.now() + 300_000).toISOString());
    expect(await services.counters.ttl('lockout:https://kc.example/realms/demo|u-alice')).to.equal(300);
    // The next window starts fresh once the lockout is over.
    expect(await services.counters.get('failures:https://kc.example/realms/demo|u-alice')).to.equal(0);
  });

  it('refuses every step while locked out, and lets the user in again when the lockout ends', async () => {
    const services = fakeServices();
    for (let attempt = 0; attempt < 3; attempt++) await fail(services);
    expect(await failedAttempts.before!(stepContext(services, { options }))).to.deep.equal({ decision: 'stop', error: 'user_locked_out' });
    expect(await failedAttempts.before!(stepContext(services, { options, phase: 'init' }))).to.deep.include({ error: 'user_locked_out' });
    expect(await failedAttempts.before!(stepContext(services, { options, user: { id: 'u-bob' } }))).to.deep.equal({ decision: 'continue' });
    services.advance(300_000);
    expect(await failedAttempts.before!(stepContext(services, { options }))).to.deep.equal({ decision: 'continue' });
  });

  it("never counts a realm's failures against, or locks out, a same-named user of another realm", async () => {
    const services = fakeServices();
    for (let attempt = 0; attempt < 3; attempt++) await fail(services);
    expect(await failedAttempts.before!(stepContext(services, { options }))).to.deep.include({ error: 'user_locked_out' });
    for (const issuer of ['https://kc.example/realms/other', 'https://other-kc.example/realms/demo']) {
      expect(await failedAttempts.before!(stepContext(services, { options, issuer })), issuer).to.deep.equal({ decision: 'continue' });
      expect(await fail(services, { issuer }), issuer).to.deep.equal({ decision: 'continue' });
      expect(await services.counters.get(`failures:${issuer}|u-alice`)).to.equal(1);
    }
  });

  it('uses the defaults (5 attempts in 900 s, 900 s lockout) without options', async () => {
    const services = fakeServices();
    for (let attempt = 0; attempt < 4; attempt++) {
      expect(await failedAttempts.after!(afterStep(services, results.rejected))).to.deep.equal({ decision: 'continue' });
    }
    expect(await services.counters.ttl('failures:https://kc.example/realms/demo|u-alice')).to.equal(900);
    expect(await failedAttempts.after!(afterStep(services, results.rejected))).to.deep.include({ error: 'user_locked_out' });
    expect(await services.counters.ttl('lockout:https://kc.example/realms/demo|u-alice')).to.equal(900);
  });

  it('clears the count when the node that rejected the user lets it through', async () => {
    const services = fakeServices();
    await fail(services);
    await fail(services);
    expect(await failedAttempts.after!(afterStep(services, results.next, { options }))).to.deep.equal({ decision: 'continue' });
    expect(await services.counters.get('failures:https://kc.example/realms/demo|u-alice')).to.equal(0);
    // Two more failures do not lock the user out: the earlier ones were forgiven.
    await fail(services);
    expect(await fail(services)).to.deep.equal({ decision: 'continue' });
  });

  it('does not clear the count for a success at another node or from init', async () => {
    const services = fakeServices();
    await fail(services);
    await fail(services);
    await failedAttempts.after!(afterStep(services, results.next, { options, nodeId: 'choose-method' }));
    await failedAttempts.after!(afterStep(services, results.next, { options, flowId: 'other-flow' }));
    await failedAttempts.after!(afterStep(services, results.next, { options, phase: 'init' }));
    expect(await services.counters.get('failures:https://kc.example/realms/demo|u-alice')).to.equal(2);
    expect(await fail(services)).to.deep.include({ error: 'user_locked_out' });
  });

  it('counts failures across executions and flows of the same user, per realm and user', async () => {
    const services = fakeServices();
    await fail(services, { flowId: 'login' });
    await fail(services, { flowId: 'step-up' });
    await fail(services, { user: { id: 'u-bob' } });
    expect(await services.counters.get('failures:https://kc.example/realms/demo|u-alice')).to.equal(2);
    expect(await services.counters.get('failures:https://kc.example/realms/demo|u-bob')).to.equal(1);
  });

  it('forgets failures after the window', async () => {
    const services = fakeServices();
    await fail(services);
    await fail(services);
    services.advance(600_000);
    expect(await fail(services)).to.deep.equal({ decision: 'continue' });
    expect(await services.counters.get('failures:https://kc.example/realms/demo|u-alice')).to.equal(1);
  });

  it('ignores waits that are not rejections, and journeys without a user', async () => {
    const services = fakeServices();
    expect(await failedAttempts.after!(afterStep(services, results.waiting, { options }))).to.deep.equal({ decision: 'continue' });
    expect(await fail(services, { user: null })).to.deep.equal({ decision: 'continue' });
    expect(await services.counters.get('failures:https://kc.example/realms/demo|u-alice')).to.equal(0);
  });

  it('counts the attempt that leaves through a failure port (the last wrong code), and does not clear the count for it', async () => {
    const services = fakeServices();
    await fail(services);
    expect(await failedAttempts.after!(afterStep(services, results.failedOut, { options }))).to.deep.equal({ decision: 'continue' });
    expect(await services.counters.get('failures:https://kc.example/realms/demo|u-alice')).to.equal(2);
    expect(await failedAttempts.after!(afterStep(services, results.failedOut, { options }))).to.deep.include({ error: 'user_locked_out' });
  });

  describe('before a user is known: subjectVariable names the account being tried', () => {
    const claimed = { ...options, subjectVariable: 'email' };
    const tried = (email: unknown, step: StepOptions = {}) => ({ user: null, options: claimed, variables: { email }, ...step });
    // The account's key holds a hash of the lower-cased address, never the address.
    const bobKey = `failures:https://kc.example/realms/demo|claimed:${createHash('sha256').update('bob@example.com').digest('base64url')}`;

    it('counts and locks out the account the variable names, in any case and across journeys, and keeps no address in the key', async () => {
      const services = fakeServices();
      await fail(services, tried('Bob@Example.com'));
      await fail(services, tried('bob@example.com ', { flowId: 'recover-again' }));
      expect(await services.counters.get(bobKey)).to.equal(2);
      expect(await fail(services, tried('BOB@example.com'))).to.deep.equal({ decision: 'stop', error: 'user_locked_out' });
      expect(await failedAttempts.before!(stepContext(services, tried('bob@example.com', { phase: 'init' })))).to.deep.include({ error: 'user_locked_out' });
      expect(await failedAttempts.before!(stepContext(services, tried('carol@example.com')))).to.deep.equal({ decision: 'continue' });
    });

    it('does nothing until the variable has a value, or without the option', async () => {
      const services = fakeServices();
      expect(await fail(services, tried(undefined))).to.deep.equal({ decision: 'continue' });
      expect(await fail(services, tried(''))).to.deep.equal({ decision: 'continue' });
      expect(await fail(services, { user: null, options, variables: { email: 'bob@example.com' } })).to.deep.equal({ decision: 'continue' });
      expect(await services.counters.ttl(bobKey)).to.equal(undefined);
    });

    it('counts against the user once one is known', async () => {
      const services = fakeServices();
      await fail(services, { options: claimed, variables: { email: 'bob@example.com' } });
      expect(await services.counters.get('failures:https://kc.example/realms/demo|u-alice')).to.equal(1);
    });
  });
});
