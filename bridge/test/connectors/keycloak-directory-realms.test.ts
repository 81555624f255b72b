/**
 * Realm isolation in the user directory (issue 8, points 2 and 5): each trusted issuer has its own
 * admin client, and a call made for one issuer never reaches another realm or uses its token.
 * Two stand-in Keycloaks (real HTTP servers) serve the admin API's few endpoints involved.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createServiceAccount } from '../../src/connectors/keycloak-service-account.js';
import { createKeycloakUserDirectory } from '../../src/connectors/keycloak-user-directory.js';

interface Seen {
  method: string;
  path: string;
  token?: string;
  body?: string;
}

/** A Keycloak that issues `token:<port>:<realm>` to the io-bridge client and answers user and profile reads. */
async function fakeKeycloak(): Promise<{ base: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  let port = 0;
  const server: Server = createServer(async (request, response) => {
    const path = request.url!.split('?')[0]!;
    let body = '';
    for await (const chunk of request) body += chunk;
    seen.push({ method: request.method!, path, token: request.headers.authorization?.replace(/^Bearer /, ''), ...(body ? { body } : {}) });
    const json = (answer: unknown, status = 200) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    const token = /^\/realms\/([^/]+)\/protocol\/openid-connect\/token$/.exec(path);
    if (token) return json({ access_token: `token:${port}:${token[1]}`, expires_in: 300, token_type: 'Bearer' });
    const check = /^\/admin\/realms\/([^/]+)\/io\/runtime\/users\/([^/]+)\/profile-check$/.exec(path);
    if (check?.[2] === 'gone') return json({ error: 'not_found' }, 404);
    if (check) return json({ errors: [{ attribute: 'company', message: `refused in ${check[1]}` }] });
    const user = /^\/admin\/realms\/([^/]+)\/users\/([^/]+)$/.exec(path);
    if (user && user[2] === 'profile')
      return json({ attributes: [{ name: 'email', permissions: { edit: ['admin', 'user'] } }, { name: `only-in-${user[1]}-at-${port}` }] });
    if (user) return json({ id: user[2], username: `${user[1]}-at-${port}`, enabled: true });
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return { base: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('Keycloak user directory: one admin client per trusted issuer', () => {
  let a: Awaited<ReturnType<typeof fakeKeycloak>>;
  let b: Awaited<ReturnType<typeof fakeKeycloak>>;
  beforeEach(async () => ([a, b] = await Promise.all([fakeKeycloak(), fakeKeycloak()])));
  afterEach(() => Promise.all([a.close(), b.close()]));

  it("acts in the realm of the issuer it is given, with that realm's own token, never another's", async () => {
    const [issuerA, issuerB] = [`${a.base}/realms/demo`, `${b.base}/realms/demo`];
    const directory = createKeycloakUserDirectory({
      account: createServiceAccount({ clientId: 'io-bridge', clientSecret: 's', issuers: [issuerA, issuerB, `${a.base}/realms/other`] }),
    });
    const portOf = (base: string) => base.slice(base.lastIndexOf(':') + 1);

    expect((await directory.getUser(issuerA, 'u1'))?.username).to.equal(`demo-at-${portOf(a.base)}`);
    expect((await directory.getUser(issuerB, 'u1'))?.username).to.equal(`demo-at-${portOf(b.base)}`);
    expect((await directory.getUser(`${a.base}/realms/other`, 'u1'))?.username).to.equal(`other-at-${portOf(a.base)}`);

    const adminCalls = (server: typeof a) => server.seen.filter((call) => call.path.startsWith('/admin/'));
    expect(adminCalls(a)).to.deep.equal([
      { method: 'GET', path: '/admin/realms/demo/users/u1', token: `token:${portOf(a.base)}:demo` },
      { method: 'GET', path: '/admin/realms/other/users/u1', token: `token:${portOf(a.base)}:other` },
    ]);
    expect(adminCalls(b)).to.deep.equal([{ method: 'GET', path: '/admin/realms/demo/users/u1', token: `token:${portOf(b.base)}:demo` }]);
  });

  it('refuses an issuer it does not trust without calling any Keycloak', async () => {
    const directory = createKeycloakUserDirectory({
      account: createServiceAccount({ clientId: 'io-bridge', clientSecret: 's', issuers: [`${a.base}/realms/demo`] }),
    });
    let error: unknown;
    await directory.getUser(`${b.base}/realms/demo`, 'u1').catch((caught) => (error = caught));
    expect(error).to.have.property('code', 'directory_unknown_realm');
    await directory.userProfile(`${a.base}/realms/elsewhere`).catch((caught) => (error = caught));
    expect(error).to.have.property('code', 'directory_unknown_realm');
    expect([...a.seen, ...b.seen]).to.deep.equal([]);
  });

  it("caches each realm's user-profile rules for a short time, separately per issuer", async () => {
    let now = 0;
    const [issuerA, issuerB] = [`${a.base}/realms/demo`, `${b.base}/realms/demo`];
    const directory = createKeycloakUserDirectory({
      account: createServiceAccount({ clientId: 'io-bridge', clientSecret: 's', issuers: [issuerA, issuerB] }),
      profileTtlMs: 1000,
      now: () => now,
    });
    const profileReads = (server: typeof a) => server.seen.filter((call) => call.path.endsWith('/users/profile')).length;

    const rulesA = await directory.userProfile(issuerA);
    const rulesB = await directory.userProfile(issuerB);
    expect(rulesA.managed).to.deep.equal(['email', `only-in-demo-at-${a.base.slice(a.base.lastIndexOf(':') + 1)}`]);
    expect(rulesB.managed[1]).to.not.equal(rulesA.managed[1]);
    expect(rulesA.userEditable).to.deep.equal(['email']);
    await directory.userProfile(issuerA);
    expect([profileReads(a), profileReads(b)]).to.deep.equal([1, 1]);
    now = 1001;
    await directory.userProfile(issuerA);
    expect([profileReads(a), profileReads(b)]).to.deep.equal([2, 1]);
  });

  it("checks values with the realm's IO runtime endpoint, in that realm, with its token and the locale", async () => {
    const issuer = `${a.base}/realms/demo`;
    const directory = createKeycloakUserDirectory({ account: createServiceAccount({ clientId: 'io-bridge', clientSecret: 's', issuers: [issuer] }) });

    expect(await directory.checkProfile(issuer, 'u1', { company: ['X'] }, 'de')).to.deep.equal([{ attribute: 'company', message: 'refused in demo' }]);
    const call = a.seen.find((seen) => seen.path.endsWith('/profile-check'));
    expect(call).to.deep.equal({
      method: 'POST',
      path: '/admin/realms/demo/io/runtime/users/u1/profile-check',
      token: `token:${a.base.slice(a.base.lastIndexOf(':') + 1)}:demo`,
      body: JSON.stringify({ attributes: { company: ['X'] }, locale: 'de' }),
    });
    let error: unknown;
    await directory.checkProfile(issuer, 'gone', { company: ['X'] }).catch((caught) => (error = caught));
    expect(error).to.have.property('code', 'directory_not_found');
  });
});
