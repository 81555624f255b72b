/**
 * A fake of what IO's pages reach over HTTP, installed as `fetch`: Keycloak's IO admin API of realm
 * `demo` (each test sets the answers) and the admin theme's messages (the real English bundle, as
 * Keycloak serves it at /resources/{realm}/admin/{lng}). The real API is tested end to end (e2e/).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASE_URL = 'http://keycloak.test';
export const REALM = 'demo';
const IO_API = `/admin/realms/${REALM}/io`;
const MESSAGES = `/resources/${REALM}/admin/en`;
const messagesFile = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'themes', 'keycloak', 'io', 'admin', 'messages', 'messages_en.properties');

/** An HTTP answer, or the network failing (fetch rejects, as a browser's does). */
/** An answer; `after`: it is sent once that promise settles (a slow server). */
export type Reply = { status: number; body?: unknown; after?: Promise<unknown> } | { network: string };
export interface SentRequest {
  method: string;
  path: string;
  body?: unknown;
}

export const ok = (body?: unknown): Reply => ({ status: 200, body });
/** The API's refusals (docs/admin-api.md, "Errors"); a 403 is Keycloak's own answer. */
export const refusals = {
  forbidden: { status: 403, body: { error: 'HTTP 403 Forbidden' } },
  bridgeDown: { status: 503, body: { error: 'bridge_unavailable', message: 'the bridge cannot answer: connection refused' } },
  networkDown: { network: 'Failed to fetch' },
  invalid: (...errors: Array<{ field: string; node?: string; message: string }>): Reply => ({ status: 400, body: { error: 'invalid_input', errors } }),
  conflict: (message: string, details: Record<string, unknown> = {}): Reply => ({ status: 409, body: { error: 'conflict', ...details, message } }),
  notFound: (message: string): Reply => ({ status: 404, body: { error: 'not_found', message } }),
} satisfies Record<string, Reply | ((...args: never[]) => Reply)>;

interface Route {
  method: string;
  path: string | RegExp;
  replies: Reply[];
}

class FakeKeycloak {
  private routes: Route[] = [];
  /** Every IO API request the pages made, in order. */
  requests: SentRequest[] = [];
  /** Requests no answer was set for: a test that leaves one fails (test/pages/setup.tsx). */
  unanswered: string[] = [];

  /**
   * Answers `method path` (the path under /io, with its query; a RegExp matches it) with `replies`
   * in turn, the last one from then on. A later answer for the same request wins.
   */
  answer(method: string, path: string | RegExp, ...replies: Reply[]): this {
    this.routes.unshift({ method, path, replies });
    return this;
  }

  /** The requests a test's actions sent (not the pages' reads). */
  writes(): SentRequest[] {
    return this.requests.filter((request) => request.method !== 'GET');
  }

  reset(): void {
    this.routes = [];
    this.requests = [];
    this.unanswered = [];
  }

  readonly fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = (init.method ?? 'GET').toUpperCase();
    if (url.origin === BASE_URL && url.pathname === MESSAGES) return json(200, englishMessages());
    if (url.origin !== BASE_URL || !url.pathname.startsWith(IO_API)) throw new TypeError(`no such server: ${url.href}`);
    const path = url.pathname.slice(IO_API.length) + url.search;
    this.requests.push({ method, path, ...(typeof init.body === 'string' ? { body: JSON.parse(init.body) } : {}) });
    const route = this.routes.find(
      (candidate) => candidate.method === method && (typeof candidate.path === 'string' ? candidate.path === path : candidate.path.test(path)),
    );
    if (!route) {
      this.unanswered.push(`${method} ${path}`);
      return json(500, { error: 'unknown_error', message: `the test set no answer for ${method} ${path}` });
    }
    const reply = route.replies.length > 1 ? route.replies.shift()! : route.replies[0]!;
    if ('network' in reply) throw new TypeError(reply.network);
    await reply.after;
    return json(reply.status, reply.body);
  };
}

function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/**
 * The stock console's English for the keys IO's pages borrow from it (keycloak.v2's
 * messages_en.properties in Keycloak 26.7.3's admin-ui jar), which Keycloak serves merged with IO's.
 */
const STOCK_ENGLISH: Record<string, string> = {
  add: 'Add',
  browse: 'Browse',
  cancel: 'Cancel',
  clientId: 'Client ID',
  create: 'Create',
  delete: 'Delete',
  description: 'Description',
  edit: 'Edit',
  key: 'Key',
  name: 'Name',
  off: 'Off',
  on: 'On',
  remove: 'Remove',
  revert: 'Revert',
  save: 'Save',
};

/** The English bundle as Keycloak serves it: `[{key, value}]`, the stock texts and IO's .properties file. */
function englishMessages(): Array<{ key: string; value: string }> {
  const io = parseProperties(readFileSync(messagesFile, 'utf8'));
  return Object.entries({ ...STOCK_ENGLISH, ...io }).map(([key, value]) => ({ key, value }));
}

/** A Java .properties file: comments, continued lines, `key=value` / `key: value` / `key value`, escapes. */
export function parseProperties(text: string): Record<string, string> {
  const decode = (value: string) =>
    value.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_match, escaped: string) =>
      escaped.length === 5
        ? String.fromCharCode(parseInt(escaped.slice(1), 16))
        : (({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[escaped] ?? escaped),
    );
  const entries: Record<string, string> = {};
  const logical = text.replace(/(?<!\\)((?:\\\\)*)\\\r?\n[ \t\f]*/g, '$1').split(/\r?\n/);
  for (const line of logical) {
    const match = /^[ \t\f]*((?:\\.|[^\s=:\\])+)[ \t\f]*[=:]?[ \t\f]*(.*)$/.exec(line);
    if (!match || /^[ \t\f]*[#!]/.test(line)) continue;
    entries[decode(match[1]!)] = decode(match[2]!);
  }
  return entries;
}

export const server = new FakeKeycloak();

/** The ways a page's first read fails, with the alert's title and message the admin must see. */
export const loadFailures = [
  { name: '403 forbidden', reply: refusals.forbidden, title: 'You may not see or change this', message: 'HTTP 403 Forbidden' },
  { name: '503 bridge_unavailable', reply: refusals.bridgeDown, title: 'The request failed', message: 'the bridge cannot answer: connection refused' },
  { name: 'a network error', reply: refusals.networkDown, title: 'The request failed', message: 'Failed to fetch' },
];
