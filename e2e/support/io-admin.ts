/**
 * IO's admin REST API (/admin/realms/{realm}/io) as different admins call it: a demo-realm admin
 * who may change (manage-realm), one who may only look (view-realm), an admin of another realm,
 * and tokens that are missing or expired. The users, the other realm and the short-token client
 * are created by `createAdmins()` and removed by its `remove()`.
 */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getStack } from './stack.js';
import { repoRoot } from './keycloak.js';

export const OTHER_REALM = 'io-e2e-other';
export const ADMIN_PASSWORD = 'io-e2e-admin-password';
const PASSWORD = ADMIN_PASSWORD;
/** A client whose access tokens live one second (client attribute access.token.lifespan). */
const SHORT_TOKEN_CLIENT = 'io-e2e-short-token';

export interface ApiAnswer {
  status: number;
  body: any;
}

/** Calls the IO admin API of `realm` with `token` (none: no Authorization header). */
export async function ioApi(
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  realm = 'demo',
  keycloakUrl = getStack().keycloak.url,
): Promise<ApiAnswer> {
  const response = await fetch(`${keycloakUrl}/admin/realms/${realm}/io${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}

export async function passwordToken(realm: string, username: string, clientId = 'admin-cli', keycloakUrl = getStack().keycloak.url): Promise<string> {
  const response = await fetch(`${keycloakUrl}/realms/${realm}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: clientId, username, password: PASSWORD }),
  });
  const json = (await response.json()) as { access_token?: string; error_description?: string };
  if (!json.access_token) throw new Error(`no token for ${username}@${realm}: ${json.error_description}`);
  return json.access_token;
}

export interface Admins {
  /** demo realm: view-realm, manage-realm, view-clients, manage-clients */
  manager: () => Promise<string>;
  /** demo realm: view-realm, view-clients only */
  viewer: () => Promise<string>;
  /** realm io-e2e-other: manage-realm and view-realm of that realm */
  otherRealmAdmin: () => Promise<string>;
  /** the demo manager's token, already expired */
  expired: () => Promise<string>;
  /** @param current an admin client signed in now (a restart ends earlier sessions) */
  remove: (current: KcAdminClient) => Promise<void>;
}

async function createUser(admin: KcAdminClient, realm: string, username: string, roles: string[]): Promise<string> {
  const { id } = await admin.users.create({
    realm,
    username,
    enabled: true,
    emailVerified: true,
    email: `${username}@example.test`,
    firstName: 'IO',
    lastName: 'Admin',
    credentials: [{ type: 'password', value: PASSWORD, temporary: false }],
  });
  const [realmManagement] = await admin.clients.find({ realm, clientId: 'realm-management' });
  const available = await admin.clients.listRoles({ realm, id: realmManagement!.id! });
  await admin.users.addClientRoleMappings({
    realm,
    id,
    clientUniqueId: realmManagement!.id!,
    roles: available.filter((role) => roles.includes(role.name!)).map((role) => ({ id: role.id!, name: role.name! })),
  });
  return id;
}

export async function createAdmins(admin: KcAdminClient): Promise<Admins> {
  const managerId = await createUser(admin, 'demo', 'io-e2e-manager', ['view-realm', 'manage-realm', 'view-clients', 'manage-clients']);
  const viewerId = await createUser(admin, 'demo', 'io-e2e-viewer', ['view-realm', 'view-clients']);
  await admin.realms.create({ realm: OTHER_REALM, enabled: true });
  await createUser(admin, OTHER_REALM, 'other-admin', ['view-realm', 'manage-realm', 'view-clients', 'manage-clients']);
  const { id: shortClientId } = await admin.clients.create({
    realm: 'demo',
    clientId: SHORT_TOKEN_CLIENT,
    publicClient: true,
    directAccessGrantsEnabled: true,
    standardFlowEnabled: false,
    attributes: { 'access.token.lifespan': '1' },
  });
  return {
    manager: () => passwordToken('demo', 'io-e2e-manager'),
    viewer: () => passwordToken('demo', 'io-e2e-viewer'),
    otherRealmAdmin: () => passwordToken(OTHER_REALM, 'other-admin'),
    expired: async () => {
      const token = await passwordToken('demo', 'io-e2e-manager', SHORT_TOKEN_CLIENT);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      return token;
    },
    remove: async (current) => {
      await current.users.del({ realm: 'demo', id: managerId });
      await current.users.del({ realm: 'demo', id: viewerId });
      await current.clients.del({ realm: 'demo', id: shortClientId });
      await current.realms.del({ realm: OTHER_REALM });
    },
  };
}

/** A flow of the bridge's own (bridge/flows/NAME.json) under another id. */
export function bridgeFlow(name: string, overrides: Record<string, unknown> = {}): Record<string, any> {
  const definition = JSON.parse(readFileSync(join(repoRoot, 'bridge', 'flows', `${name}.json`), 'utf8'));
  delete definition.$schema;
  return { ...definition, ...overrides };
}

/** The digest contract: SHA-256 over the canonical JSON (object keys sorted, no whitespace). */
export function digestOf(definition: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
          )
        : value;
  return `sha-256:${createHash('sha256')
    .update(JSON.stringify(canonical(definition)))
    .digest('hex')}`;
}
