/**
 * Journey 5, consent and communication preferences (issue 11): the built-in template consent,
 * installed in the demo realm, asked for by a rule that names each purpose's current version.
 * Keycloak keeps each decision with its version and time (user attributes io_consent.<purpose>);
 * the user changes them later from the account console (its Applications page links to the
 * application-initiated action io-journey:require_consent); a new version of a purpose asks again.
 */
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
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

const CONSENT = (versions: Record<string, string>) => ({ type: 'require_consent', when: { consentMissing: versions } });

const checked = (page: Page) =>
  page.$$eval('input[name^="purpose-"]', (boxes) => Object.fromEntries(boxes.map((box) => [box.getAttribute('name'), (box as HTMLInputElement).checked])));

describe('journey: consent and communication preferences', function () {
  this.timeout(240_000);
  let uninstall: () => Promise<void>;
  let rules: Awaited<ReturnType<typeof ruleSetter>>;
  let user: JourneyUser | undefined;
  let context: BrowserContext | undefined;
  let link: Awaited<ReturnType<typeof createReviewLink>> | undefined;

  before(async () => {
    uninstall = await installJourneys({ require_consent: 'consent' });
    link = await createReviewLink('io-preferences', 'Privacy and communication preferences', 'require_consent');
    rules = await ruleSetter();
    await rules.set([CONSENT({ marketing: '1', analytics: '1' })]);
    user = await createJourneyUser(`consent-${Date.now()}`);
    // One browser for the whole story: the account console uses the session of the first login.
    context = await journeyContext();
  });

  after(async () => {
    await context?.close();
    await link?.remove();
    await deleteJourneyUser(user);
    await rules?.restore();
    await uninstall?.();
  });

  it('records each decision in Keycloak with the purpose version and the time', async () => {
    const login = await signInPlain(user!, context);
    expect(handoffOf(login)['obligations']).to.deep.equal([
      {
        type: 'require_consent',
        mode: 'mandatory',
        flow: 'consent',
        params: { purposes: ['marketing', 'analytics'], versions: { marketing: '1', analytics: '1' } },
      },
    ]);
    expect(await checked(login.page)).to.deep.equal({ 'purpose-marketing': false, 'purpose-analytics': false });
    await screenshot(login.page, 'consent');

    await login.page.check('input[name="purpose-marketing"]');
    await submitStep(login.page, 'form:has(input[name="_handler"][value="submit"]) button[type="submit"]', true);
    expectCode(login);
    const recorded = await userNow(user!);
    expect(jsonAttribute(recorded, 'io_consent.marketing')).to.include({ granted: true, version: '1' });
    expect(jsonAttribute(recorded, 'io_consent.analytics')).to.include({ granted: false, version: '1' });
    expect(Date.parse(jsonAttribute(recorded, 'io_consent.marketing').at)).to.be.closeTo(Date.now(), 120_000);
  });

  it('changes them from the account console: its Applications page opens the review, prefilled', async () => {
    const { keycloak, bridge } = getStack();
    const before = jsonAttribute(await userNow(user!), 'io_consent.marketing');
    const page = await context!.newPage();
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${keycloak.issuer}/account/applications`);
    // The console shows the client's name as a link-styled button that opens its URL in a new window.
    const entry = page.locator('a', { hasText: 'Privacy and communication preferences' }).first();
    await entry.waitFor();
    await screenshot(page, 'consent-account-console');
    const [review] = await Promise.all([context!.waitForEvent('page'), entry.click()]);
    await review.waitForURL((url) => url.href.startsWith(`${bridge.url}/io/j/`));
    expect(await checked(review), 'the decisions on file, prechecked').to.deep.equal({ 'purpose-marketing': true, 'purpose-analytics': false });

    await review.uncheck('input[name="purpose-marketing"]');
    await review.check('input[name="purpose-analytics"]');
    await submitStep(review, 'form:has(input[name="_handler"][value="submit"]) button[type="submit"]', true);
    // The link asks for no response (response_type=none): Keycloak's own page, with the way back to the console.
    expect(await review.textContent('body')).to.contain('Your account has been updated.');
    await Promise.all([review.waitForURL((url) => url.href.startsWith(`${keycloak.issuer}/account/`)), review.click('a:has-text("Back to Application")')]);
    await review.getByText('Personal info').first().waitFor();

    const changed = await userNow(user!);
    expect(jsonAttribute(changed, 'io_consent.marketing')).to.include({ granted: false, version: '1' });
    expect(jsonAttribute(changed, 'io_consent.analytics')).to.include({ granted: true, version: '1' });
    expect(Date.parse(jsonAttribute(changed, 'io_consent.marketing').at)).to.be.at.least(Date.parse(before.at));
  });

  it('a new version of a purpose asks again, for that purpose only', async () => {
    const untouched = jsonAttribute(await userNow(user!), 'io_consent.analytics');
    await rules.set([CONSENT({ marketing: '2', analytics: '1' })]);
    // New browsers: the other one is signed in already, and these are logins.
    const fresh = await journeyContext();
    try {
      const login = await signInPlain(user!, fresh);
      expect((handoffOf(login)['obligations'] as Array<{ params: unknown }>)[0]!.params).to.deep.equal({
        purposes: ['marketing'],
        versions: { marketing: '2' },
      });
      expect(await checked(login.page), 'a decision on version 1 is none on version 2').to.deep.equal({ 'purpose-marketing': false });
      await login.page.check('input[name="purpose-marketing"]');
      await submitStep(login.page, 'form:has(input[name="_handler"][value="submit"]) button[type="submit"]', true);
      expectCode(login);
      const recorded = await userNow(user!);
      expect(jsonAttribute(recorded, 'io_consent.marketing')).to.include({ granted: true, version: '2' });
      expect(jsonAttribute(recorded, 'io_consent.analytics')).to.deep.equal(untouched);
    } finally {
      await fresh.close();
    }

    const again = await signInPlain(user!, await journeyContext());
    try {
      expectCode(again);
      expect(again.bridgeRequests, 'every current version answered: straight through').to.deep.equal([]);
    } finally {
      await again.context.close();
    }
  });
});
