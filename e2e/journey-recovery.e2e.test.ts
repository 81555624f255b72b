/**
 * Account recovery (issue 11, journey 2) in real Chromium through real Keycloak: the realm
 * `journeys` binds the built-in template `recover-account` (installed through IO's admin API) in
 * its reset-credentials flow, followed by Keycloak's own Reset Password step. "Forgot password?"
 * runs the journey before anyone is known: an email address, a code mailed to it over real SMTP,
 * then `identify_user`; Keycloak's update-password page sets the new password under the realm's
 * policy (`length(12) and notUsername`) and signs out the user's other sessions. An address
 * without an account sees the same pages and answers and gets the same mail, whose code signs no
 * one in; wrong codes count against the address across journeys and lock it out.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { BrowserContext, Page, Response } from 'playwright-core';
import type { PendingLogin } from '../demo/relying-party.js';
import { getStack } from './support/stack.js';
import { repoRoot } from './support/keycloak.js';
import { codeFrom, type Mail } from './support/mailbox.js';
import {
  accounts,
  callbackCode,
  installTemplates,
  journeysAdmin,
  journeysParty,
  openLogin,
  signIn,
  submit,
  submitLeavingBridge,
  uniqueAddress,
  type Account,
} from './support/journeys.js';

const images = join(repoRoot, 'docs', 'images');
const NEW_PASSWORD = 'recovered-password-2';

interface Recovery {
  context: BrowserContext;
  page: Page;
  pending: PendingLogin;
  /** Every page the browser was shown: method, path (journey handle and query left out) and status. */
  answers: string[];
}

/** A code that is not `code`. */
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('account recovery: recover-account in the reset-credentials flow', function () {
  this.timeout(180_000);

  const made = accounts();
  const contexts: BrowserContext[] = [];

  before(() => installTemplates(['recover-account']));
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  after(() => made.remove());

  /** Keycloak's login page, then its "Forgot password?" link: the journey's first screen. */
  async function startRecovery(): Promise<Recovery> {
    const { bridge } = getStack();
    const { context, page, pending } = await openLogin();
    contexts.push(context);
    const answers: string[] = [];
    page.on('response', (response: Response) => {
      if (!response.request().isNavigationRequest()) return;
      const url = new URL(response.url());
      answers.push(`${response.request().method()} ${url.pathname.replace(/\/io\/j\/[^/]+/, '/io/j/*')} ${response.status()}`);
    });
    await Promise.all([page.waitForURL((url) => url.href.startsWith(`${bridge.url}/io/j/`)), page.click('a[href*="reset-credentials"]')]);
    return { context, page, pending, answers };
  }

  async function askForCode(page: Page, email: string): Promise<void> {
    await page.fill('input[name="email"]', email);
    await submit(page);
  }

  async function enterCode(page: Page, code: string, leaves: boolean): Promise<void> {
    await page.fill('input[name="code"]', code);
    if (leaves) await submitLeavingBridge(page, 'form:has(input[name="code"]) button[type="submit"]');
    else await submit(page, 'form:has(input[name="code"]) button[type="submit"]');
  }

  async function sessionsOf(account: Account): Promise<string[]> {
    return (await (await journeysAdmin()).users.listSessions({ id: account.id })).map((session) => session.id!);
  }

  /** Signs in through journeys-app with Keycloak's form; the callback's code, or undefined with the page's error. */
  async function signInWith(account: Account, password: string): Promise<{ code?: string; page: Page }> {
    const { context, page } = await openLogin();
    contexts.push(context);
    await signIn(page, account.username, password);
    return { code: callbackCode(page), page };
  }

  it('forgot password -> code from the mail -> a password the policy refuses (Keycloak says why) -> a new one: signed in, the old password refused, other sessions ended', async () => {
    const { mailbox } = getStack();
    const account = await made.create('robin');
    const other = await signInWith(account, account.password);
    expect(other.code, 'a session on another device').to.be.a('string');
    const [otherSession] = await sessionsOf(account);

    const { page, pending } = await startRecovery();
    expect(await page.textContent('h1')).to.equal('Recover your account');
    await page.screenshot({ path: join(images, 'journey-recovery-email.png'), fullPage: true });
    await askForCode(page, account.email);
    expect(await page.textContent('body')).to.contain('If an account exists for this address, we sent a code to it.');
    await page.screenshot({ path: join(images, 'journey-recovery-code.png'), fullPage: true });

    const mail = await mailbox.nextMail(account.email);
    expect(mail.subject).to.equal('Your account recovery code');
    expect(mail.from).to.equal('no-reply@io-e2e.test');
    await enterCode(page, codeFrom(mail), true);

    // Keycloak's own update-password page; "Sign out from other devices" starts ticked in the io login theme.
    await page.waitForSelector('#password-new');
    expect(await page.isChecked('#logout-sessions')).to.equal(true);
    await page.fill('#password-new', 'too-short');
    await page.fill('#password-confirm', 'too-short');
    await submit(page, '#kc-submit');
    expect(await page.textContent('body')).to.contain('Invalid password: minimum length 12.');
    await page.screenshot({ path: join(images, 'journey-recovery-password.png'), fullPage: true });

    await page.fill('#password-new', NEW_PASSWORD);
    await page.fill('#password-confirm', NEW_PASSWORD);
    await submit(page, '#kc-submit');
    expect(callbackCode(page), `ended on ${page.url()}`).to.be.a('string');
    const claims = (await (await journeysParty()).completeLogin(new URL(page.url()), pending)).claims()!;
    expect(claims.sub, 'signed in as the recovered account').to.equal(account.id);

    const sessions = await sessionsOf(account);
    expect(sessions, 'the session on the other device was ended').not.to.include(otherSession);
    expect(sessions).to.have.length(1);

    expect((await signInWith(account, NEW_PASSWORD)).code, 'the new password signs in').to.be.a('string');
    const old = await signInWith(account, account.password);
    expect(old.code, 'the old password no longer does').to.equal(undefined);
    expect(await old.page.textContent('body')).to.contain('Invalid username or password.');
  });

  it('an address without an account: the same pages, answers and mail; its code signs no one in', async () => {
    const { mailbox, callback } = getStack();
    const account = await made.create('known');
    const nobody = uniqueAddress('nobody');

    /** Runs the journey to the code screen: what the person saw and was sent, minus the address and the code. */
    async function throughCodeScreen(email: string): Promise<{ recovery: Recovery; seen: object; mail: Mail }> {
      const recovery = await startRecovery();
      const identify = await recovery.page.innerText('main');
      await askForCode(recovery.page, email);
      const codeScreen = await recovery.page.innerText('main');
      const mail = await mailbox.nextMail(email);
      const blank = (text: string) => text.replaceAll(email, '<address>').replace(/\b\d{6}\b/g, '<code>');
      return {
        recovery,
        seen: { identify, codeScreen: blank(codeScreen), answers: recovery.answers.slice(), mail: { subject: mail.subject, text: blank(mail.text) } },
        mail,
      };
    }

    const known = await throughCodeScreen(account.email);
    const unknown = await throughCodeScreen(nobody);
    expect(unknown.seen).to.deep.equal(known.seen);

    const hitsBefore = callback.hits.length;
    await enterCode(unknown.recovery.page, codeFrom(unknown.mail), true);
    expect(await unknown.recovery.page.textContent('body')).to.contain('We could not find a single active account for this email address');
    expect(callback.hits.length, 'no code issued').to.equal(hitsBefore);
    expect(await (await journeysAdmin()).users.find({ email: nobody, exact: true }), 'no account made for it').to.deep.equal([]);
  });

  it('wrong codes: three end the journey, a restart gets two more before the address is locked out, then no code is sent at all', async () => {
    const { mailbox, callback } = getStack();
    const account = await made.create('locked');
    const hitsBefore = callback.hits.length;

    const first = await startRecovery();
    await askForCode(first.page, account.email);
    const firstCode = codeFrom(await mailbox.nextMail(account.email));
    await enterCode(first.page, wrongCode(firstCode), false);
    expect(await first.page.textContent('body')).to.contain('That code is not right. 2 attempts left.');
    await enterCode(first.page, wrongCode(firstCode), false);
    expect(await first.page.textContent('body')).to.contain('That code is not right. 1 attempt left.');
    await enterCode(first.page, wrongCode(firstCode), true);
    expect(await first.page.textContent('body')).to.contain('Your identity journey did not complete (recovery_code_failed)');

    const second = await startRecovery();
    await askForCode(second.page, account.email);
    const secondCode = codeFrom(await mailbox.nextMail(account.email));
    await enterCode(second.page, wrongCode(secondCode), false);
    expect(await second.page.textContent('body'), 'the fourth wrong code for the address').to.contain('That code is not right. 2 attempts left.');
    await enterCode(second.page, wrongCode(secondCode), true);
    expect(await second.page.textContent('body')).to.contain('(user_locked_out)');

    const third = await startRecovery();
    await third.page.fill('input[name="email"]', account.email);
    await submitLeavingBridge(third.page);
    expect(await third.page.textContent('body')).to.contain('(user_locked_out)');
    await mailbox.expectNoMail(account.email, 3000);

    expect(callback.hits.length, 'no code issued').to.equal(hitsBefore);
    expect((await signInWith(account, account.password)).code, 'the password is unchanged').to.be.a('string');
  });
});
