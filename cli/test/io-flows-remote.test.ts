/**
 * `io-flows pull`, `push` and `diff` without a real Keycloak: the command line and the environment,
 * the refusal of invalid files before anything is sent, and how Keycloak's refusals are printed.
 * A stand-in Keycloak on loopback records every request and answers as a test tells it to.
 */
import { expect } from 'chai';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/main.js';
import { describeDiff, diffFlows } from '../src/remote/flow-diff.js';

const repoFlows = join(import.meta.dirname, '..', '..', 'bridge', 'flows');

async function ioFlows(...args: string[]) {
  const lines: string[] = [];
  const code = await main(args, { out: (line) => lines.push(line), err: (line) => lines.push(line) });
  return { code, text: lines.join('\n') };
}

interface Recorded {
  method: string;
  url: string;
  body: string;
}

type Answer = (request: Recorded) => { status: number; body?: unknown } | undefined;

/** A stand-in Keycloak: the token endpoint signs anyone in unless `answer` says otherwise. */
async function standIn(answer: Answer = () => undefined) {
  const requests: Recorded[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const request = { method: req.method!, url: req.url!, body };
    requests.push(request);
    const given =
      answer(request) ??
      (request.url.endsWith('/protocol/openid-connect/token')
        ? { status: 200, body: { access_token: 'token', expires_in: 300, token_type: 'Bearer' } }
        : { status: 200, body: [] });
    res.writeHead(given.status, { 'content-type': 'application/json' });
    res.end(given.body === undefined ? '' : JSON.stringify(given.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const signIn = (url: string) => ['--url', url, '--realm', 'demo', '--username', 'admin', '--password', 'admin'];

describe('io-flows pull, push, diff (no Keycloak)', () => {
  let dir: string;
  let keycloak: Awaited<ReturnType<typeof standIn>>;
  const savedEnv = { ...process.env };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'io-flows-remote-'));
    cpSync(join(repoFlows, 'demo-profile.json'), join(dir, 'demo-profile.json'));
    cpSync(join(repoFlows, 'accept-terms.json'), join(dir, 'accept-terms.json'));
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await keycloak?.close();
    process.env = { ...savedEnv };
  });

  describe('the command line', () => {
    beforeEach(async () => {
      keycloak = await standIn();
      for (const name of Object.keys(process.env)) if (name.startsWith('IO_')) delete process.env[name];
    });

    for (const [args, message] of [
      [['pull'], 'the Keycloak URL is missing: --url or IO_KEYCLOAK_URL'],
      [['diff', '--url', 'keycloak.example.com'], '--url must be an http(s) URL'],
      [['pull', '--url', 'http://127.0.0.1:1'], 'the realm is missing: --realm or IO_REALM'],
      [['push', '--url', 'http://sso.example.com', '--realm', 'demo'], 'http://sso.example.com is plain http: the credentials would travel in clear'],
      [['pull', '--url', 'http://127.0.0.1:1', '--realm', 'demo'], 'credentials are missing'],
      [['pull', '--url', 'http://127.0.0.1:1', '--realm', 'demo', '--username', 'admin'], 'needs both --username and --password'],
      [['pull', '--url', 'http://127.0.0.1:1', '--realm', 'demo', '--client-id', 'ci'], 'credentials are missing'],
      [['pull', ...signIn('http://127.0.0.1:1'), '--format', 'xml'], '--format is json or yaml, not xml'],
      [['pull', ...signIn('http://127.0.0.1:1'), 'a', 'b'], 'pull takes one folder'],
      [['push', ...signIn('http://127.0.0.1:1'), '--publish'], '--publish needs --comment'],
      [['push', ...signIn('http://127.0.0.1:1'), '--activate'], '--comment and --activate go with --publish'],
      [['diff', ...signIn('http://127.0.0.1:1'), '--verbose'], "Unknown option '--verbose'"],
      [['push', ...signIn('http://127.0.0.1:1'), '/no/such/folder'], 'no such file or folder: /no/such/folder'],
    ] as Array<[string[], string]>) {
      it(`exits 2 for ${args.filter((arg) => arg !== 'admin').join(' ')}`, async () => {
        const { code, text } = await ioFlows(...args);
        expect(text).to.include(message);
        expect(code).to.equal(2);
      });
    }

    it('takes the URL, the realm and a service account from the environment', async () => {
      Object.assign(process.env, { IO_KEYCLOAK_URL: keycloak.url, IO_REALM: 'demo', IO_AUTH_REALM: 'ops', IO_CLIENT_ID: 'ci-bot', IO_CLIENT_SECRET: 's3cret' });
      const { code, text } = await ioFlows('pull', dir);
      expect(text).to.include('pulled 0 of 0 flows of realm demo');
      expect(code).to.equal(0);
      const [token, list] = keycloak.requests;
      expect(token!.url).to.equal('/realms/ops/protocol/openid-connect/token');
      expect(new URLSearchParams(token!.body).get('grant_type')).to.equal('client_credentials');
      expect(list).to.include({ method: 'GET', url: '/admin/realms/demo/io/flows' });
    });

    it('plain http to another machine only with IO_ALLOW_HTTP=1 (a development network)', async () => {
      process.env.IO_ALLOW_HTTP = '1';
      const { code, text } = await ioFlows('pull', '--url', 'http://io-keycloak.invalid', '--realm', 'demo', '--username', 'admin', '--password', 'admin', dir);
      expect(text).to.include('cannot reach Keycloak at http://io-keycloak.invalid');
      expect(code).to.equal(1);
    });

    it('prefers an option to its environment variable', async () => {
      Object.assign(process.env, { IO_KEYCLOAK_URL: 'http://127.0.0.1:1', IO_REALM: 'other', IO_USERNAME: 'env-user', IO_PASSWORD: 'env-password' });
      const { code } = await ioFlows('pull', '--url', keycloak.url, '--realm', 'demo', '--username', 'cli-user', dir);
      expect(code).to.equal(0);
      const form = new URLSearchParams(keycloak.requests[0]!.body);
      expect([form.get('grant_type'), form.get('client_id'), form.get('username'), form.get('password')]).to.deep.equal([
        'password',
        'admin-cli',
        'cli-user',
        'env-password',
      ]);
      expect(keycloak.requests[1]!.url).to.equal('/admin/realms/demo/io/flows');
    });
  });

  describe('push refuses invalid files before sending anything', () => {
    beforeEach(async () => {
      keycloak = await standIn();
    });

    it('an invalid flow among valid ones: every problem with file, node and field, and no request at all', async () => {
      const flow = JSON.parse(readFileSync(join(dir, 'demo-profile.json'), 'utf8'));
      flow.links[0].to = 'nowhere';
      writeFileSync(join(dir, 'demo-profile.yaml'), JSON.stringify(flow));
      rmSync(join(dir, 'demo-profile.json'));
      const { code, text } = await ioFlows('push', ...signIn(keycloak.url), '--publish', '--comment', 'x', dir);
      expect(text).to.match(/demo-profile\.yaml.*links\/0\/to.*nowhere/);
      expect(text).to.include('nothing was sent');
      expect(code).to.equal(1);
      expect(keycloak.requests).to.deep.equal([]);
    });

    it('a file that does not parse, and a flow defined twice', async () => {
      writeFileSync(join(dir, 'broken.yaml'), 'id: [unclosed\n');
      cpSync(join(dir, 'accept-terms.json'), join(dir, 'accept-terms-copy.json'));
      const { code, text } = await ioFlows('push', ...signIn(keycloak.url), dir);
      expect(text).to.match(/broken\.yaml: not valid YAML \(line \d+\)/);
      expect(text).to.include('flow accept-terms is also in');
      expect(code).to.equal(1);
      expect(keycloak.requests).to.deep.equal([]);
    });

    it('a call to a library flow that is not among the files', async () => {
      rmSync(join(dir, 'accept-terms.json'));
      const flow = JSON.parse(readFileSync(join(dir, 'demo-profile.json'), 'utf8'));
      flow.nodes.push({ id: 'terms', type: 'call-flow', config: { flow: 'accept-terms' }, inputs: { version: "'1'" } });
      flow.links = [
        { from: 'profile', output: 'submitted', to: 'terms' },
        { from: 'terms', output: 'success', to: 'done' },
        { from: 'terms', output: 'failure', to: 'done' },
      ];
      writeFileSync(join(dir, 'demo-profile.json'), JSON.stringify(flow));
      const { code, text } = await ioFlows('push', ...signIn(keycloak.url), dir);
      expect(text).to.include('node "terms" config/flow: no flow "accept-terms" in the catalog');
      expect(text).to.include('nothing was sent');
      expect(code).to.equal(1);
      expect(keycloak.requests).to.deep.equal([]);
    });
  });

  describe("Keycloak's refusals, as one clear line", () => {
    const noStack = (text: string) => expect(text).not.to.match(/\n\s+at /);

    it('connection refused', async () => {
      const closed = await standIn();
      await closed.close();
      const push = await ioFlows('push', ...signIn(closed.url), dir);
      expect(push.text).to.include(`cannot reach Keycloak at ${closed.url}: connection refused`);
      expect(push.code).to.equal(1);
      const diff = await ioFlows('diff', ...signIn(closed.url), dir);
      expect(diff.code).to.equal(2);
      noStack(push.text + diff.text);
    });

    it('a refused sign-in (401)', async () => {
      keycloak = await standIn((r) =>
        r.url.endsWith('/token') ? { status: 401, body: { error: 'invalid_grant', error_description: 'Invalid user credentials' } } : undefined,
      );
      const { code, text } = await ioFlows('pull', ...signIn(keycloak.url), dir);
      expect(text).to.include('sign-in refused (401) for user admin in realm master: Invalid user credentials');
      expect(code).to.equal(1);
      noStack(text);
    });

    it('an unknown sign-in realm (404)', async () => {
      keycloak = await standIn((r) => (r.url.endsWith('/token') ? { status: 404, body: { error: 'Realm does not exist' } } : undefined));
      const { text } = await ioFlows('diff', ...signIn(keycloak.url), '--auth-realm', 'nope', dir);
      expect(text).to.include(`no realm nope to sign in to at ${keycloak.url} (404)`);
    });

    it('an account without view-realm (403), and a realm Keycloak does not have (404)', async () => {
      keycloak = await standIn((r) =>
        r.url === '/admin/realms/demo/io/flows'
          ? { status: 403, body: { error: 'HTTP 403 Forbidden' } }
          : r.url.startsWith('/admin/realms/nope/')
            ? { status: 404, body: { error: 'Realm not found.' } }
            : undefined,
      );
      const forbidden = await ioFlows('diff', ...signIn(keycloak.url), dir);
      expect(forbidden.text).to.include('not allowed (403): the signed-in account may not view (needs view-realm) realm demo');
      expect(forbidden.code).to.equal(2);
      const missing = await ioFlows('pull', ...signIn(keycloak.url).map((arg) => (arg === 'demo' ? 'nope' : arg)), dir);
      expect(missing.text).to.include(`not found (404): realm nope at ${keycloak.url}`);
      noStack(forbidden.text + missing.text);
    });

    it("the API's 400 with each field and node", async () => {
      keycloak = await standIn((r) => {
        if (r.method === 'GET' && r.url.startsWith('/admin/realms/demo/io/flows/')) return { status: 404, body: { error: 'not_found', message: 'no flow' } };
        if (r.method === 'POST' && r.url === '/admin/realms/demo/io/flows')
          return {
            status: 400,
            body: {
              error: 'invalid_input',
              errors: [
                { field: 'links/1/to', node: 'profile', message: 'no node "x"' },
                { field: 'category', message: 'required' },
              ],
            },
          };
        return undefined;
      });
      const { code, text } = await ioFlows('push', ...signIn(keycloak.url), join(dir, 'accept-terms.json'));
      expect(text).to.include('Keycloak refused POST /flows (400)');
      expect(text).to.include('links/1/to (node profile): no node "x"');
      expect(text).to.include('category: required');
      expect(code).to.equal(1);
    });
  });
});

describe('io-flows pull writes only where it should', () => {
  let dir: string;
  let keycloak: Awaited<ReturnType<typeof standIn>>;
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await keycloak.close();
  });

  it('refuses a flow id or a locale from the server that would be a path elsewhere, and writes nothing for it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'io-flows-pull-'));
    const target = join(dir, 'flows');
    keycloak = await standIn((r) => {
      if (r.url === '/admin/realms/demo/io/flows') return { status: 200, body: [{ id: '../escaped' }] };
      if (r.url.startsWith('/admin/realms/demo/io/flows/')) return { status: 200, body: r.url.includes('/messages') ? {} : { draft: { id: '../escaped' } } };
      return undefined;
    });
    const { code, text } = await ioFlows('pull', ...signIn(keycloak.url), target);
    expect(text).to.include('Keycloak sent a flow id that is no file name, "../escaped": nothing written for it');
    expect(code).to.equal(1);
    expect(existsSync(join(dir, 'escaped.json'))).to.equal(false);
    expect(existsSync(target)).to.equal(false);
  });
});

describe('the flow diff summary', () => {
  const flow = JSON.parse(readFileSync(join(repoFlows, 'demo-profile.json'), 'utf8'));

  it('nothing for the same flow with its keys in another order', () => {
    const reordered = Object.fromEntries(Object.entries(flow).reverse());
    expect(describeDiff(diffFlows({ definition: flow, messages: {} }, { definition: reordered, messages: {} }))).to.deep.equal([]);
  });

  it('nodes, links, fields and messages', () => {
    const changed = structuredClone(flow);
    changed.name = 'Renamed';
    changed.nodes[0].config.title = 'Other title';
    changed.nodes.push({ id: 'thanks', type: 'end', config: { outcome: 'success' } });
    changed.links[0].to = 'thanks';
    expect(
      describeDiff(diffFlows({ definition: flow, messages: { en: { a: 'b' } } }, { definition: changed, messages: { en: { a: 'c' }, de: { a: 'd' } } })),
    ).to.deep.equal([
      'nodes added: thanks',
      'nodes changed: profile (config)',
      'links added: profile.submitted->thanks',
      'links removed: profile.submitted->done',
      'fields changed: name',
      'messages added: de',
      'messages changed: en',
    ]);
  });

  it('the same nodes in another order, and an ignored field', () => {
    const changed = structuredClone(flow);
    changed.nodes.reverse();
    changed.version = '9';
    expect(describeDiff(diffFlows({ definition: flow, messages: {} }, { definition: changed, messages: {} }, ['version']))).to.deep.equal([
      'nodes or links in another order',
    ]);
  });
});
