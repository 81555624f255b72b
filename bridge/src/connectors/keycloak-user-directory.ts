/**
 * The UserDirectory port on Keycloak's admin REST API, through the issuer's own admin client
 * (keycloak-admin-calls.ts).
 *
 * The fewest realm-management roles that work (Keycloak 26.7's admin permission checks):
 * - `manage-users`: everything below, since it also grants viewing users and groups, group
 *   membership, mapping non-admin roles and reading the user profile configuration;
 * - `view-users` instead, for flows that only read users (keycloak-user `read`);
 * - `query-clients` in addition, only for client roles (`clientId:role`): finding the client's id.
 * Roles are looked up among those the service account may map to the user
 * (`.../role-mappings/.../available`), which needs no view-realm or view-clients.
 * The user-profile check is IO's runtime endpoint (`.../io/runtime/users/{id}/profile-check`),
 * which needs the `io-runtime` role.
 */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import type { RoleMappingPayload } from '@keycloak/keycloak-admin-client/lib/defs/roleRepresentation.js';
import type { NewDirectoryUser, ProfileProblem, UserDirectory, UserProfileRules } from '../engine/services.js';
import { adminCalls, DirectoryError, statusError, type KeycloakDirectoryOptions } from './keycloak-admin-calls.js';
import {
  mergeUserRepresentation,
  parseRoleName,
  roleNames,
  toDirectoryUser,
  userProfileRules,
  withoutTrailingSlash,
  type UserChanges,
} from './keycloak-representation.js';

export interface KeycloakUserDirectoryOptions extends KeycloakDirectoryOptions {
  /** How long a realm's user-profile rules are reused. */
  profileTtlMs?: number;
  now?: () => number;
}

const pageSize = 100;

export function createKeycloakUserDirectory(options: KeycloakUserDirectoryOptions): UserDirectory {
  const call = adminCalls(options);
  const profiles = new Map<string, { rules: UserProfileRules; until: number }>();
  const now = options.now ?? Date.now;

  const groupId = async (client: KcAdminClient, realm: string, path: string): Promise<string> => {
    const group = await client.realms.getGroupByPath({ realm, path }, { catchNotFound: true });
    if (!group?.id) throw new DirectoryError('directory_not_found', `no group ${path}`);
    return group.id;
  };

  /** The role among those the user could be given (`add`) or has (`remove`), with the client's id for a client role. */
  const roleMapping = async (
    client: KcAdminClient,
    realm: string,
    userId: string,
    role: string,
    op: 'add' | 'remove',
  ): Promise<{ clientUniqueId?: string; role: RoleMappingPayload }> => {
    const { clientId, name } = parseRoleName(role);
    const pick = (roles: Array<{ id?: string; name?: string }>, where: string): RoleMappingPayload => {
      const found = roles.find((candidate) => candidate.name === name);
      if (!found?.id)
        throw new DirectoryError(
          'directory_not_found',
          op === 'add' ? `no role ${name}${where} that the service account may map` : `the user has no role ${name}${where}`,
        );
      return { id: found.id, name };
    };
    if (clientId === undefined) {
      const roles =
        op === 'add'
          ? await client.users.listAvailableRealmRoleMappings({ realm, id: userId })
          : await client.users.listRealmRoleMappings({ realm, id: userId });
      return { role: pick(roles, '') };
    }
    const [roleClient] = await client.clients.find({ realm, clientId });
    if (!roleClient?.id) throw new DirectoryError('directory_not_found', `no client ${clientId}`);
    const query = { realm, id: userId, clientUniqueId: roleClient.id };
    const roles = op === 'add' ? await client.users.listAvailableClientRoleMappings(query) : await client.users.listClientRoleMappings(query);
    return { clientUniqueId: roleClient.id, role: pick(roles, ` of client ${clientId}`) };
  };

  return {
    getUser: (issuer, userId) =>
      call(issuer, `reading user ${userId}`, async (client, realm) => {
        const rep = await client.users.findOne({ realm, id: userId }, { catchNotFound: true });
        return rep ? toDirectoryUser(rep) : undefined;
      }),

    findUserByUsername: (issuer, username) =>
      call(issuer, `finding user ${username}`, async (client, realm) => {
        const [rep] = await client.users.find({ realm, username, exact: true });
        return rep ? toDirectoryUser(rep) : undefined;
      }),

    updateUser: (issuer, userId, changes: UserChanges) =>
      call(issuer, `updating user ${userId}`, async (client, realm) => {
        const current = await client.users.findOne({ realm, id: userId }, { catchNotFound: true });
        if (!current) throw new DirectoryError('directory_not_found', `no user ${userId}`);
        await client.users.update({ realm, id: userId }, mergeUserRepresentation(current, changes));
      }),

    createUser: (issuer, user: NewDirectoryUser) =>
      call(issuer, `creating user ${user.username}`, async (client, realm) => {
        const { id } = await client.users.create({ realm, ...user, enabled: user.enabled ?? true });
        return id;
      }),

    deleteUser: (issuer, userId) => call(issuer, `deleting user ${userId}`, (client, realm) => client.users.del({ realm, id: userId })),

    addToGroup: (issuer, userId, path) =>
      call(issuer, `adding user ${userId} to ${path}`, async (client, realm) => {
        await client.users.addToGroup({ realm, id: userId, groupId: await groupId(client, realm, path) });
      }),

    removeFromGroup: (issuer, userId, path) =>
      call(issuer, `removing user ${userId} from ${path}`, async (client, realm) => {
        await client.users.delFromGroup({ realm, id: userId, groupId: await groupId(client, realm, path) });
      }),

    addRole: (issuer, userId, role) =>
      call(issuer, `granting ${role} to user ${userId}`, async (client, realm) => {
        const { clientUniqueId, role: mapping } = await roleMapping(client, realm, userId, role, 'add');
        if (clientUniqueId === undefined) await client.users.addRealmRoleMappings({ realm, id: userId, roles: [mapping] });
        else await client.users.addClientRoleMappings({ realm, id: userId, clientUniqueId, roles: [mapping] });
      }),

    removeRole: (issuer, userId, role) =>
      call(issuer, `revoking ${role} from user ${userId}`, async (client, realm) => {
        const { clientUniqueId, role: mapping } = await roleMapping(client, realm, userId, role, 'remove');
        if (clientUniqueId === undefined) await client.users.delRealmRoleMappings({ realm, id: userId, roles: [mapping] });
        else await client.users.delClientRoleMappings({ realm, id: userId, clientUniqueId, roles: [mapping] });
      }),

    userGroups: (issuer, userId) =>
      call(issuer, `listing the groups of user ${userId}`, async (client, realm) => {
        const paths: string[] = [];
        for (let first = 0; ; first += pageSize) {
          const page = await client.users.listGroups({ realm, id: userId, first, max: pageSize });
          paths.push(...page.map((group) => group.path!));
          if (page.length < pageSize) return paths;
        }
      }),

    userRoles: (issuer, userId) =>
      call(issuer, `listing the roles of user ${userId}`, async (client, realm) => roleNames(await client.users.listRoleMappings({ realm, id: userId }))),

    userProfile: (issuer) =>
      call(issuer, 'reading the user profile configuration', async (client, realm) => {
        const key = withoutTrailingSlash(issuer);
        const cached = profiles.get(key);
        if (cached && cached.until > now()) return cached.rules;
        const rules = userProfileRules(await client.users.getProfile({ realm }));
        profiles.set(key, { rules, until: now() + (options.profileTtlMs ?? 30_000) });
        return rules;
      }),

    checkProfile: (issuer, userId, attributes, locale) =>
      call(issuer, `checking values of user ${userId} against the user profile`, async (client, realm) => {
        const url = `${client.baseUrl}/admin/realms/${encodeURIComponent(realm)}/io/runtime/users/${encodeURIComponent(userId)}/profile-check`;
        const response = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${await client.getAccessToken()}`, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ attributes, ...(locale ? { locale } : {}) }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        const text = await response.text();
        if (!response.ok) throw statusError(response.status, `${url}: Keycloak answered ${response.status} ${text.slice(0, 500)}`);
        return profileProblems(text, url);
      }),
  };
}

/** `{"errors": [{"attribute", "message"}]}`; anything else means Keycloak is not answering as IO's provider does. */
function profileProblems(text: string, url: string): ProfileProblem[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors) || !errors.every((error) => typeof error?.attribute === 'string' && typeof error?.message === 'string')) {
    throw new DirectoryError('directory_unavailable', `${url}: not a profile-check answer`);
  }
  return errors.map(({ attribute, message }: ProfileProblem) => ({ attribute, message }));
}
