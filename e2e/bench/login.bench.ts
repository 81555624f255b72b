/**
 * Whole logins through real Keycloak over HTTP, as a browser makes them (issue 12; figures printed,
 * nothing asserted): authorization code + PKCE + the token exchange, a fresh cookie jar per login.
 * Three kinds, interleaved in one run so the machine's mood falls on all alike:
 *   plain: password login to demo-app-plain (no IO);
 *   io:    the same login to demo-app, plus its IO screen (demo-profile: handoff, step page, the post,
 *          the evidence back into Keycloak);
 *   kc:    the plain login plus one screen of Keycloak's own (the UPDATE_PROFILE required action).
 * One at a time, then 8 at a time; p50/p95/p99 per kind, the ratios to plain, and the time spent
 * waiting on the bridge (its share) and on Keycloak's evidence POST.
 */
import { performance } from 'node:perf_hooks';
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { createRelyingParty, type RelyingParty } from '../../demo/relying-party.js';
import { adminClient } from '../support/admin.js';
import { TEST_USER } from '../support/journey.js';
import { PLAIN_CLIENT } from '../support/plain-login.js';
import { getStack } from '../support/stack.js';

const ROUNDS = Number(process.env.IO_BENCH_LOGIN_ROUNDS ?? 30);
const CONCURRENCY = 8;
const kinds = ['plain', 'io', 'kc'] as const;
type Kind = (typeof kinds)[number];

interface Timing {
  total: number;
  /** Time waiting on the bridge's answers. */
  bridge: number;
  /** Keycloak's answer to the evidence POST. */
  evidence: number;
}

/** A browser's cookie jar (cookies are per host, not per port, as in a browser) and fetch without redirects. */
class Client {
  private readonly jar = new Map<string, string>();
  bridgeMs = 0;
  evidenceMs = 0;

  constructor(private readonly bridgeUrl: string) {}

  /** One request, timed until its whole body arrived. */
  async request(url: string, form?: Record<string, string>, evidence = false): Promise<Answer> {
    const started = performance.now();
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        ...(this.jar.size ? { cookie: [...this.jar].map(([n, v]) => `${n}=${v}`).join('; ') } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form) } : {}),
    });
    const text = await response.text();
    const spent = performance.now() - started;
    if (url.startsWith(this.bridgeUrl)) this.bridgeMs += spent;
    if (evidence) this.evidenceMs += spent;
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      if (at > 0) this.jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return { status: response.status, location: response.headers.get('location'), text };
  }
}

interface Answer {
  status: number;
  location: string | null;
  text: string;
}

/** The form with `marker` in its opening tag: its absolute action and its hidden inputs. */
function formOf(html: string, marker: string, base: string): { action: string; fields: Record<string, string> } | undefined {
  const start = html.indexOf(marker);
  if (start < 0) return undefined;
  const open = html.lastIndexOf('<form', start);
  const close = html.indexOf('</form>', start);
  const form = html.slice(open, close);
  const action = unescapeHtml(/action="([^"]*)"/.exec(form)?.[1]);
  if (action === undefined) return undefined;
  const fields: Record<string, string> = {};
  for (const input of form.match(/<input[^>]*>/g) ?? []) {
    if (!/type="hidden"/.test(input)) continue;
    const name = /name="([^"]*)"/.exec(input)?.[1];
    if (name) fields[name] = unescapeHtml(/value="([^"]*)"/.exec(input)?.[1]) ?? '';
  }
  return { action: new URL(action, base).href, fields };
}

/** An attribute's text as the browser reads it (Handlebars writes `=` as `&#x3D;`). */
function unescapeHtml(text: string | undefined): string | undefined {
  return text
    ?.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

async function login(kind: Kind, party: RelyingParty, username: string, password: string): Promise<Timing> {
  const { bridge, callback } = getStack();
  const client = new Client(bridge.url);
  const started = performance.now();
  const pending = await party.beginLogin();
  let response = await client.request(pending.url.href);
  let url = pending.url.href;
  for (let hop = 0; hop < 20; hop++) {
    const { location, text: html } = response;
    if (location) {
      url = new URL(location, url).href;
      if (url.startsWith(callback.redirectUri)) {
        await party.completeLogin(new URL(url), pending);
        return { total: performance.now() - started, bridge: client.bridgeMs, evidence: client.evidenceMs };
      }
      response = await client.request(url);
      continue;
    }
    const page = (marker: string) => formOf(html, marker, url);
    const loginForm = page('id="kc-form-login"');
    const handoff = page('id="io-handoff"');
    const evidence = page('id="io-return"');
    const profile = page('id="kc-update-profile-form"');
    const step = page('name="_csrf"');
    if (loginForm) response = await client.request((url = loginForm.action), { username, password, credentialId: '' });
    else if (handoff) response = await client.request((url = handoff.action), handoff.fields);
    else if (evidence) response = await client.request((url = evidence.action), evidence.fields, true);
    else if (profile)
      response = await client.request((url = profile.action), { ...profile.fields, email: `${username}@example.test`, firstName: 'Bench', lastName: 'User' });
    else if (step) response = await client.request((url = step.action), { ...step.fields, company: 'Acme', jobTitle: 'CTO' });
    else throw new Error(`${kind} login: unexpected page ${url} (HTTP ${response.status}): ${html.slice(0, 300)}`);
  }
  throw new Error(`${kind} login: too many hops`);
}

/** Users of the kc kind: each worker its own, since the required action is set on the user before each login. */
async function profileUsers(admin: KcAdminClient, count: number): Promise<Array<{ id: string; username: string }>> {
  const users = [];
  for (let i = 1; i <= count; i++) {
    const username = `bench-profile-${i}`;
    for (const old of await admin.users.find({ username, exact: true })) await admin.users.del({ id: old.id! });
    const { id } = await admin.users.create({
      username,
      enabled: true,
      email: `${username}@example.test`,
      emailVerified: true,
      firstName: 'Bench',
      lastName: 'User',
      credentials: [{ type: 'password', value: 'bench-password', temporary: false }],
    });
    users.push({ id, username });
  }
  return users;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function report(label: string, results: Record<Kind, Timing[]>): void {
  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99) };
  };
  const totals = Object.fromEntries(kinds.map((kind) => [kind, stats(results[kind].map((t) => t.total))])) as Record<Kind, ReturnType<typeof stats>>;
  console.log(`\n${label} (${results.plain.length} logins of each kind)`);
  for (const kind of kinds) {
    const t = totals[kind];
    console.log(`  ${kind.padEnd(5)} p50 ${t.p50.toFixed(1)} ms  p95 ${t.p95.toFixed(1)} ms  p99 ${t.p99.toFixed(1)} ms`);
  }
  for (const kind of ['io', 'kc'] as const) {
    const [a, b] = [totals[kind], totals.plain];
    console.log(`  ${kind}/plain: p50 ${(a.p50 / b.p50).toFixed(2)}x  p95 ${(a.p95 / b.p95).toFixed(2)}x  p99 ${(a.p99 / b.p99).toFixed(2)}x`);
  }
  console.log(`  io screen - kc screen (p50): ${(totals.io.p50 - totals.kc.p50).toFixed(1)} ms`);
  const bridge = stats(results.io.map((t) => t.bridge));
  const evidence = stats(results.io.map((t) => t.evidence));
  console.log(
    `  io: waiting on the bridge p50 ${bridge.p50.toFixed(1)} ms (${((100 * bridge.p50) / totals.io.p50).toFixed(0)} % of the login), Keycloak's evidence POST p50 ${evidence.p50.toFixed(1)} ms`,
  );
}

describe('bench: whole logins through Keycloak over HTTP', function () {
  this.timeout(1_800_000);

  it('prints plain, IO-screen and Keycloak-screen logins, one at a time and 8 at a time', async () => {
    const { keycloak, callback } = getStack();
    const admin = await adminClient();
    const parties: Record<'plain' | 'io', RelyingParty> = {
      plain: await createRelyingParty({ issuer: keycloak.issuer, clientId: PLAIN_CLIENT, redirectUri: callback.redirectUri }),
      io: await createRelyingParty({ issuer: keycloak.issuer, clientId: 'demo-app', redirectUri: callback.redirectUri }),
    };
    const users = await profileUsers(admin, CONCURRENCY);
    const run = async (kind: Kind, worker: number): Promise<Timing> => {
      if (kind !== 'kc') return login(kind, parties[kind], TEST_USER.username, TEST_USER.password);
      const user = users[worker]!;
      await admin.users.update({ id: user.id }, { requiredActions: ['UPDATE_PROFILE'] });
      return login(kind, parties.plain, user.username, 'bench-password');
    };
    const measure = async (concurrency: number): Promise<Record<Kind, Timing[]>> => {
      const results: Record<Kind, Timing[]> = { plain: [], io: [], kc: [] };
      let round = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async (_, worker) => {
          while (round < ROUNDS) {
            const r = round++;
            // Interleaved, and each round in another order.
            for (let i = 0; i < kinds.length; i++) {
              const kind = kinds[(r + i) % kinds.length]!;
              results[kind].push(await run(kind, worker));
            }
          }
        }),
      );
      return results;
    };
    try {
      // Warm-up: Keycloak's caches, the bridge's issuer keys and theme, the JIT of both.
      for (let i = 0; i < 5; i++) for (const kind of kinds) await run(kind, 0);
      report('one login at a time', await measure(1));
      report(`${CONCURRENCY} logins at a time`, await measure(CONCURRENCY));
    } finally {
      for (const user of users) await admin.users.del({ id: user.id });
    }
  });
});
