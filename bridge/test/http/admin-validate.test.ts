/** POST /io/admin/validate: Keycloak asks, before it publishes a version, whether the bridge would run it. */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { JWTPayload } from 'jose';
import { startBridge, type RunningBridge } from '../../src/server.js';
import { silentLogger } from '../support/browser.js';
import { LocalIssuer } from '../support/local-issuer.js';
import { askPhone, signup } from '../support/published-definitions.js';

const audience = 'http://bridge.test';
const now = () => Math.floor(Date.now() / 1000);
const sha256 = (body: string) => createHash('sha256').update(body, 'utf8').digest('hex');

describe('POST /io/admin/validate (protocol 1.3)', () => {
  let realm: LocalIssuer;
  let stranger: LocalIssuer;
  let bridge: RunningBridge;

  before(async () => {
    [realm, stranger] = await Promise.all([LocalIssuer.start('alpha'), LocalIssuer.start('stranger')]);
    bridge = await startBridge({ trustedIssuers: [realm.issuer], port: 0, publicUrl: audience, allowHttp: true, logLevel: 'silent' }, { logger: silentLogger });
  });
  after(async () => {
    await bridge?.close();
    await Promise.all([realm?.close(), stranger?.close()]);
  });

  const body = (flow: Record<string, unknown>, library: Array<Record<string, unknown>> = []) => JSON.stringify({ flow, library });
  const goodBody = body({ ...signup, version: '4' }, [{ ...askPhone, version: '2' }]);

  /** An admin token of `issuer` over `signedBody`, as the provider signs it. */
  const adminToken = (signedBody: string, overrides: JWTPayload = {}, header: Record<string, unknown> = { typ: 'io-admin+jwt' }, issuer = realm) =>
    issuer.sign(
      {
        iss: issuer.issuer,
        aud: audience,
        iat: now(),
        exp: now() + 60,
        jti: crypto.randomUUID(),
        sub: 'admin-user-id',
        purpose: 'validate-flow',
        body_sha256: sha256(signedBody),
        ...overrides,
      },
      header,
    );

  const call = async (sentBody: string, token: string | undefined) => {
    const response = await fetch(`${bridge.url}/io/admin/validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: sentBody,
    });
    expect(response.headers.get('content-type')).to.match(/^application\/json/);
    const text = await response.text();
    expect(text).not.to.match(/<html|\bat .*\(.*:\d+:\d+\)|node_modules/);
    return { status: response.status, json: JSON.parse(text) as Record<string, unknown> };
  };

  it('answers valid for a candidate the bridge would run with its library', async () => {
    expect(await call(goodBody, await adminToken(goodBody))).to.deep.equal({
      status: 200,
      json: { valid: true, issues: [], warnings: [], nodes: { call: { ports: ['success', 'failure'] }, done: { ports: [] }, failed: { ports: [] } } },
    });
  });

  it("answers each node's ports as its type computes them from the config, also for an invalid candidate", async () => {
    const branching = {
      ...signup,
      version: '4',
      nodes: [
        ...signup.nodes,
        {
          id: 'pick',
          type: 'switch',
          config: {
            expression: 'flow.phone',
            cases: [
              { value: '1', port: 'one' },
              { value: '2', port: 'two' },
              { value: '3', port: 'one' },
            ],
          },
        },
        { id: 'broken', type: 'switch', config: { expression: 'flow.phone' } },
        { id: 'stray', type: 'no-such-node' },
      ],
    };
    const sent = body(branching, [{ ...askPhone, version: '2' }]);
    const { json } = await call(sent, await adminToken(sent));
    expect(json['valid']).to.equal(false);
    expect(json['nodes']).to.deep.equal({
      call: { ports: ['success', 'failure'] },
      done: { ports: [] },
      failed: { ports: [] },
      pick: { ports: ['one', 'two', 'default'] },
    });
  });

  it('answers invalid with every issue, naming the node and field', async () => {
    const broken = body({ ...signup, version: '4', nodes: [...signup.nodes, { id: 'stray', type: 'no-such-node' }] }, [{ ...askPhone, version: '2' }]);
    const { status, json } = await call(broken, await adminToken(broken));
    expect(status).to.equal(200);
    expect(json['valid']).to.equal(false);
    const issues = json['issues'] as Array<Record<string, unknown>>;
    expect(issues.map(({ path, node, field }) => ({ path, node, field }))).to.deep.equal([
      { path: 'flow', node: 'stray', field: 'type' },
      { path: 'flow', node: 'stray', field: 'id' },
    ]);
    expect(issues[0]!['message']).to.match(/^unknown node type "no-such-node"/);
  });

  it('checks calls against the library it is sent: a missing library flow is an issue', async () => {
    const alone = body({ ...signup, version: '4' });
    const { json } = await call(alone, await adminToken(alone));
    expect(json['valid']).to.equal(false);
    expect((json['issues'] as Array<{ path: string; node: string | null }>)[0]).to.deep.include({ path: 'flow', node: 'call' });
  });

  describe('refuses the call with 401 admin_token_invalid (nothing validated)', () => {
    const refused = { status: 401, json: { error: 'admin_token_invalid', message: 'the admin token was refused' } };

    it('without a Bearer token', async () => expect(await call(goodBody, undefined)).to.deep.equal(refused));
    it('with a handoff token (wrong typ)', async () => expect(await call(goodBody, await adminToken(goodBody, {}, {}))).to.deep.equal(refused));
    it('for another audience', async () =>
      expect(await call(goodBody, await adminToken(goodBody, { aud: 'http://other-bridge.test' }))).to.deep.equal(refused));
    it('for another purpose', async () => expect(await call(goodBody, await adminToken(goodBody, { purpose: 'install-template' }))).to.deep.equal(refused));
    it('expired', async () => expect(await call(goodBody, await adminToken(goodBody, { iat: now() - 200, exp: now() - 100 }))).to.deep.equal(refused));
    it('living longer than 300 seconds', async () => expect(await call(goodBody, await adminToken(goodBody, { exp: now() + 301 }))).to.deep.equal(refused));
    it('signed by a realm the bridge does not trust', async () => {
      expect(await call(goodBody, await adminToken(goodBody, {}, { typ: 'io-admin+jwt' }, stranger))).to.deep.equal(refused);
    });
    it('signed by an untrusted key claiming a trusted issuer', async () => {
      expect(await call(goodBody, await adminToken(goodBody, { iss: realm.issuer }, { typ: 'io-admin+jwt', kid: stranger.kid }, stranger))).to.deep.equal(
        refused,
      );
    });

    it('whose body_sha256 is not the body sent; the token is not spent by that', async () => {
      const token = await adminToken(goodBody);
      expect(await call(goodBody.replace('"4"', '"5"'), token)).to.deep.equal(refused);
      expect((await call(goodBody, token)).status).to.equal(200);
    });

    it('replayed (its jti is good once)', async () => {
      const token = await adminToken(goodBody);
      expect((await call(goodBody, token)).status).to.equal(200);
      expect(await call(goodBody, token)).to.deep.equal(refused);
    });
  });

  it('answers 400 admin_request_malformed for a body that is not {flow, library} (after the token check)', async () => {
    for (const malformed of ['not json', '[]', '{"library": []}', '{"flow": {}, "library": {}}']) {
      expect((await call(malformed, await adminToken(malformed))).json, malformed).to.deep.include({ error: 'admin_request_malformed' });
    }
    expect((await call('not json', undefined)).status, 'an unauthenticated caller learns nothing about the body').to.equal(401);
  });

  it('answers 413 as JSON for a body over 1 MB, and 405 as JSON for another method', async () => {
    const huge = body({ ...signup, description: 'x'.repeat(1024 * 1024) });
    expect(await call(huge, await adminToken(huge))).to.deep.include({ status: 413 });
    const get = await fetch(`${bridge.url}/io/admin/validate`);
    expect([get.status, await get.json()]).to.deep.equal([405, { error: 'method_not_allowed', message: 'use POST' }]);
  });
});
