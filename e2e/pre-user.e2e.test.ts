/**
 * Protocol 1.4 end to end: the IO step as the realm's registration flow, before anyone is known.
 * The journey (e2e/flows/e2e-sign-up.json) creates the user through the admin API, stamped
 * `io.journey` with the login's correlation id, and its evidence asks Keycloak to sign in that
 * user (`sign_in_user`). Keycloak signs in exactly the user this journey created: evidence forged
 * with the bridge's own key to name anyone else (an existing account, a user created after the
 * handoff but not by this journey, a user of another realm carrying this journey's correlation id)
 * is refused, nobody is signed in, and an error event (REGISTER_ERROR: the registration flow's)
 * carries the contract's code.
 */
import { expect } from 'chai';
import { decodeJwt } from 'jose';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { getStack } from './support/stack.js';
import { adminClient } from './support/admin.js';
import { forgeEvidenceOf } from './support/evidence.js';
import { handoffToken } from './support/journey.js';
import { accounts, callbackCode, journeysAdmin, journeysParty, openLogin, submitLeavingBridge, uniqueAddress } from './support/journeys.js';
import type { PendingLogin } from '../demo/relying-party.js';

interface SignUp {
  page: Page;
  pending: PendingLogin;
  email: string;
  /** The handoff's claims: no user yet. */
  handoff: ReturnType<typeof decodeJwt>;
}

describe('protocol 1.4: a journey before the user is known signs in exactly the user it created', function () {
  this.timeout(180_000);

  const made = accounts();
  const contexts: BrowserContext[] = [];
  const demoUsers: string[] = [];

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  after(async () => {
    await made.remove();
    const admin = await adminClient();
    for (const id of demoUsers) await admin.users.del({ id }).catch(() => undefined);
  });

  /** Keycloak's login page, its "Register" link, the journey's form filled in: ready to submit. */
  async function startSignUp(): Promise<SignUp> {
    const { bridge } = getStack();
    const { context, page, pending } = await openLogin();
    contexts.push(context);
    const handoffs: Request[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(`${bridge.url}/io/handoff`)) handoffs.push(request);
    });
    await Promise.all([page.waitForURL((url) => url.href.startsWith(`${bridge.url}/io/j/`)), page.click('#kc-registration a')]);
    const email = uniqueAddress('signup');
    await page.fill('input[name="email"]', email);
    return { page, pending, email, handoff: decodeJwt(handoffToken(handoffs[0]!)) };
  }

  /** The users of realm journeys with this email (the journey makes its username from it). */
  async function usersWith(email: string) {
    return (await journeysAdmin()).users.find({ email, exact: true });
  }

  async function expectRefused(signUp: SignUp, code: string): Promise<void> {
    const { callback } = getStack();
    const hitsBefore = callback.hits.length;
    await submitLeavingBridge(signUp.page);
    expect(callbackCode(signUp.page), 'no code issued').to.equal(undefined);
    expect(callback.hits.length).to.equal(hitsBefore);
    expect(await signUp.page.textContent('body')).to.contain('tried to sign you in to an account it did not create');
    const admin = await journeysAdmin();
    // The registration flow's events are REGISTER events: the refusal is a REGISTER_ERROR.
    const events = await admin.realms.findEvents({ realm: 'journeys', type: 'REGISTER_ERROR', max: 100 });
    const event = events.find((candidate) => candidate.details?.['io_correlation_id'] === signUp.handoff.correlation_id);
    expect(event?.error, 'a REGISTER_ERROR event with the contract code').to.equal(code);
    // The journey did create its user; nobody was signed in as it or as anyone else.
    for (const user of await usersWith(signUp.email)) {
      made.adopt(user.id!);
      expect(await admin.users.listSessions({ id: user.id! })).to.deep.equal([]);
    }
  }

  it("signs in the user the journey created, stamped with the journey's correlation id", async () => {
    const signUp = await startSignUp();
    expect(signUp.handoff.sub, 'no user in the handoff').to.equal(undefined);
    expect(signUp.handoff.user).to.equal(undefined);
    expect(signUp.handoff.grants).to.deep.equal([{ type: 'sign_in_user' }]);

    await submitLeavingBridge(signUp.page);
    expect(callbackCode(signUp.page), `ended on ${signUp.page.url()}`).to.be.a('string');
    const [created] = await usersWith(signUp.email);
    made.adopt(created!.id!);
    expect(created!.attributes?.['io.journey']).to.deep.equal([signUp.handoff.correlation_id]);

    const claims = (await (await journeysParty()).completeLogin(new URL(signUp.page.url()), signUp.pending)).claims()!;
    expect(claims.sub).to.equal(created!.id);
    expect(claims.email).to.equal(signUp.email);
  });

  it('refuses evidence naming an account that existed before the handoff', async () => {
    const existing = await made.create('existing');
    const signUp = await startSignUp();
    await forgeEvidenceOf(
      signUp.page,
      (claims) => {
        claims.actions = [{ type: 'sign_in_user', user_id: existing.id }];
      },
      undefined,
      'journeys',
    );
    await expectRefused(signUp, 'evidence_user_not_created_by_journey');
    expect(await (await journeysAdmin()).users.listSessions({ id: existing.id })).to.deep.equal([]);
  });

  it('refuses evidence naming a user created after the handoff, but not by this journey', async () => {
    const signUp = await startSignUp();
    const stranger = await made.create('stranger');
    await forgeEvidenceOf(
      signUp.page,
      (claims) => {
        claims.actions = [{ type: 'sign_in_user', user_id: stranger.id }];
      },
      undefined,
      'journeys',
    );
    await expectRefused(signUp, 'evidence_user_not_created_by_journey');
  });

  it("refuses evidence naming a user of another realm, even one carrying this journey's correlation id", async () => {
    const signUp = await startSignUp();
    const admin = await adminClient();
    const { id } = await admin.users.create({
      username: `io-e2e-elsewhere-${Date.now()}`,
      enabled: true,
      email: uniqueAddress('elsewhere'),
      attributes: { 'io.journey': [String(signUp.handoff.correlation_id)] },
    });
    demoUsers.push(id);
    await forgeEvidenceOf(
      signUp.page,
      (claims) => {
        claims.actions = [{ type: 'sign_in_user', user_id: id }];
      },
      undefined,
      'journeys',
    );
    await expectRefused(signUp, 'evidence_user_not_created_by_journey');
    expect(await admin.users.listSessions({ id })).to.deep.equal([]);
  });
});
