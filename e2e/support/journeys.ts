/**
 * The realm `journeys` (e2e/fixtures/realms/journeys-realm.json): journeys before the user is
 * known. Its reset-credentials flow is the IO journey `recover-account` followed by Keycloak's own
 * Reset Password step, its registration flow the IO journey `e2e-sign-up`; its password policy is
 * `length(12) and notUsername`. Tests make their own accounts (and remove them), each with an
 * address of its own, so their mails and counters never meet.
 */
import { randomBytes } from 'node:crypto';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import type { BrowserContext, Page } from 'playwright-core';
import { createRelyingParty, type PendingLogin, type RelyingParty } from '../../demo/relying-party.js';
import { installDemoFlows, masterAdminToken } from '../../demo/install-flows.js';
import { getStack } from './stack.js';

export const JOURNEYS_REALM = 'journeys';
/** A password the realm's policy accepts. */
export const INITIAL_PASSWORD = 'initial-password-1';

export interface Account {
  id: string;
  username: string;
  email: string;
  password: string;
}

export async function journeysAdmin(): Promise<KcAdminClient> {
  const admin = new KcAdminClient({ baseUrl: getStack().keycloak.url, realmName: 'master' });
  await admin.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
  admin.setConfig({ realmName: JOURNEYS_REALM });
  return admin;
}

let party: RelyingParty | undefined;

/** The realm's public client `journeys-app` (authorization code + PKCE), redirecting to the suite's callback. */
export async function journeysParty(): Promise<RelyingParty> {
  const { journeys, callback } = getStack();
  party ??= await createRelyingParty({ issuer: journeys.issuer, clientId: 'journeys-app', redirectUri: callback.redirectUri });
  return party;
}

/** A unique address (and username) for one test: `<label>-<random>@journeys.test`. */
export function uniqueAddress(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}@journeys.test`;
}

/** Creates enabled accounts with a password; `remove` deletes every account made (or adopted) so far. */
export function accounts() {
  const made: string[] = [];
  return {
    async create(label: string, { emailVerified = true }: { emailVerified?: boolean } = {}): Promise<Account> {
      const email = uniqueAddress(label);
      const username = email.split('@')[0]!;
      const admin = await journeysAdmin();
      const { id } = await admin.users.create({
        username,
        email,
        emailVerified,
        enabled: true,
        firstName: 'Journey',
        lastName: 'Tester',
        credentials: [{ type: 'password', value: INITIAL_PASSWORD, temporary: false }],
      });
      made.push(id);
      return { id, username, email, password: INITIAL_PASSWORD };
    },
    /** A user made another way (e.g. by a journey), removed with the others. */
    adopt(id: string): void {
      made.push(id);
    },
    async remove(): Promise<void> {
      const admin = await journeysAdmin();
      for (const id of made.splice(0)) await admin.users.del({ id }).catch(() => undefined);
    },
  };
}

/**
 * Installs built-in templates into the realm through IO's admin API (published, active, validated
 * by the bridge), the way a realm admin would; the ones the realm has already stay as they are.
 */
export async function installTemplates(templates: string[], obligationFlows: Record<string, string> = {}): Promise<void> {
  const { keycloak } = getStack();
  await installDemoFlows({ keycloakUrl: keycloak.url, realm: JOURNEYS_REALM, token: masterAdminToken(keycloak.url), templates, obligationFlows });
}

/** A fresh browser on the realm's login page for `journeys-app`. */
export async function openLogin(): Promise<{ context: BrowserContext; page: Page; pending: PendingLogin }> {
  const context = await getStack().browser.newContext({ viewport: { width: 760, height: 900 }, locale: 'en-US' });
  // A journey crosses Keycloak and the bridge several times per click; leave room on a busy machine.
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const pending = await (await journeysParty()).beginLogin();
  await page.goto(pending.url.href);
  return { context, page, pending };
}

/** Signs in on Keycloak's form; resolves once the browser left it. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('#kc-login')]);
}

/** Clicks `selector` and waits for the page it leads to, wherever that is. */
export async function submit(page: Page, selector = 'button[type="submit"]'): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

/** Clicks `selector` and resolves once the browser has left the bridge (back in Keycloak or at the client). */
export async function submitLeavingBridge(page: Page, selector = 'button[type="submit"]'): Promise<void> {
  const { bridge } = getStack();
  await Promise.all([page.waitForURL((url) => !url.href.startsWith(bridge.url), { waitUntil: 'load' }), page.click(selector)]);
}

/** The code the callback received, or undefined when the login did not reach the client. */
export function callbackCode(page: Page): string | undefined {
  const url = new URL(page.url());
  return url.href.startsWith(getStack().callback.redirectUri) ? (url.searchParams.get('code') ?? undefined) : undefined;
}
