/**
 * Email verification by one-time code (issue 11, journey 3) in real Chromium through real
 * Keycloak: the realm `journeys` owes `require_email_verification` while a user's email is not
 * verified (rule `emailNotVerified`, for every client); the obligation maps to the built-in
 * template `verify-email` (installed through IO's admin API). At sign-in the bridge mails a code
 * over real SMTP; the test reads it from the mail and Keycloak marks the email verified. Three
 * wrong codes end the journey on Keycloak's failure page with nothing verified; a new code is
 * refused before the 30-second cooldown with a message, and once sent only the newest code works.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { getStack } from './support/stack.js';
import { repoRoot } from './support/keycloak.js';
import { codeFrom } from './support/mailbox.js';
import { accounts, callbackCode, installTemplates, journeysAdmin, openLogin, signIn, submit, submitLeavingBridge, type Account } from './support/journeys.js';

const RESEND_COOLDOWN_MS = 30_000;
const RULES = [{ type: 'require_email_verification', when: { emailNotVerified: true } }];

/** A code that is not `code`. */
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('email verification by code: verify-email as the obligation of an unverified email', function () {
  this.timeout(180_000);

  const made = accounts();
  const contexts: BrowserContext[] = [];
  let originalAttributes: Record<string, string>;

  before(async () => {
    await installTemplates(['verify-email'], { require_email_verification: 'verify-email' });
    const admin = await journeysAdmin();
    originalAttributes = { ...((await admin.realms.findOne({ realm: 'journeys' }))?.attributes ?? {}) } as Record<string, string>;
    await admin.realms.update(
      { realm: 'journeys' },
      { attributes: { ...originalAttributes, 'io.obligations': JSON.stringify(RULES), 'io.obligations.clients': 'all' } },
    );
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  after(async () => {
    await (await journeysAdmin()).realms.update({ realm: 'journeys' }, { attributes: originalAttributes });
    await made.remove();
  });

  /** Signs `account` in; the bridge's code screen, with the first code mailed. */
  async function signInToCodeScreen(account: Account): Promise<{ page: Page; code: string; sentAt: number }> {
    const { bridge, mailbox } = getStack();
    const { context, page } = await openLogin();
    contexts.push(context);
    await signIn(page, account.username, account.password);
    expect(page.url().startsWith(`${bridge.url}/io/j/`), `on ${page.url()}`).to.equal(true);
    const sentAt = Date.now();
    const mail = await mailbox.nextMail(account.email);
    expect(mail.subject).to.match(/^Your verification code: \d{6}$/);
    return { page, code: codeFrom(mail), sentAt };
  }

  const codeButton = 'form:has(input[name="code"]) button[type="submit"]';

  async function enterCode(page: Page, code: string, leaves: boolean): Promise<void> {
    await page.fill('input[name="code"]', code);
    if (leaves) await submitLeavingBridge(page, codeButton);
    else await submit(page, codeButton);
  }

  async function emailVerified(account: Account): Promise<boolean | undefined> {
    return (await (await journeysAdmin()).users.findOne({ id: account.id }))?.emailVerified;
  }

  it('the code from the mail verifies the address: Keycloak marks the email verified and the login completes', async () => {
    const account = await made.create('verify', { emailVerified: false });
    const { page, code } = await signInToCodeScreen(account);
    expect(await page.textContent('h1')).to.equal('Verify your email address');
    await page.screenshot({ path: join(repoRoot, 'docs', 'images', 'journey-email-code.png'), fullPage: true });

    await enterCode(page, code, true);
    expect(callbackCode(page), `ended on ${page.url()}`).to.be.a('string');
    expect(await emailVerified(account)).to.equal(true);
  });

  it("three wrong codes: Keycloak's failure page, no login, the email still unverified", async () => {
    const { callback } = getStack();
    const account = await made.create('wrong', { emailVerified: false });
    const hitsBefore = callback.hits.length;
    const { page, code } = await signInToCodeScreen(account);

    await enterCode(page, wrongCode(code), false);
    expect(await page.textContent('body')).to.contain('That code is not right. 2 attempts left.');
    await enterCode(page, wrongCode(code), false);
    expect(await page.textContent('body')).to.contain('That code is not right. 1 attempt left.');
    await enterCode(page, wrongCode(code), true);

    expect(await page.textContent('body')).to.contain('Your identity journey did not complete (obligation_failed)');
    expect(callback.hits.length, 'no code issued').to.equal(hitsBefore);
    expect(await emailVerified(account)).to.equal(false);
  });

  it('a new code is refused before the cooldown with a clear message; after it a new code comes, and the old one no longer works', async () => {
    const { mailbox } = getStack();
    const account = await made.create('resend', { emailVerified: false });
    const { page, code: first, sentAt } = await signInToCodeScreen(account);
    const resend = 'form:has(input[name="_handler"][value="resend"]) button[type="submit"]';

    await submit(page, resend);
    expect(await page.textContent('body')).to.match(/Please wait \d+ seconds? before asking for a new code\./);
    await mailbox.expectNoMail(account.email, 1000);

    await page.waitForTimeout(Math.max(0, sentAt + RESEND_COOLDOWN_MS + 1000 - Date.now()));
    await submit(page, resend);
    expect(await page.textContent('body')).to.contain('We sent you a new code. Only the newest code works.');
    const second = codeFrom(await mailbox.nextMail(account.email));
    expect(second, 'a new code').not.to.equal(first);

    await enterCode(page, first, false);
    expect(await page.textContent('body')).to.contain('That code is not right.');
    expect(await emailVerified(account)).to.equal(false);

    await enterCode(page, second, true);
    expect(callbackCode(page), `ended on ${page.url()}`).to.be.a('string');
    expect(await emailVerified(account)).to.equal(true);
  });
});
