/**
 * Journey 4, passkey enrollment (issue 11): the built-in template enroll-credential, installed in
 * the demo realm, asked for by a rule while the user has no passkey. Soft: a nudge the user may
 * skip, which Keycloak remembers for the rule's remindAfter. Mandatory: no way around it. Enrolling
 * is Keycloak's own WebAuthn registration (required action webauthn-register-passwordless, asked
 * for by the evidence), done here with Chromium's virtual authenticator; "enrolled" is reported by
 * Keycloak, once it holds the new credential, never by the journey's evidence.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { adminClient } from './support/admin.js';
import { getStack } from './support/stack.js';
import { expectCode, signInPlain, submitStep } from './support/plain-login.js';
import {
  createJourneyUser,
  deleteJourneyUser,
  evidenceOf,
  handoffOf,
  installJourneys,
  journeyContext,
  jsonAttribute,
  ruleSetter,
  screenshot,
  userNow,
  type JourneyUser,
} from './support/known-user-journeys.js';

const PASSKEY = 'webauthn-passwordless';
const rule = (extra: object) => ({ type: 'require_credential_enrollment', when: { credentialMissing: [PASSKEY] }, ...extra });

const choices = (page: Page) => page.$$eval('button[name="choice"]', (buttons) => buttons.map((button) => button.textContent?.trim()));

describe('journey: passkey enrollment', function () {
  this.timeout(240_000);
  let uninstall: () => Promise<void>;
  let rules: Awaited<ReturnType<typeof ruleSetter>>;
  let user: JourneyUser | undefined;

  before(async () => {
    uninstall = await installJourneys({ require_credential_enrollment: 'enroll-credential' });
    rules = await ruleSetter();
    user = await createJourneyUser(`passkey-${Date.now()}`);
  });

  after(async () => {
    await deleteJourneyUser(user);
    await rules?.restore();
    await uninstall?.();
  });

  /** A fresh browser's login, closed when `use` is done. */
  async function withLogin<T>(use: (login: Awaited<ReturnType<typeof signInPlain>>) => Promise<T>): Promise<T> {
    const context = await journeyContext();
    try {
      return await use(await signInPlain(user!, context));
    } finally {
      await context.close();
    }
  }

  it('soft: "Later" ends the nudge, and Keycloak does not ask again within remindAfter', async () => {
    await rules.set([rule({ mode: 'soft', skip: { remindAfter: 'P7D' } })]);
    await withLogin(async (login) => {
      expect(handoffOf(login)['obligations']).to.deep.equal([
        {
          type: 'require_credential_enrollment',
          mode: 'soft',
          params: { credentialTypes: [PASSKEY] },
          flow: 'enroll-credential',
        },
      ]);
      expect(await choices(login.page)).to.deep.equal(['Set up now', 'Later']);
      await screenshot(login.page, 'passkey');
      await submitStep(login.page, 'button[value="later"]', true);
      expectCode(login);
      expect(evidenceOf(login)['evidence']).to.satisfy((entries: Array<{ payload: unknown }>) => JSON.stringify(entries[0]!.payload) === '{"skipped":true}');
    });
    expect(jsonAttribute(await userNow(user!), 'io_skipped.require_credential_enrollment')).to.include({ count: 1 });

    await withLogin(async (login) => {
      expectCode(login);
      expect(login.bridgeRequests, 'skipped less than seven days ago: not asked').to.deep.equal([]);
    });
  });

  it('soft: once remindAfter has passed since the skip, the nudge is back', async () => {
    await rules.set([rule({ mode: 'soft', skip: { remindAfter: 'PT2S' } })]);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await withLogin(async (login) => {
      expect(handoffOf(login)['obligations']).to.have.length(1);
      expect(await choices(login.page)).to.deep.equal(['Set up now', 'Later']);
    });
  });

  it("mandatory: no skip; Keycloak's own registration enrolls the passkey, and only then does Keycloak report it", async () => {
    const { callback } = getStack();
    await rules.set([rule({ mode: 'mandatory' })]);
    const context = await journeyContext();
    try {
      const login = await signInPlain(user!, context);
      // Chromium's virtual authenticator (DevTools WebAuthn domain) for this tab: a platform passkey that verifies the user.
      const devtools = await context.newCDPSession(login.page);
      await devtools.send('WebAuthn.enable');
      await devtools.send('WebAuthn.addVirtualAuthenticator', {
        options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
      });
      const handoff = handoffOf(login);
      expect(await choices(login.page), 'no "Later"').to.deep.equal(['Set up now']);

      await submitStep(login.page, 'button[value="now"]', true);
      // Keycloak's own page: the evidence asked for the registration, nothing is enrolled yet.
      await login.page.locator('#registerWebAuthn').waitFor();
      const evidence = evidenceOf(login);
      expect((evidence['evidence'] as Array<{ payload: unknown }>)[0]!.payload).to.deep.equal({ requested: 'webauthn-register-passwordless' });
      expect(evidence['actions']).to.deep.equal([{ type: 'add_required_action', action: 'webauthn-register-passwordless' }]);
      expect(await enrolledEvents(), 'not reported before Keycloak holds a passkey').to.deep.equal([]);

      login.page.once('dialog', (dialog) => dialog.accept('IO e2e passkey'));
      await Promise.all([login.page.waitForURL((url) => url.href.startsWith(callback.redirectUri)), login.page.click('#registerWebAuthn')]);
      expectCode(login);

      const credentials = await (await adminClient()).users.getCredentials({ id: user!.id });
      const passkey = credentials.find((credential) => credential.type === PASSKEY);
      expect(passkey, `credentials: ${JSON.stringify(credentials.map((credential) => credential.type))}`).to.not.equal(undefined);
      expect(passkey!.userLabel).to.equal('IO e2e passkey');
      expect(await enrolledEvents()).to.deep.equal([{ io_step: 'enrolled', io_credential_type: PASSKEY, io_correlation_id: handoff['correlation_id'] }]);
      expect((await userNow(user!)).attributes?.['io_skipped.require_credential_enrollment'], 'enrolled: the skip is forgotten').to.equal(undefined);
    } finally {
      await context.close();
    }

    await withLogin(async (login) => {
      expectCode(login);
      expect(login.bridgeRequests, 'a passkey on file: nothing owed').to.deep.equal([]);
    });
  });

  /** The user's IO "enrolled" events in Keycloak's event store: the details that matter. */
  async function enrolledEvents(): Promise<Array<Record<string, string>>> {
    const events = await (await adminClient()).realms.findEvents({ realm: 'demo', user: user!.id, type: 'CUSTOM_REQUIRED_ACTION' });
    return events
      .filter((event) => event.details?.['io_step'] === 'enrolled')
      .map((event) => ({
        io_step: event.details!['io_step']!,
        io_credential_type: event.details!['io_credential_type']!,
        io_correlation_id: event.details!['io_correlation_id']!,
      }));
  }
});
