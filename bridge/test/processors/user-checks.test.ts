import { expect } from 'chai';
import { failedAttempts, userIdentified, userValid } from '../../src/processors/index.js';
import { alice, fakeServices, stepContext } from './fakes.js';

describe('processors: user-identified', () => {
  it('continues for a known user and stops without one', async () => {
    const services = fakeServices();
    expect(await userIdentified.before!(stepContext(services))).to.deep.equal({ decision: 'continue' });
    expect(await userIdentified.before!(stepContext(services, { user: null }))).to.deep.equal({ decision: 'stop', error: 'user_not_identified' });
    expect(await userIdentified.before!(stepContext(services, { user: { id: '' } }))).to.deep.include({ error: 'user_not_identified' });
    expect(userIdentified.essential).to.equal(true);
  });
});

describe('processors: user-valid', () => {
  it('continues for an enabled user, and for an account whose state is unknown', async () => {
    const services = fakeServices();
    expect(await userValid.before!(stepContext(services))).to.deep.equal({ decision: 'continue' });
    expect(await userValid.before!(stepContext(services, { user: { id: 'u-bob' } }))).to.deep.equal({ decision: 'continue' });
  });

  it('stops a disabled user with user_disabled', async () => {
    const services = fakeServices();
    const decision = await userValid.before!(stepContext(services, { user: { ...alice, enabled: false } }));
    expect(decision).to.deep.equal({ decision: 'stop', error: 'user_disabled' });
  });

  it('stops a user under the lockout marker with user_locked_out', async () => {
    const services = fakeServices();
    await services.counters.put('lockout:https://kc.example/realms/demo|u-alice', 'until', 60);
    expect(await userValid.before!(stepContext(services))).to.deep.equal({ decision: 'stop', error: 'user_locked_out' });
    expect(await userValid.before!(stepContext(services, { user: { id: 'u-bob' } }))).to.deep.equal({ decision: 'continue' });
    services.advance(60_000);
    expect(await userValid.before!(stepContext(services))).to.deep.equal({ decision: 'continue' });
  });

  it('continues without a user (user-identified is the processor that requires one)', async () => {
    const services = fakeServices();
    expect(await userValid.before!(stepContext(services, { user: null }))).to.deep.equal({ decision: 'continue' });
    expect(await failedAttempts.before!(stepContext(services, { user: null }))).to.deep.equal({ decision: 'continue' });
  });
});
