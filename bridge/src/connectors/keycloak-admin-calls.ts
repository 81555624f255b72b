/**
 * Calls to a trusted realm's Keycloak admin REST API (@keycloak/keycloak-admin-client), shared by
 * the directories (users, organizations). Each trusted issuer gets its own admin client,
 * authenticated with that realm's service-account token (keycloak-service-account.ts) and used for
 * that realm only: calls name the issuer the handoff was verified against, never a realm name from
 * elsewhere. Every failure surfaces as a DirectoryError with a stable code.
 */
import KcAdminClient, { NetworkError } from '@keycloak/keycloak-admin-client';
import { codedError } from '../errors.js';
import { withoutTrailingSlash } from './keycloak-representation.js';
import { ServiceAccountError, type ServiceAccount } from './keycloak-service-account.js';

export type DirectoryErrorCode =
  | 'directory_not_found'
  | 'directory_conflict'
  | 'directory_rejected'
  /** The service account lacks a realm-management role. */
  | 'directory_forbidden'
  | 'directory_unavailable'
  | 'directory_unknown_realm';

export class DirectoryError extends codedError<DirectoryErrorCode>() {}

export interface KeycloakDirectoryOptions {
  /** The service account of the trusted realms: the realms the directory may act in, and their tokens. */
  account: ServiceAccount;
  /** Per admin API request. */
  timeoutMs?: number;
}

/** Runs `operation` with the issuer's admin client and realm name; `what` names the call in errors. */
export type AdminCall = <T>(issuer: string, what: string, operation: (client: KcAdminClient, realm: string) => Promise<T>) => Promise<T>;

export function adminCalls(options: KeycloakDirectoryOptions): AdminCall {
  const { account } = options;
  const clients = new Map<string, { client: KcAdminClient; realm: string }>();

  /** The issuer's own admin client and realm name; an issuer that is not trusted has none. */
  const admin = (issuer: string): { client: KcAdminClient; realm: string } => {
    const key = withoutTrailingSlash(issuer);
    let entry = clients.get(key);
    if (entry) return entry;
    const endpoint = account.endpoint(key);
    if (endpoint === undefined) throw new DirectoryError('directory_unknown_realm', `${issuer} is not a trusted issuer`);
    const client = new KcAdminClient({ baseUrl: endpoint.baseUrl, realmName: endpoint.realm, timeout: options.timeoutMs ?? 10_000 });
    client.registerTokenProvider({ getAccessToken: () => account.token(key) });
    entry = { client, realm: endpoint.realm };
    clients.set(key, entry);
    return entry;
  };

  return async (issuer, what, operation) => {
    try {
      const { client, realm } = admin(issuer);
      return await operation(client, realm);
    } catch (error) {
      throw asDirectoryError(error, `${what} at ${issuer}`);
    }
  };
}

/** The code of an admin API answer that is not a success. */
export function statusError(status: number, detail: string, cause?: unknown): DirectoryError {
  const code: DirectoryErrorCode =
    status === 404
      ? 'directory_not_found'
      : status === 409
        ? 'directory_conflict'
        : status === 400
          ? 'directory_rejected'
          : status === 401 || status === 403
            ? 'directory_forbidden'
            : 'directory_unavailable';
  return new DirectoryError(code, detail, { cause });
}

function asDirectoryError(error: unknown, what: string): DirectoryError {
  if (error instanceof DirectoryError) return error;
  if (error instanceof ServiceAccountError) {
    const forbidden = error.status === 400 || error.status === 401 || error.status === 403;
    return new DirectoryError(forbidden ? 'directory_forbidden' : 'directory_unavailable', `${what}: ${error.message}`, { cause: error });
  }
  if (error instanceof NetworkError) {
    return statusError(error.response.status, `${what}: Keycloak answered ${error.response.status} ${JSON.stringify(error.responseData)}`, error);
  }
  return new DirectoryError('directory_unavailable', `${what}: ${(error as Error).message}`, { cause: error });
}
