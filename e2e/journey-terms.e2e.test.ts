/**
 * Journey 7, terms acceptance (issue 11): the built-in template accept-terms, installed in the demo
 * realm, asked for by a realm rule when the user's accepted version is older. Accepting records the
 * version in Keycloak; declining says why on the journey's last page and ends the login with the
 * OIDC error access_denied at the client, with no session in Keycloak.
 */
import { expect } from 'chai';
import { getStack } from './support/stack.js';
import { expectCode, signInPlain, submitStep } from './support/plain-login.js';
import {
  createJourneyUser,
  deleteJourneyUser,
  handoffOf,
  installJourneys,
  journeyContext,
  ruleSetter,
  screenshot,
  sessionsOf,
  userNow,
  type JourneyUser,
} from './support/known-user-journeys.js';

const TERMS = (version: string) => ({
  type: 'require_terms_acceptance',
  params: { version },
  when: { attributeOlderThan: { attribute: 'io_terms_version', value: version } },
});

describe('journey: terms acceptance', function () {
  this.timeout(180_000);
  let uninstall: () => Promise<void>;
  let rules: Awaited<ReturnType<typeof ruleSetter>>;
  let user: JourneyUser;

  before(async () => {
    uninstall = await installJourneys({ require_terms_acceptance: 'accept-terms' });
    rules = await ruleSetter();
    await rules.set([TERMS('2026-10')]);
  });

  beforeEach(async () => {
    user = await createJourneyUser(`terms-${Date.now()}`);
  });

  afterEach(() => deleteJourneyUser(user));

  after(async () => {
    await rules?.restore();
    await uninstall?.();
  });

  it('accepting records the version and its time in Keycloak, and the login goes on to the client', async () => {
    const context = await journeyContext();
    try {
      const login = await signInPlain(user, context);
      const handoff = handoffOf(login);
      expect(handoff['obligations']).to.deep.equal([
        { type: 'require_terms_acceptance', mode: 'mandatory', params: { version: '2026-10' }, flow: 'accept-terms' },
      ]);
      expect(
        (handoff['flow_versions'] as Array<{ id: string }>).map((entry) => entry.id),
        'the version the realm published',
      ).to.deep.equal(['accept-terms']);
      expect(await login.page.textContent('body')).to.contain('2026-10');
      await screenshot(login.page, 'terms');

      await login.page.check('input[name="accept"]');
      await submitStep(login.page, 'form:has(input[name="accept"]) button[type="submit"]', true);
      expectCode(login);
      const accepted = (await userNow(user)).attributes ?? {};
      expect(accepted['io_terms_version']).to.deep.equal(['2026-10']);
      expect(Date.parse(accepted['io_terms_accepted_at']![0]!)).to.be.closeTo(Date.now(), 120_000);
      expect(await sessionsOf(user)).to.equal(1);
    } finally {
      await context.close();
    }
  });

  it('declining says why, sends the client access_denied and leaves no session and no acceptance', async () => {
    const { callback } = getStack();
    const context = await journeyContext();
    try {
      const login = await signInPlain(user, context);
      await submitStep(login.page, 'form:has(input[name="_handler"][value="decline"]) button', false);
      const page = await login.page.textContent('main');
      expect(page).to.contain('You have not been signed in');
      expect(page).to.contain('You declined the terms of service (version 2026-10)');
      await screenshot(login.page, 'terms-declined');

      const hitsBefore = callback.hits.length;
      await submitStep(login.page, 'button[type="submit"]', true);
      const back = new URL(login.page.url());
      expect(back.href.startsWith(callback.redirectUri), `ended on ${back.href}`).to.equal(true);
      expect(back.searchParams.get('error')).to.equal('access_denied');
      expect(back.searchParams.get('state')).to.equal(login.pending.state);
      expect(back.searchParams.get('code'), 'no code').to.equal(null);
      expect(callback.hits.length).to.equal(hitsBefore + 1);
      expect(await sessionsOf(user), 'no session in Keycloak').to.equal(0);
      expect((await userNow(user)).attributes?.['io_terms_version'], 'nothing recorded').to.equal(undefined);
    } finally {
      await context.close();
    }
  });
});
