/**
 * The complete provider with the bridge's obligation mapping, end to end: per-client toggles,
 * obligations from realm rules fulfilled by the bridge's library flows in one visit, evidence that
 * changes the Keycloak user (or is refused as a whole), and the evidence in the tokens.
 *
 * Obligations are evaluated by the IO journey required action. The tests log in through
 * `demo-app-plain` (IO off: the IO journey step of the browser flow is skipped) with the realm
 * attribute `io.obligations.clients` = `all`, so only the obligations reach the bridge and not
 * demo-app's own IO flow. Everything a test changes (realm rules, the user's attributes, a
 * mapper) is put back afterwards, so the other e2e files see the realm as imported.
 */
import { expect } from 'chai';
import { decodeJwt } from 'jose';
import type { BrowserContext, Page } from 'playwright-core';
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { getStack } from './support/stack.js';
import { adminClient, testUser } from './support/admin.js';
import { handoffToken, journeysClosedAfterEach, submitProfile, TEST_USER } from './support/journey.js';
import { expectCode, PLAIN_CLIENT, plainRelyingParty, signInPlain, submitStep, type PlainLogin } from './support/plain-login.js';
const TERMS_RULE = (version: string) => ({
  type: 'require_terms_acceptance',
  params: { version },
  when: { attributeOlderThan: { attribute: 'io_terms_version', value: version } },
});

describe('the complete provider with obligations, end to end', function () {
  this.timeout(120_000);

  let admin: KcAdminClient;
  let originalRealmAttributes: Record<string, string>;
  let originalUserAttributes: Record<string, string[]>;
  let mapperId: string | undefined;
  let plainClientId: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    admin = await adminClient();
    originalRealmAttributes = { ...((await admin.realms.findOne({ realm: 'demo' }))?.attributes ?? {}) } as Record<string, string>;
    originalUserAttributes = { ...((await testUser(admin)).attributes ?? {}) };
    const [client] = await admin.clients.find({ clientId: PLAIN_CLIENT });
    plainClientId = client!.id!;
    // The evidence mapper on the plain client too, so its tokens can show io_evidence (test f).
    await admin.clients.addProtocolMapper(
      { id: plainClientId },
      {
        name: 'io evidence (e2e)',
        protocol: 'openid-connect',
        protocolMapper: 'io-evidence-mapper',
        config: { 'id.token.claim': 'true', 'access.token.claim': 'true' },
      },
    );
    mapperId = (await admin.clients.listProtocolMappers({ id: plainClientId })).find((mapper) => mapper.name === 'io evidence (e2e)')?.id;
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await setRules(undefined);
    await restoreUser();
  });

  after(async () => {
    if (mapperId) await admin.clients.delProtocolMapper({ id: plainClientId, mapperId });
    await admin.realms.update({ realm: 'demo' }, { attributes: originalRealmAttributes });
  });

  /** Sets the realm's obligation rules (all clients); undefined: no rules, default scope. */
  async function setRules(rules: object[] | undefined): Promise<void> {
    admin = await adminClient();
    const realm = await admin.realms.findOne({ realm: 'demo' });
    const attributes = {
      ...(realm?.attributes ?? {}),
      // Blank means "no rules" and anything but `all` the default scope (docs/provider.md).
      'io.obligations': rules ? JSON.stringify(rules) : (originalRealmAttributes['io.obligations'] ?? ''),
      'io.obligations.clients': rules ? 'all' : (originalRealmAttributes['io.obligations.clients'] ?? ''),
    };
    await admin.realms.update({ realm: 'demo' }, { attributes });
  }

  async function userAttributes(): Promise<Record<string, string[]>> {
    admin = await adminClient();
    return (await testUser(admin)).attributes ?? {};
  }

  async function setUserAttributes(attributes: Record<string, string[]>): Promise<void> {
    admin = await adminClient();
    const user = await testUser(admin);
    await admin.users.update({ id: user.id }, { ...user, attributes });
  }

  async function restoreUser(): Promise<void> {
    await setUserAttributes(originalUserAttributes);
    expect(await userAttributes(), 'the test user is back as it was').to.deep.equal(originalUserAttributes);
  }

  /** Signs in to the plain client as the test user; the context is closed after the test. */
  async function loginPlain(): Promise<PlainLogin> {
    const login = await signInPlain();
    contexts.push(login.context);
    return login;
  }

  /** The obligations of the (single) handoff of this login. */
  function handoffClaims(login: PlainLogin) {
    expect(login.handoffs, 'the browser was handed to the bridge once').to.have.length(1);
    return decodeJwt(handoffToken(login.handoffs[0]!));
  }

  async function acceptTerms(page: Page, leaves: boolean): Promise<void> {
    await page.check('input[name="accept"]');
    await submitStep(page, 'form:has(input[name="accept"]) button[type="submit"]', leaves);
  }

  /** The names of the fields a bridge form asks for (not the hidden step fields). */
  async function visibleFieldNames(page: Page): Promise<string[]> {
    return page.$$eval('form input:not([type="hidden"]), form select, form textarea', (fields) => fields.map((field) => field.getAttribute('name') ?? ''));
  }

  describe('per-client toggles', () => {
    it('(a) a client with IO off logs in untouched: no request to the bridge, a code issued', async () => {
      // A rule the user owes, but obligations are only evaluated for IO-enabled clients by default.
      await setRules(undefined);
      admin = await adminClient();
      const realm = await admin.realms.findOne({ realm: 'demo' });
      await admin.realms.update({ realm: 'demo' }, { attributes: { ...realm!.attributes, 'io.obligations': JSON.stringify([TERMS_RULE('2099-01')]) } });

      const login = await loginPlain();
      const callbackUrl = expectCode(login);
      expect(login.bridgeRequests).to.deep.equal([]);
      const tokens = await (await plainRelyingParty()).completeLogin(callbackUrl, login.pending);
      expect(tokens.claims()!.preferred_username).to.equal(TEST_USER.username);
      expect(tokens.claims()!.io_evidence, 'no journey, no evidence claim').to.equal(undefined);
    });

    describe('(b) a client with IO on', () => {
      const journey = journeysClosedAfterEach();

      // The full journey (code, PKCE, claims, one session) is the spine test's (spine.e2e.test.ts).
      it('runs its own flow (demo-app -> io.flow demo-profile) and gets a code', async () => {
        const run = await journey();
        const handoff = decodeJwt(handoffToken(run.handoffs[0]!));
        expect(handoff.flow).to.equal('demo-profile');
        expect(handoff.obligations).to.equal(undefined);
        expect(await visibleFieldNames(run.page)).to.deep.equal(['company', 'jobTitle']);
        await submitProfile(run, 'Toggle Co');
        expect(new URL(run.page.url()).searchParams.get('code')).to.be.a('string');
      });
    });
  });

  describe('obligations', () => {
    it('(c) asks for exactly the missing profile attribute and the value lands on the Keycloak user', async () => {
      await setUserAttributes({ ...originalUserAttributes, jobTitle: ['Engineer'] });
      await setRules([{ type: 'require_attributes', when: { attributesMissing: ['company', 'jobTitle'] } }]);

      const login = await loginPlain();
      expect(handoffClaims(login).obligations).to.deep.equal([{ type: 'require_attributes', mode: 'mandatory', params: { fields: ['company'] } }]);
      expect(await visibleFieldNames(login.page), 'only the missing field').to.deep.equal(['company']);
      await login.page.fill('input[name="company"]', 'Obligation Corp');
      await submitStep(login.page, 'button[type="submit"]', true);

      expectCode(login);
      const attributes = await userAttributes();
      expect(attributes['company']).to.deep.equal(['Obligation Corp']);
      expect(attributes['jobTitle']).to.deep.equal(['Engineer']);
    });

    it('(d) a terms version bump asks for acceptance once, not on the next login, and again after the next bump', async () => {
      await setRules([TERMS_RULE('2026-10')]);

      const first = await loginPlain();
      expect(handoffClaims(first).obligations).to.deep.equal([{ type: 'require_terms_acceptance', mode: 'mandatory', params: { version: '2026-10' } }]);
      expect(await first.page.textContent('body')).to.contain('2026-10');
      await acceptTerms(first.page, true);
      expectCode(first);
      const accepted = await userAttributes();
      expect(accepted['io_terms_version']).to.deep.equal(['2026-10']);
      expect(accepted['io_terms_accepted_at']?.[0]).to.match(/^\d{4}-\d{2}-\d{2}T/);

      const second = await loginPlain();
      expectCode(second);
      expect(second.bridgeRequests, 'accepted already: straight through').to.deep.equal([]);

      await setRules([TERMS_RULE('2026-11')]);
      const third = await loginPlain();
      expect(handoffClaims(third).obligations).to.deep.equal([{ type: 'require_terms_acceptance', mode: 'mandatory', params: { version: '2026-11' } }]);
      await acceptTerms(third.page, true);
      expectCode(third);
      expect((await userAttributes())['io_terms_version']).to.deep.equal(['2026-11']);
    });

    it('(e) refuses a value the user profile does not allow, with nothing changed and no code', async () => {
      const { callback } = getStack();
      // plan is admin-only in the demo realm's user profile; e2e_choose_plan is the suite's own type.
      await setUserAttributes({ ...originalUserAttributes, jobTitle: ['Engineer'] });
      await setRules([
        { type: 'require_terms_acceptance', params: { version: '2026-10' }, when: { attributeOlderThan: { attribute: 'io_terms_version', value: '2026-10' } } },
        // A custom type authorizes what its rule declares (protocol 1.2): here the plan, which the profile then refuses.
        { type: 'e2e_choose_plan', when: { attributesMissing: ['plan'] }, grants: [{ type: 'set_user_attributes', attributes: ['plan'] }] },
      ]);
      const before = await userAttributes();
      const hitsBefore = callback.hits.length;

      const login = await loginPlain();
      await acceptTerms(login.page, false);
      await login.page.selectOption('select[name="plan"]', 'pro');
      await submitStep(login.page, 'button[type="submit"]', true);

      expect(login.page.url().startsWith(callback.redirectUri), `ended on ${login.page.url()}`).to.equal(false);
      const body = (await login.page.textContent('body')) ?? '';
      expect(body).to.contain('was not accepted, so nothing was changed');
      expect(body).to.contain('plan');
      expect(callback.hits.length).to.equal(hitsBefore);
      // All or nothing: the terms acceptance of the same evidence was not applied either.
      expect(await userAttributes()).to.deep.equal(before);
    });

    it('(f) the tokens show the evidence: io_evidence lists the obligation types, one entry per obligation', async () => {
      await setUserAttributes({ ...originalUserAttributes, jobTitle: ['Engineer'] });
      await setRules([TERMS_RULE('2026-10'), { type: 'require_attributes', when: { attributesMissing: ['company'] } }]);

      const login = await loginPlain();
      const handoff = handoffClaims(login);
      await acceptTerms(login.page, false);
      await login.page.fill('input[name="company"]', 'Evidence GmbH');
      await submitStep(login.page, 'button[type="submit"]', true);
      const callbackUrl = expectCode(login);

      expect(
        login.bridgeRequests.filter((url) => url.includes('/io/handoff')),
        'one visit',
      ).to.have.length(1);
      expect(login.evidence).to.have.length(1);
      const evidence = decodeJwt(login.evidence[0]!);
      expect(evidence.correlation_id).to.equal(handoff.correlation_id);
      const entries = evidence.evidence as Array<{ type: string; payload: Record<string, unknown> }>;
      expect(entries.map((entry) => entry.type)).to.deep.equal(['require_terms_acceptance', 'require_attributes']);
      expect(entries[1]!.payload).to.deep.equal({ attributes: { company: 'Evidence GmbH' } });
      expect(evidence.actions).to.deep.equal([
        { type: 'record_terms_acceptance', version: '2026-10' },
        { type: 'set_user_attributes', attributes: { company: ['Evidence GmbH'] } },
      ]);

      const claims = (await (await plainRelyingParty()).completeLogin(callbackUrl, login.pending)).claims()!;
      expect(claims.io_evidence).to.deep.equal(['require_terms_acceptance', 'require_attributes']);
      // The built-in flows verify no authentication factor, so they add nothing to amr.
      expect((claims.amr as string[] | undefined) ?? []).not.to.include('otp');
      expect((await userAttributes())['company']).to.deep.equal(['Evidence GmbH']);
    });
  });
});
