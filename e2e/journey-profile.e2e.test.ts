/**
 * Journey 6, progressive profiling (issue 11): the built-in template collect-attributes, installed
 * in the demo realm, asked for by a rule that names what demo-app-plain needs. It asks exactly the
 * attributes the user lacks, checks them with the realm's user profile before leaving (Keycloak's
 * message on the field), may be skipped a configured number of times (counted in Keycloak), and the
 * values land on the Keycloak user. A review from the account console asks all of them, prefilled.
 */
import { expect } from 'chai';
import { getStack } from './support/stack.js';
import { expectCode, signInPlain, submitStep } from './support/plain-login.js';
import {
  createJourneyUser,
  createReviewLink,
  deleteJourneyUser,
  handoffOf,
  installJourneys,
  journeyContext,
  jsonAttribute,
  ruleSetter,
  screenshot,
  userNow,
  type JourneyUser,
} from './support/known-user-journeys.js';
import type { Page } from 'playwright-core';

/** What demo-app-plain needs: a company and a job title; soft, one skip allowed. */
const PROFILE_RULE = {
  type: 'require_attributes',
  mode: 'soft',
  skip: { maxSkips: 1 },
  when: { all: [{ client: ['demo-app-plain'] }, { attributesMissing: ['company', 'jobTitle'] }] },
};

/** The names of the fields a bridge form asks for (not the hidden step fields). */
const visibleFields = (page: Page) =>
  page.$$eval('form.io-form:not(.io-form--secondary) input:not([type="hidden"])', (fields) => fields.map((field) => field.getAttribute('name')));
const skipButton = (page: Page) => page.locator('form:has(input[name="_handler"][value="skip"]) button');

describe('journey: progressive profiling', function () {
  this.timeout(240_000);
  let uninstall: () => Promise<void>;
  let rules: Awaited<ReturnType<typeof ruleSetter>>;
  let user: JourneyUser | undefined;

  before(async () => {
    uninstall = await installJourneys({ require_attributes: 'collect-attributes' });
    rules = await ruleSetter();
    await rules.set([PROFILE_RULE]);
    user = await createJourneyUser(`profile-${Date.now()}`, { jobTitle: ['Engineer'] });
  });

  after(async () => {
    await deleteJourneyUser(user);
    await rules?.restore();
    await uninstall?.();
  });

  it('soft: asks exactly the missing attribute and may be skipped; the skip is counted in Keycloak', async () => {
    const context = await journeyContext();
    try {
      const login = await signInPlain(user!, context);
      expect(handoffOf(login)['obligations']).to.deep.equal([
        { type: 'require_attributes', mode: 'soft', params: { fields: ['company'] }, flow: 'collect-attributes' },
      ]);
      expect(await visibleFields(login.page), 'only what the user lacks').to.deep.equal(['company']);
      expect(await skipButton(login.page).textContent()).to.equal('Later');

      await submitStep(login.page, 'form:has(input[name="_handler"][value="skip"]) button', true);
      expectCode(login);
      const skipped = await userNow(user!);
      expect(jsonAttribute(skipped, 'io_skipped.require_attributes')).to.include({ count: 1 });
      expect(skipped.attributes?.['company']).to.equal(undefined);
    } finally {
      await context.close();
    }
  });

  it("mandatory once the skips are used up: no skip, Keycloak's user-profile error shown, the value lands on the user", async () => {
    const context = await journeyContext();
    try {
      const login = await signInPlain(user!, context);
      expect((handoffOf(login)['obligations'] as Array<{ mode: string }>)[0]!.mode, 'maxSkips 1 reached').to.equal('mandatory');
      expect(await skipButton(login.page).count(), 'no way around it').to.equal(0);

      // The form's own rules accept one letter; the realm's user profile wants at least two.
      await login.page.fill('input[name="company"]', 'X');
      await submitStep(login.page, 'form.io-form:not(.io-form--secondary) button[type="submit"]', false);
      expect(await login.page.inputValue('input[name="company"]'), 'the value is kept').to.equal('X');
      expect(await login.page.textContent('#error-company')).to.contain('between 2 and 100');
      await screenshot(login.page, 'profile');

      await login.page.fill('input[name="company"]', 'Initech');
      await submitStep(login.page, 'form.io-form:not(.io-form--secondary) button[type="submit"]', true);
      expectCode(login);
      const completed = await userNow(user!);
      expect(completed.attributes?.['company']).to.deep.equal(['Initech']);
      expect(completed.attributes?.['jobTitle']).to.deep.equal(['Engineer']);
      expect(completed.attributes?.['io_skipped.require_attributes'], 'fulfilled: the skips are forgotten').to.equal(undefined);
    } finally {
      await context.close();
    }
    const again = await signInPlain(user!, await journeyContext());
    try {
      expectCode(again);
      expect(again.bridgeRequests, 'nothing missing: straight through').to.deep.equal([]);
    } finally {
      await again.context.close();
    }
  });

  it('a review (kc_action=io-journey:require_attributes) asks every attribute, prefilled with what Keycloak has', async () => {
    const { bridge } = getStack();
    const link = await createReviewLink('io-profile', 'Your profile', 'require_attributes');
    const context = await journeyContext();
    try {
      // Signed in already (SSO), the user opens the application-initiated action, as an account-console link does.
      const login = await signInPlain(user!, context);
      expectCode(login);
      const page = login.page;
      await page.goto(link.url);
      await page.waitForURL((url) => url.href.startsWith(`${bridge.url}/io/j/`));
      expect(await visibleFields(page)).to.deep.equal(['company', 'jobTitle']);
      expect(await page.inputValue('input[name="company"]')).to.equal('Initech');
      expect(await page.inputValue('input[name="jobTitle"]')).to.equal('Engineer');
      await page.fill('input[name="jobTitle"]', 'CTO');
      await submitStep(page, 'form.io-form:not(.io-form--secondary) button[type="submit"]', true);
      // response_type=none: the link wants nothing back, so Keycloak ends on its own page.
      expect(await page.textContent('body')).to.contain('Your account has been updated.');
      expect((await userNow(user!)).attributes?.['jobTitle']).to.deep.equal(['CTO']);
      expect((await userNow(user!)).attributes?.['io_skipped.require_attributes'], 'a review counts no skip').to.equal(undefined);
    } finally {
      await context.close();
      await link.remove();
    }
  });
});
