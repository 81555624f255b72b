/**
 * How `pull`, `push` and `diff` reach a realm: the Keycloak URL, the realm whose flows, and the
 * credentials, from options or environment variables (so secrets need not be on the command line).
 */

/** Options every remote command takes, for node:util parseArgs. */
export const connectionOptions = {
  url: { type: 'string' },
  realm: { type: 'string' },
  'auth-realm': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
} as const;

/** Option -> the environment variable read when the option is not given. */
export const environmentVariables = {
  url: 'IO_KEYCLOAK_URL',
  realm: 'IO_REALM',
  'auth-realm': 'IO_AUTH_REALM',
  'client-id': 'IO_CLIENT_ID',
  'client-secret': 'IO_CLIENT_SECRET',
  username: 'IO_USERNAME',
  password: 'IO_PASSWORD',
} as const satisfies Record<keyof typeof connectionOptions, string>;

export type Credentials =
  | { grantType: 'client_credentials'; clientId: string; clientSecret: string }
  | { grantType: 'password'; clientId: string; clientSecret?: string; username: string; password: string };

export interface Connection {
  /** Keycloak's base URL, without a trailing slash. */
  url: string;
  realm: string;
  authRealm: string;
  credentials: Credentials;
}

/** A command line that cannot be run as given (exit status 2). */
export class UsageError extends Error {}

/** This machine: plain http does not leave it. */
function isLoopback(url: string): boolean {
  try {
    return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

type ConnectionValues = Partial<Record<keyof typeof connectionOptions, string>>;

export function connectionFrom(values: ConnectionValues, env: NodeJS.ProcessEnv = process.env): Connection {
  const value = (name: keyof typeof connectionOptions) => values[name] ?? (env[environmentVariables[name]] || undefined);
  const url = value('url');
  const realm = value('realm');
  if (!url) throw new UsageError('the Keycloak URL is missing: --url or IO_KEYCLOAK_URL');
  if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--url must be an http(s) URL, not ${url}`);
  if (url.startsWith('http:') && !isLoopback(url) && env.IO_ALLOW_HTTP !== '1') {
    throw new UsageError(`${url} is plain http: the credentials would travel in clear; use https (or IO_ALLOW_HTTP=1 on a development network)`);
  }
  if (!realm) throw new UsageError('the realm is missing: --realm or IO_REALM');
  const clientId = value('client-id');
  const clientSecret = value('client-secret');
  const username = value('username');
  const password = value('password');
  let credentials: Credentials;
  if (username !== undefined || password !== undefined) {
    if (!username || !password) throw new UsageError('a user sign-in needs both --username and --password (or IO_USERNAME and IO_PASSWORD)');
    credentials = { grantType: 'password', clientId: clientId ?? 'admin-cli', username, password, ...(clientSecret ? { clientSecret } : {}) };
  } else if (clientId && clientSecret) {
    credentials = { grantType: 'client_credentials', clientId, clientSecret };
  } else {
    throw new UsageError(
      'credentials are missing: --client-id and --client-secret (a service account), or --username and --password (IO_CLIENT_ID, IO_CLIENT_SECRET, IO_USERNAME, IO_PASSWORD)',
    );
  }
  return { url: url.replace(/\/+$/, ''), realm, authRealm: value('auth-realm') ?? 'master', credentials };
}
