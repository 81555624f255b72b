/**
 * The UserDirectory port on Keycloak's admin REST API (@keycloak/keycloak-admin-client). Each
 * trusted realm gets its own admin client, authenticated as the realm's service-account client
 * (client credentials grant); the realm's service account needs the realm-management roles
 * view-users, manage-users, query-groups, view-realm (realm roles) and view-clients (client roles).
 */
import KcAdminClient, { NetworkError } from '@keycloak/keycloak-admin-client';
import type { RoleMappingPayload } from '@keycloak/keycloak-admin-client/lib/defs/roleRepresentation.js';
import type { NewDirectoryUser, UserDirectory } from '../engine/services.js';
import { codedError, ConfigError } from '../errors.js';
import { mergeUserRepresentation, parseRoleName, realmEndpoints, roleNames, toDirectoryUser, type UserChanges } from './keycloak-representation.js';

export type DirectoryErrorCode =
  | 'directory_not_found'
  | 'directory_conflict'
  | 'directory_rejected'
  /** The service account lacks a realm-management role. */
  | 'directory_forbidden'
  | 'directory_unavailable'
  | 'directory_unknown_realm';

const statusOf: Record<DirectoryErrorCode, number> = {
  directory_not_found: 404,
  directory_conflict: 409,
  directory_rejected: 400,
  directory_forbidden: 502,
  directory_unavailable: 503,
  directory_unknown_realm: 500,
};

export class DirectoryError extends codedError(statusOf) {}

export interface KeycloakDirectoryOptions {
  clientId: string;
  clientSecret: string;
  /** The trusted issuers (`{base}/realms/{realm}`): the realms the directory may act in. */
  issuers: readonly string[];
  /** Per admin API request. */
  timeoutMs?: number;
}

const pageSize = 100;

export function createKeycloakUserDirectory(options: KeycloakDirectoryOptions): UserDirectory {
  if (!options.clientId) throw new ConfigError('keycloakAdminClientId', 'is required for the Keycloak user directory');
  if (!options.clientSecret) throw new ConfigError('keycloakAdminClientSecret', 'is required for the Keycloak user directory');
  const endpoints = realmEndpoints(options.issuers);
  const clients = new Map<string, KcAdminClient>();

  const admin = (realm: string): KcAdminClient => {
    let client = clients.get(realm);
    if (client) return client;
    const baseUrl = endpoints.get(realm);
    if (baseUrl === undefined) throw new DirectoryError('directory_unknown_realm', `realm "${realm}" is not a trusted issuer`);
    client = new KcAdminClient({ baseUrl, realmName: realm, timeout: options.timeoutMs ?? 10_000 });
    client.registerTokenProvider(serviceAccountToken(client, options));
    clients.set(realm, client);
    return client;
  };

  // Every call runs through here, so a failure always surfaces as a DirectoryError with a stable code.
  const call = async <T>(realm: string, what: string, operation: (client: KcAdminClient) => Promise<T>): Promise<T> => {
    try {
      return await operation(admin(realm));
    } catch (error) {
      throw asDirectoryError(error, `${what} in realm ${realm}`);
    }
  };

  const groupId = async (client: KcAdminClient, realm: string, path: string): Promise<string> => {
    const group = await client.realms.getGroupByPath({ realm, path }, { catchNotFound: true });
    if (!group?.id) throw new DirectoryError('directory_not_found', `no group ${path}`);
    return group.id;
  };

  const roleMapping = async (client: KcAdminClient, realm: string, role: string): Promise<{ clientUniqueId?: string; role: RoleMappingPayload }> => {
    const { clientId, name } = parseRoleName(role);
    if (clientId === undefined) {
      const found = await client.roles.findOneByName({ realm, name }, { catchNotFound: true });
      if (!found?.id) throw new DirectoryError('directory_not_found', `no realm role ${name}`);
      return { role: { id: found.id, name } };
    }
    const [roleClient] = await client.clients.find({ realm, clientId });
    if (!roleClient?.id) throw new DirectoryError('directory_not_found', `no client ${clientId}`);
    const found = await client.clients.findRole({ realm, id: roleClient.id, roleName: name }, { catchNotFound: true });
    if (!found?.id) throw new DirectoryError('directory_not_found', `no role ${name} of client ${clientId}`);
    return { clientUniqueId: roleClient.id, role: { id: found.id, name } };
  };

  return {
    getUser: (realm, userId) =>
      call(realm, `reading user ${userId}`, async (client) => {
        const rep = await client.users.findOne({ realm, id: userId }, { catchNotFound: true });
        return rep ? toDirectoryUser(rep) : undefined;
      }),

    findUserByUsername: (realm, username) =>
      call(realm, `finding user ${username}`, async (client) => {
        const [rep] = await client.users.find({ realm, username, exact: true });
        return rep ? toDirectoryUser(rep) : undefined;
      }),

    updateUser: (realm, userId, changes: UserChanges) =>
      call(realm, `updating user ${userId}`, async (client) => {
        const current = await client.users.findOne({ realm, id: userId }, { catchNotFound: true });
        if (!current) throw new DirectoryError('directory_not_found', `no user ${userId}`);
        await client.users.update({ realm, id: userId }, mergeUserRepresentation(current, changes));
      }),

    createUser: (realm, user: NewDirectoryUser) =>
      call(realm, `creating user ${user.username}`, async (client) => {
        const { id } = await client.users.create({ realm, ...user, enabled: user.enabled ?? true });
        return id;
      }),

    deleteUser: (realm, userId) => call(realm, `deleting user ${userId}`, (client) => client.users.del({ realm, id: userId })),

    addToGroup: (realm, userId, path) =>
      call(realm, `adding user ${userId} to ${path}`, async (client) => {
        await client.users.addToGroup({ realm, id: userId, groupId: await groupId(client, realm, path) });
      }),

    removeFromGroup: (realm, userId, path) =>
      call(realm, `removing user ${userId} from ${path}`, async (client) => {
        await client.users.delFromGroup({ realm, id: userId, groupId: await groupId(client, realm, path) });
      }),

    addRole: (realm, userId, role) =>
      call(realm, `granting ${role} to user ${userId}`, async (client) => {
        const { clientUniqueId, role: mapping } = await roleMapping(client, realm, role);
        if (clientUniqueId === undefined) await client.users.addRealmRoleMappings({ realm, id: userId, roles: [mapping] });
        else await client.users.addClientRoleMappings({ realm, id: userId, clientUniqueId, roles: [mapping] });
      }),

    removeRole: (realm, userId, role) =>
      call(realm, `revoking ${role} from user ${userId}`, async (client) => {
        const { clientUniqueId, role: mapping } = await roleMapping(client, realm, role);
        if (clientUniqueId === undefined) await client.users.delRealmRoleMappings({ realm, id: userId, roles: [mapping] });
        else await client.users.delClientRoleMappings({ realm, id: userId, clientUniqueId, roles: [mapping] });
      }),

    userGroups: (realm, userId) =>
      call(realm, `listing the groups of user ${userId}`, async (client) => {
        const paths: string[] = [];
        for (let first = 0; ; first += pageSize) {
          const page = await client.users.listGroups({ realm, id: userId, first, max: pageSize });
          paths.push(...page.map((group) => group.path!));
          if (page.length < pageSize) return paths;
        }
      }),

    userRoles: (realm, userId) =>
      call(realm, `listing the roles of user ${userId}`, async (client) => roleNames(await client.users.listRoleMappings({ realm, id: userId }))),
  };
}

/**
 * Access tokens from the client credentials grant, renewed shortly before they expire (the admin
 * client's own refresh needs a refresh token, which client credentials do not issue).
 */
function serviceAccountToken(client: KcAdminClient, options: KeycloakDirectoryOptions) {
  let pending: Promise<void> | undefined;
  return {
    async getAccessToken(): Promise<string | undefined> {
      if (!client.accessToken || client.isTokenExpired()) {
        pending ??= client
          .auth({ grantType: 'client_credentials', clientId: options.clientId, clientSecret: options.clientSecret })
          .finally(() => (pending = undefined));
        await pending;
      }
      return client.accessToken;
    },
  };
}

function asDirectoryError(error: unknown, what: string): DirectoryError {
  if (error instanceof DirectoryError) return error;
  if (error instanceof NetworkError) {
    const status = error.response.status;
    const detail = `${what}: Keycloak answered ${status} ${JSON.stringify(error.responseData)}`;
    if (status === 404) return new DirectoryError('directory_not_found', detail, { cause: error });
    if (status === 409) return new DirectoryError('directory_conflict', detail, { cause: error });
    if (status === 400) return new DirectoryError('directory_rejected', detail, { cause: error });
    if (status === 401 || status === 403) return new DirectoryError('directory_forbidden', detail, { cause: error });
    return new DirectoryError('directory_unavailable', detail, { cause: error });
  }
  return new DirectoryError('directory_unavailable', `${what}: ${(error as Error).message}`, { cause: error });
}
