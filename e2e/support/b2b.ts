/**
 * The realm `b2b` (e2e/fixtures/realms/b2b-realm.json): the B2B partner sign-up. Organizations
 * are on; its registration flow is the IO journey `partner-signup`, which the tests keep in the
 * realm (installed from the built-in template, versions published through IO's admin API, the way
 * a realm admin sets the registration mode); the bridge's service account has manage-users,
 * manage-organizations and io-runtime. Each test signs up a company of its own domain and removes
 * what it made.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { Redis } from 'ioredis';
import type { BrowserContext, Page } from 'playwright-core';
import { createRelyingParty, type PendingLogin, type RelyingParty } from '../../demo/relying-party.js';
import { masterAdminToken } from '../../demo/install-flows.js';
import { ioApi, type ApiAnswer } from './io-admin.js';
import { repoRoot } from './keycloak.js';
import { codeFrom } from './mailbox.js';
import { getStack } from './stack.js';

export const B2B_REALM = 'b2b';
export const FLOW = 'partner-signup';
/** A password the realm's policy (`length(12) and notUsername`) accepts. */
export const PARTNER_PASSWORD = 'partner-password-1';

export type RegistrationMode = 'open' | 'approval-required' | 'invite-only';

export async function b2bAdmin(): Promise<KcAdminClient> {
  const admin = new KcAdminClient({ baseUrl: getStack().keycloak.url, realmName: 'master' });
  await admin.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
  admin.setConfig({ realmName: B2B_REALM });
  return admin;
}

/** IO's admin API of realm b2b, as the master admin. */
export async function b2bApi(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  return ioApi(await masterAdminToken(getStack().keycloak.url)(), method, path, body, B2B_REALM);
}

let party: RelyingParty | undefined;

/** The partner portal `b2b-app` (authorization code + PKCE), redirecting to the suite's callback. */
export async function b2bParty(): Promise<RelyingParty> {
  const { b2b, callback } = getStack();
  party ??= await createRelyingParty({ issuer: b2b.issuer, clientId: 'b2b-app', redirectUri: callback.redirectUri });
  return party;
}

/** A company of its own for one test: a unique domain and a partner admin's address at it. */
export function uniqueCompany(label: string): { name: string; domain: string; email: string } {
  const hex = randomBytes(4).toString('hex');
  const domain = `${label}-${hex}.example`;
  return { name: `${label[0]!.toUpperCase()}${label.slice(1)} ${hex}`, domain, email: `pat@${domain}` };
}

type Definition = Record<string, any>;

/**
 * Publishes and activates a version of partner-signup in realm b2b: the built-in template (installed
 * the first time) with `edit` applied. This is how a realm admin changes the registration mode: it
 * is the flow variable `registrationMode`'s default in the realm's version.
 */
export async function publishPartnerSignup(comment: string, edit: (definition: Definition) => void): Promise<number> {
  const install = await b2bApi('POST', `/templates/${FLOW}/install`, { publish: true, activate: true, comment: 'the built-in template' });
  if (install.status !== 201 && install.status !== 409) throw new Error(`installing ${FLOW}: HTTP ${install.status} ${JSON.stringify(install.body)}`);
  const { $schema: _hint, ...draft } = JSON.parse(readFileSync(join(repoRoot, 'bridge', 'flows', `${FLOW}.json`), 'utf8')) as Definition;
  edit(draft);
  const saved = await b2bApi('PUT', `/flows/${FLOW}`, draft);
  if (saved.status !== 200) throw new Error(`saving the draft: HTTP ${saved.status} ${JSON.stringify(saved.body)}`);
  const published = await b2bApi('POST', `/flows/${FLOW}/versions`, { comment, activate: true });
  if (published.status !== 201) throw new Error(`publishing: HTTP ${published.status} ${JSON.stringify(published.body)}`);
  return published.body.version as number;
}

/** A version of the template whose only change is the registration mode. */
export function useRegistrationMode(mode: RegistrationMode): Promise<number> {
  return publishPartnerSignup(`registration mode ${mode}`, (definition) => {
    definition['variables'].registrationMode.default = mode;
  });
}

/** Keycloak's own mails of realm b2b (the operator's decision) go to the suite's mailbox. */
export async function pointRealmMailAtMailbox(): Promise<void> {
  const admin = await b2bAdmin();
  await admin.realms.update(
    { realm: B2B_REALM },
    { smtpServer: { host: '127.0.0.1', port: String(getStack().mailbox.port), from: 'hub@b2b.example', fromDisplayName: 'Partner hub' } },
  );
}

export interface SignupRun {
  context: BrowserContext;
  page: Page;
  pending: PendingLogin;
}

/** A fresh browser on b2b-app's login page, then Register: the partner sign-up's first screen on the bridge. */
export async function openRegistration(): Promise<SignupRun> {
  const { browser, bridge, keycloak } = getStack();
  await forgetSignupRateLimit(`${keycloak.url}/realms/b2b`);
  const context = await browser.newContext({ viewport: { width: 760, height: 900 }, locale: 'en-US' });
  // A journey crosses Keycloak and the bridge several times per click; leave room on a busy machine.
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const pending = await (await b2bParty()).beginLogin();
  await page.goto(pending.url.href);
  await Promise.all([page.waitForURL((url) => url.href.startsWith(`${bridge.url}/io/j/`)), page.click('#kc-registration a')]);
  return { context, page, pending };
}

/**
 * Each test's partner is a new person, but every request of the suite comes from 127.0.0.1: the
 * partner-signup flow's `rate-limit` (30 requests per address in 5 minutes) would count them all
 * together. Its counters for the realm are dropped before each sign-up, as for a fresh address.
 */
async function forgetSignupRateLimit(issuer: string): Promise<void> {
  const { config } = getStack().bridge;
  if (!config.redisUrl) return;
  const redis = new Redis(config.redisUrl);
  try {
    const keys = await redis.keys(`${config.redisKeyPrefix}counter:rate:${issuer}|*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}

/** Clicks `selector` and waits for the page it leads to, wherever that is. */
export async function submit(page: Page, selector = 'button[type="submit"]'): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

/** The details form, then the code from the mail: resolves on the screen after the email is verified. */
export async function proveEmail(page: Page, company: { name: string; email: string }): Promise<void> {
  await page.fill('input[name="email"]', company.email);
  await page.fill('input[name="firstName"]', 'Pat');
  await page.fill('input[name="lastName"]', 'Lee');
  await page.fill('input[name="company"]', company.name);
  await submit(page);
  const mail = await getStack().mailbox.nextMail(company.email);
  await page.fill('input[name="code"]', codeFrom(mail));
  await submit(page, 'form:has(input[name="code"]) button[type="submit"]');
}

/**
 * A partner sign-up in approval-required mode (the realm's version must say so: useRegistrationMode),
 * up to the pending page: the user and the organization then wait, disabled, for an operator.
 */
export async function requestPartnership(company: { name: string; email: string }): Promise<SignupRun> {
  const run = await openRegistration();
  try {
    await proveEmail(run.page, company);
    await submit(run.page, 'button[name="choice"][value="password"]');
    const heading = await run.page.locator('h1').innerText();
    if (heading !== 'Thank you, we review your request') throw new Error(`not the pending page: ${await run.page.locator('body').innerText()}`);
    return run;
  } catch (error) {
    await run.context.close();
    throw error;
  }
}

/**
 * An admin of realm b2b itself with these roles of its realm-management client (e.g. view-realm and
 * view-users: one who may only look), their password PARTNER_PASSWORD; `locale` their console's language.
 */
export async function b2bRealmAdmin(
  roleNames: string[],
  locale?: string,
): Promise<{ username: string; token: () => Promise<string>; remove: () => Promise<void> }> {
  const admin = await b2bAdmin();
  const username = `operator-${randomBytes(4).toString('hex')}`;
  const { id } = await admin.users.create({
    username,
    enabled: true,
    email: `${username}@hub.example`,
    firstName: 'Hub',
    lastName: 'Operator',
    emailVerified: true,
    credentials: [{ type: 'password', value: PARTNER_PASSWORD, temporary: false }],
    ...(locale ? { attributes: { locale: [locale] } } : {}),
  });
  const [management] = await admin.clients.find({ clientId: 'realm-management' });
  const roles = await Promise.all(roleNames.map((name) => admin.clients.findRole({ id: management!.id!, roleName: name })));
  await admin.users.addClientRoleMappings({ id, clientUniqueId: management!.id!, roles: roles.map((role) => ({ id: role!.id!, name: role!.name! })) });
  const token = async () => {
    const response = await fetch(`${getStack().keycloak.url}/realms/${B2B_REALM}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username, password: PARTNER_PASSWORD }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  };
  return { username, token, remove: async () => (await b2bAdmin()).users.del({ id }) };
}

/** Signs in on b2b-app's login form in a browser of its own (no SSO session); the new login's ID token claims. */
export async function signInAgain(email: string, password: string) {
  const context = await getStack().browser.newContext();
  try {
    const page = await context.newPage();
    const login = await (await b2bParty()).beginLogin();
    await page.goto(login.url.href);
    await page.fill('#username', email);
    await page.fill('#password', password);
    await submit(page, '#kc-login');
    return (await (await b2bParty()).completeLogin(new URL(page.url()), login)).claims()!;
  } finally {
    await context.close();
  }
}

/** Keycloak's Update Password page (its required action, under the realm's policy): sets the partner's password. */
export async function setPassword(page: Page): Promise<void> {
  await page.fill('#password-new', PARTNER_PASSWORD);
  await page.fill('#password-confirm', PARTNER_PASSWORD);
  await submit(page, '[type="submit"]');
}

/** The realm's users with this email (exact). */
export async function usersWithEmail(admin: KcAdminClient, email: string) {
  return admin.users.find({ email, exact: true });
}

/** The realm's organizations with this domain. */
export async function organizationsOf(admin: KcAdminClient, domain: string) {
  const found = await admin.organizations.find({ search: domain, exact: true });
  return found.filter((organization) => organization.domains?.some((entry) => entry.name === domain));
}

/** Removes what a test made: the users with the address and the organizations of the domain. */
export async function removeCompany(company: { domain: string; email: string }): Promise<void> {
  const admin = await b2bAdmin();
  for (const organization of await organizationsOf(admin, company.domain)) await admin.organizations.delById({ id: organization.id! });
  for (const user of await usersWithEmail(admin, company.email)) await admin.users.del({ id: user.id! });
}
