/**
 * IO's admin REST API of one realm (docs/admin-api.md), signed in with Keycloak's admin client.
 * Every failure is an IoApiError whose message a person can act on (no stack traces).
 */
import KcAdminClient from '@keycloak/keycloak-admin-client';
import type { Connection } from './connection.js';

export interface ApiProblem {
  field: string;
  node?: string;
  message: string;
}

/** Keycloak could not be reached, refused the sign-in or refused a request. */
export class IoApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    /** The API's 400 problems, each naming the field (and the node). */
    readonly problems: readonly ApiProblem[] = [],
  ) {
    super(message);
  }

  /** The message and one line per problem. */
  lines(): string[] {
    return [this.message, ...this.problems.map((p) => `  ${p.field}${p.node ? ` (node ${p.node})` : ''}: ${p.message}`)];
  }
}

export class IoApi {
  private constructor(
    private readonly kc: KcAdminClient,
    private readonly base: string,
    readonly connection: Connection,
  ) {}

  static async signIn(connection: Connection): Promise<IoApi> {
    const kc = new KcAdminClient({ baseUrl: connection.url, realmName: connection.authRealm });
    try {
      await kc.auth(connection.credentials);
    } catch (error) {
      throw signInError(error, connection);
    }
    return new IoApi(kc, `${connection.url}/admin/realms/${encodeURIComponent(connection.realm)}/io`, connection);
  }

  /** The answer's JSON; `undefined` for 404 when `missingIsUndefined`. */
  async request<T>(method: string, path: string, body?: unknown, options: { missingIsUndefined?: boolean } = {}): Promise<T> {
    const token = await this.kc.getAccessToken();
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw unreachable(error, this.connection.url);
    }
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: an answer of the admin API, read field by field with typeof checks
    let answer: any;
    try {
      answer = text ? JSON.parse(text) : undefined;
    } catch {
      answer = text;
    }
    if (response.ok) return answer as T;
    if (response.status === 404 && options.missingIsUndefined && answer?.error === 'not_found') return undefined as T;
    throw requestError(response.status, answer, method, path, this.connection);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: an answer of the admin API, read field by field with typeof checks
function requestError(status: number, answer: any, method: string, path: string, connection: Connection): IoApiError {
  const what = `${method} ${path}`;
  const detail = typeof answer?.message === 'string' ? answer.message : typeof answer?.error === 'string' ? answer.error : '';
  switch (status) {
    case 400:
      return new IoApiError(
        `Keycloak refused ${what} (400)${detail && detail !== 'invalid_input' ? `: ${detail}` : ''}`,
        status,
        Array.isArray(answer?.errors) ? answer.errors : [],
      );
    case 401:
      return new IoApiError(`Keycloak did not accept the sign-in for ${what} (401)`, status);
    case 403:
      return new IoApiError(
        `not allowed (403): the signed-in account may not ${method === 'GET' ? 'view (needs view-realm)' : 'change (needs manage-realm)'} realm ${connection.realm}`,
        status,
      );
    case 404:
      // Keycloak answers 404 for a realm it does not have, and IO for a missing flow or version.
      return new IoApiError(
        answer?.error === 'not_found'
          ? `not found (404): ${detail}`
          : `not found (404): realm ${connection.realm} at ${connection.url}, or no IO admin API there`,
        status,
      );
    default:
      return new IoApiError(`Keycloak answered ${status} to ${what}${detail ? `: ${detail}` : ''}`, status, Array.isArray(answer?.errors) ? answer.errors : []);
  }
}

function signInError(error: unknown, connection: Connection): IoApiError {
  const response = (error as { response?: Response }).response;
  if (!response) return unreachable(error, connection.url);
  // biome-ignore lint/suspicious/noExplicitAny: Keycloak's token error body, read field by field with typeof checks
  const data = (error as { responseData?: any }).responseData;
  const reason = typeof data?.error_description === 'string' ? `: ${data.error_description}` : '';
  const who = connection.credentials.grantType === 'password' ? `user ${connection.credentials.username}` : `client ${connection.credentials.clientId}`;
  switch (response.status) {
    case 400:
    case 401:
      return new IoApiError(`sign-in refused (${response.status}) for ${who} in realm ${connection.authRealm}${reason}`, response.status);
    case 403:
      return new IoApiError(`sign-in forbidden (403) for ${who} in realm ${connection.authRealm}${reason}`, 403);
    case 404:
      return new IoApiError(`no realm ${connection.authRealm} to sign in to at ${connection.url} (404)`, 404);
    default:
      return new IoApiError(`sign-in failed (${response.status}) at ${connection.url}${reason}`, response.status);
  }
}

function unreachable(error: unknown, url: string): IoApiError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code === 'ECONNREFUSED' ? 'connection refused' : (cause?.code ?? cause?.message ?? (error as Error).message);
  return new IoApiError(`cannot reach Keycloak at ${url}: ${reason}`);
}
