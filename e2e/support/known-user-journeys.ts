/**
 * The known-user journeys (issue 11) the way a realm gets them: the built-in templates installed
 * through IO's admin API (published and active), obligation types mapped to them in Keycloak, the
 * realm's obligation rules, and a user of the test's own who signs in through demo-app-plain.
 * Everything is put back afterwards, so other e2e files see the realm as imported.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type UserRepresentation from '@keycloak/keycloak-admin-client/lib/defs/userRepresentation.js';
import { expect } from 'chai';
import { decodeJwt, type JWTPayload } from 'jose';
import { adminClient } from './admin.js';
import { ioApi } from './io-admin.js';
import { repoRoot } from './keycloak.js';
import { getStack } from './stack.js';
import { handoffToken } from './journey.js';
import { installDemoFlows, masterAdminToken } from '../../demo/install-flows.js';
import type { PlainLogin } from './plain-login.js';

export interface JourneyUser {
  id: string;
  username: string;
  password: string;
}

const adminToken = () => masterAdminToken(getStack().keycloak.url)();

/** A user of the test's own (email verified, names set, so Keycloak asks nothing of its own). */
export async function createJourneyUser(username: string, attributes: Record<string, string[]> = {}): Promise<JourneyUser> {
  const admin = await adminClient();
  const password = `${username}-password`;
  const { id } = await admin.users.create({
    username,
    enabled: true,
    email: `${username}@example.com`,
    emailVerified: true,
    firstName: 'Journey',
    lastName: 'Tester',
    attributes,
    credentials: [{ type: 'password', value: password, temporary: false }],
  });
  return { id, username, password };
}

export async function deleteJourneyUser(user: JourneyUser | undefined): Promise<void> {
  if (user) await (await adminClient()).users.del({ id: user.id });
}

export async function userNow(user: JourneyUser): Promise<UserRepresentation> {
  return (await (await adminClient()).users.findOne({ id: user.id }))!;
}

/**
 * Installs the templates the mapping names (published, active), as `POST /io/templates/{id}/install`
 * does for a realm admin, and maps the types to them in Keycloak. Returns what removes both again.
 */
export async function installJourneys(mapping: Record<string, string>): Promise<() => Promise<void>> {
  const templates = [...new Set(Object.values(mapping))];
  const installed = await installDemoFlows({ keycloakUrl: getStack().keycloak.url, token: adminToken, templates, obligationFlows: mapping });
  expect(installed, 'the demo realm had none of them: the test removes what it installs').to.have.members(templates);
  return async () => {
    await ioApi(await adminToken(), 'PUT', '/obligation-flows', {});
    for (const template of templates) await ioApi(await adminToken(), 'DELETE', `/flows/${template}`);
  };
}

/**
 * Sets the realm's obligation rules, evaluated for every client's logins; returns what puts the two
 * attributes back as they were. Other realm attributes (the IO runtime revision among them) are
 * read fresh at every write and left as they are.
 */
export async function ruleSetter(): Promise<{ set(rules: object[]): Promise<void>; restore(): Promise<void> }> {
  const names = ['io.obligations', 'io.obligations.clients'];
  const current = async () => ({ ...((await (await adminClient()).realms.findOne({ realm: 'demo' }))?.attributes ?? {}) }) as Record<string, unknown>;
  const original = await current();
  const update = async (values: Record<string, unknown>) =>
    (await adminClient()).realms.update({ realm: 'demo' }, { attributes: { ...(await current()), ...values } });
  return {
    set: (rules) => update({ 'io.obligations': JSON.stringify(rules), 'io.obligations.clients': 'all' }),
    // Blank means "no rules" and anything but `all` the default scope (docs/provider.md).
    restore: () => update(Object.fromEntries(names.map((name) => [name, original[name] ?? '']))),
  };
}

/** The claims of the login's one handoff. */
export function handoffOf(login: PlainLogin): JWTPayload {
  expect(login.handoffs, 'the browser was handed to the bridge once').to.have.length(1);
  return decodeJwt(handoffToken(login.handoffs[0]!));
}

/** The (single) evidence the login posted back into Keycloak. */
export function evidenceOf(login: PlainLogin): JWTPayload {
  expect(login.evidence, 'one evidence').to.have.length(1);
  return decodeJwt(login.evidence[0]!);
}

/** A browser context sized for the journey screenshots. */
export function journeyContext(): Promise<BrowserContext> {
  return getStack().browser.newContext({ viewport: { width: 760, height: 900 }, locale: 'en-US' });
}

/** The journey's main screen for docs/journeys.md: docs/images/journey-<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(repoRoot, 'docs', 'images', `journey-${name}.png`), fullPage: true });
}

/** The user's Keycloak sessions (none: the login created none). */
export async function sessionsOf(user: JourneyUser): Promise<number> {
  return (await (await adminClient()).users.listSessions({ id: user.id })).length;
}

/** The user attribute's first value, parsed as the JSON the provider keeps there. */
export function jsonAttribute(user: UserRepresentation, name: string): any {
  const value = user.attributes?.[name]?.[0];
  return value === undefined ? undefined : JSON.parse(value);
}

/**
 * A review's entry point as docs/journeys.md describes it: a public client the account console
 * lists under Applications, whose link starts `kc_action=io-journey:<type>` asking for no response
 * and returns to the console. Returns its link and what removes it again.
 */
export async function createReviewLink(clientId: string, name: string, type: string): Promise<{ url: string; remove(): Promise<void> }> {
  const admin = await adminClient();
  const baseUrl = `/realms/demo/protocol/openid-connect/auth?client_id=${clientId}&response_type=none&kc_action=io-journey:${type}`;
  const { id } = await admin.clients.create({
    clientId,
    name,
    publicClient: true,
    standardFlowEnabled: true,
    directAccessGrantsEnabled: false,
    alwaysDisplayInConsole: true,
    rootUrl: '${authBaseUrl}',
    baseUrl,
    redirectUris: ['/realms/demo/account/'],
  });
  return { url: `${getStack().keycloak.url}${baseUrl}`, remove: async () => (await adminClient()).clients.del({ id }) };
}
