/**
 * Evidence that is correctly signed by the bridge's key, right in every claim and binding, but
 * does what the handoff did not authorize (a compromised bridge, a careless flow author, a bug in a
 * node): Keycloak refuses it, applies nothing, issues no code and records a LOGIN_ERROR event with
 * the contract's code (contract/evidence-actions.json, rules). The journey is the demo flow
 * (demo-app -> demo-profile); what the flow may do is the realm's `io.flowPermissions`, which some
 * tests widen so that the rule under test, not `granted`, is the one that refuses.
 */
import { expect } from 'chai';
import { decodeJwt } from 'jose';
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { getStack } from './support/stack.js';
import { adminClient, testUser, userSessionIds } from './support/admin.js';
import { forgeEvidenceOf, type EvidenceClaims } from './support/evidence.js';
import { getRelyingParty, handoffToken, journeysClosedAfterEach, submitProfile } from './support/journey.js';

const DEMO_PERMISSIONS = [{ type: 'set_session_note', names: ['company'] }];

/** What the user reads on Keycloak's error page for each code. */
const MESSAGES: Record<string, string> = {
  evidence_unauthorized_action: 'tried to change something it was not allowed to',
  evidence_requirement_unmet: 'A step your account requires',
  evidence_unproven_factor: 'claimed a sign-in method it did not verify',
  evidence_unproven_email: 'Your email address was not confirmed with a code',
  evidence_bad_action: 'could not verify the result of your identity journey',
};

describe('evidence authorization: Keycloak applies only what its handoff authorized', function () {
  this.timeout(120_000);

  const journey = journeysClosedAfterEach();
  let admin: KcAdminClient;
  let originalRealmAttributes: Record<string, string>;

  before(async () => {
    admin = await adminClient();
    originalRealmAttributes = { ...((await admin.realms.findOne({ realm: 'demo' }))?.attributes ?? {}) } as Record<string, string>;
  });

  afterEach(async () => {
    admin = await adminClient();
    await admin.realms.update({ realm: 'demo' }, { attributes: originalRealmAttributes });
    const user = await testUser(admin);
    await admin.users.update({ id: user.id }, { ...user, requiredActions: [], email: 'alice@example.com', emailVerified: true });
  });

  /** The demo flow may do what the demo realm declares, plus `extra`. */
  async function permitDemoFlow(extra: object[]): Promise<void> {
    const permissions = JSON.parse(originalRealmAttributes['io.flowPermissions'] ?? '{}');
    permissions['demo-profile'] = [...permissions['demo-profile'], ...extra];
    await admin.realms.update({ realm: 'demo' }, { attributes: { ...originalRealmAttributes, 'io.flowPermissions': JSON.stringify(permissions) } });
  }

  /** The Keycloak-side state a refusal must leave untouched. */
  async function keycloakState() {
    admin = await adminClient();
    const user = await testUser(admin);
    return {
      email: user.email,
      emailVerified: user.emailVerified,
      requiredActions: user.requiredActions ?? [],
      attributes: user.attributes ?? {},
      sessions: await userSessionIds(admin),
    };
  }

  /**
   * Runs the demo journey with its evidence forged by `mutate`, and asserts the refusal: the error
   * page, no code, nothing changed in Keycloak, a LOGIN_ERROR event with `code`.
   */
  async function expectRefused(code: string, mutate: (claims: EvidenceClaims) => void): Promise<void> {
    const { callback } = getStack();
    const before = await keycloakState();
    const hitsBefore = callback.hits.length;
    const run = await journey();
    const correlationId = decodeJwt(handoffToken(run.handoffs[0]!)).correlation_id;
    await forgeEvidenceOf(run.page, mutate);

    await submitProfile(run, 'Attacker Ltd');

    expect(run.evidencePosts, 'the forged evidence reached Keycloak').to.have.length(1);
    expect(run.page.url().startsWith(callback.redirectUri), `ended on ${run.page.url()}`).to.equal(false);
    expect(await run.page.textContent('body')).to.contain(MESSAGES[code]);
    expect(callback.hits.length, 'no code issued').to.equal(hitsBefore);
    expect(await keycloakState(), 'nothing applied, no session').to.deep.equal(before);

    const events = await admin.realms.findEvents({ realm: 'demo', type: 'LOGIN_ERROR', max: 100 });
    const event = events.find((candidate) => candidate.details?.['io_correlation_id'] === correlationId);
    expect(event?.error, 'a LOGIN_ERROR event with the contract code').to.equal(code);
  }

  const now = () => Math.floor(Date.now() / 1000);
  const verifiedOtp = () => ({ type: 'otp_verified', step: 'otp', at: now(), payload: { amr: ['otp'] } });

  it('(a) removing an admin-imposed CONFIGURE_TOTP, even where granted, without a new OTP credential', async () => {
    admin = await adminClient();
    const user = await testUser(admin);
    await admin.users.update({ id: user.id }, { ...user, requiredActions: ['CONFIGURE_TOTP'] });
    await permitDemoFlow([{ type: 'remove_required_action', actions: ['CONFIGURE_TOTP'] }]);

    await expectRefused('evidence_requirement_unmet', (claims) => {
      claims.actions.push({ type: 'remove_required_action', action: 'CONFIGURE_TOTP' });
    });
    expect((await testUser(admin)).requiredActions).to.deep.equal(['CONFIGURE_TOTP']);
  });

  describe('(b) raise_acr the flow was not granted', () => {
    it('to the integer level 999', () =>
      expectRefused('evidence_unauthorized_action', (claims) => {
        claims.evidence.push(verifiedOtp());
        claims.actions.push({ type: 'raise_acr', level: '999' });
      }));

    it("to gold, the realm's highest acr value", () =>
      expectRefused('evidence_unauthorized_action', (claims) => {
        claims.evidence.push(verifiedOtp());
        claims.actions.push({ type: 'raise_acr', level: 'gold' });
      }));

    it('to 999 even where 999 is granted: integers are not acr values', async () => {
      await permitDemoFlow([{ type: 'raise_acr', levels: ['999'] }]);
      await expectRefused('evidence_bad_action', (claims) => {
        claims.evidence.push(verifiedOtp());
        claims.actions.push({ type: 'raise_acr', level: '999' });
      });
    });
  });

  it('(c) a new email marked verified without a code sent to it, even where both are granted', async () => {
    await permitDemoFlow([{ type: 'set_user_attributes', attributes: ['email'] }, { type: 'mark_email_verified' }]);
    await expectRefused('evidence_unproven_email', (claims) => {
      claims.actions.push({ type: 'set_user_attributes', attributes: { email: ['mallory@example.com'] } }, { type: 'mark_email_verified' });
    });
    const user = await testUser(admin);
    expect([user.email, user.emailVerified]).to.deep.equal(['alice@example.com', true]);
  });

  describe("(d) any action outside the handoff's grants, next to the granted one", () => {
    it('a session note of another name', () =>
      expectRefused('evidence_unauthorized_action', (claims) => {
        claims.actions.push({ type: 'set_session_note', name: 'role', value: 'admin' });
      }));

    it('a user attribute', () =>
      expectRefused('evidence_unauthorized_action', (claims) => {
        claims.actions.push({ type: 'set_user_attributes', attributes: { jobTitle: ['CEO'] } });
      }));

    it('consent, terms and a required action', () =>
      expectRefused('evidence_unauthorized_action', (claims) => {
        claims.actions.push(
          { type: 'record_consent', purposes: { marketing: true } },
          { type: 'record_terms_acceptance', version: '2099-01' },
          { type: 'add_required_action', action: 'UPDATE_PASSWORD' },
        );
      }));
  });

  it('(e) an amr value outside RFC 8176', () =>
    expectRefused('evidence_unproven_factor', (claims) => {
      claims.evidence.push({ type: 'otp_verified', step: 'otp', at: now(), payload: { amr: ['superpower'] } });
    }));

  it('(e) an amr value no verified step of the evidence justifies', () =>
    expectRefused('evidence_unproven_factor', (claims) => {
      claims.evidence.push({ type: 'profile_completed', step: 'profile', at: now(), payload: { amr: ['hwk'] } });
    }));

  it('(f) the legitimate demo journey still completes: its handoff grants what the realm declares, its token has company', async () => {
    const { callback } = getStack();
    const run = await journey();
    expect(decodeJwt(handoffToken(run.handoffs[0]!)).grants).to.deep.equal(DEMO_PERMISSIONS);
    await submitProfile(run, 'Legit GmbH');

    const callbackUrl = new URL(run.page.url());
    expect(callbackUrl.href.startsWith(callback.redirectUri), `ended on ${callbackUrl.href}`).to.equal(true);
    const claims = (await (await getRelyingParty()).completeLogin(callbackUrl, run.pending)).claims()!;
    expect(claims.company).to.equal('Legit GmbH');
  });

  it('invalid io.flowPermissions fails the login closed before the bridge is involved', async () => {
    const { callback } = getStack();
    await admin.realms.update(
      { realm: 'demo' },
      { attributes: { ...originalRealmAttributes, 'io.flowPermissions': '{"demo-profile": [{"type": "set_session_note"}]}' } },
    );
    const hitsBefore = callback.hits.length;
    const { browser, bridge } = getStack();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const bridgeRequests: string[] = [];
      page.on('request', (request) => {
        if (request.url().startsWith(bridge.url)) bridgeRequests.push(request.url());
      });
      await page.goto((await (await getRelyingParty()).beginLogin()).url.href);
      await page.fill('#username', 'alice');
      await page.fill('#password', 'alice-password');
      await Promise.all([page.waitForNavigation(), page.click('#kc-login')]);
      expect(await page.textContent('body')).to.contain('the identity journey is not configured');
      expect(bridgeRequests).to.deep.equal([]);
      expect(callback.hits.length).to.equal(hitsBefore);
    } finally {
      await context.close();
    }
  });
});
