/**
 * The bridge's service account in each trusted realm: a confidential client (IO_KEYCLOAK_ADMIN_CLIENT_ID
 * / _SECRET) whose access tokens come from the client credentials grant at the realm's token
 * endpoint. Every adapter that calls a realm's admin API (the user directory, the published flow
 * versions) gets its tokens here, per issuer: a token of one realm is never sent to another.
 */
import { ConfigError } from '../errors.js';
import { issuerEndpoints, withoutTrailingSlash, type RealmEndpoint } from './keycloak-representation.js';

export interface ServiceAccountOptions {
  clientId: string;
  clientSecret: string;
  /** The trusted issuers (`{base}/realms/{realm}`): the realms the account may act in. */
  issuers: readonly string[];
  /** Per token request. */
  timeoutMs?: number;
  now?: () => number;
}

/** A token request that failed; `status` is Keycloak's answer when there was one. */
export class ServiceAccountError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ServiceAccountError';
  }
}

export interface ServiceAccount {
  /** Where a trusted issuer's admin API lives; undefined for any other issuer. */
  endpoint(issuer: string): RealmEndpoint | undefined;
  /** A valid access token for the issuer's realm (renewed shortly before it expires). */
  token(issuer: string): Promise<string>;
}

/** A token is renewed this long before Keycloak says it expires. */
const renewMarginMs = 10_000;

export function createServiceAccount(options: ServiceAccountOptions): ServiceAccount {
  if (!options.clientId) throw new ConfigError('keycloakAdminClientId', 'is required for the Keycloak service account');
  if (!options.clientSecret) throw new ConfigError('keycloakAdminClientSecret', 'is required for the Keycloak service account');
  const endpoints = issuerEndpoints(options.issuers);
  const now = options.now ?? Date.now;
  const tokens = new Map<string, { token: string; until: number }>();
  // Concurrent requests for one realm share one token request.
  const pending = new Map<string, Promise<string>>();

  const request = async (key: string, endpoint: RealmEndpoint): Promise<string> => {
    const url = `${endpoint.baseUrl}/realms/${encodeURIComponent(endpoint.realm)}/protocol/openid-connect/token`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new ServiceAccountError(`token request to ${url}: ${(error as Error).message}`, undefined, { cause: error });
    }
    const body = (await response.json().catch(() => undefined)) as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (!response.ok || typeof body?.access_token !== 'string') {
      throw new ServiceAccountError(`token request to ${url}: Keycloak answered ${response.status}`, response.status);
    }
    const lifetimeMs = typeof body.expires_in === 'number' ? body.expires_in * 1000 : 60_000;
    tokens.set(key, { token: body.access_token, until: now() + Math.max(lifetimeMs - renewMarginMs, lifetimeMs / 2) });
    return body.access_token;
  };

  return {
    endpoint: (issuer) => endpoints.get(withoutTrailingSlash(issuer)),

    async token(issuer) {
      const key = withoutTrailingSlash(issuer);
      const endpoint = endpoints.get(key);
      if (!endpoint) throw new ServiceAccountError(`${issuer} is not a trusted issuer`);
      const cached = tokens.get(key);
      if (cached && cached.until > now()) return cached.token;
      let inFlight = pending.get(key);
      if (!inFlight) {
        inFlight = request(key, endpoint).finally(() => pending.delete(key));
        pending.set(key, inFlight);
      }
      return inFlight;
    },
  };
}
