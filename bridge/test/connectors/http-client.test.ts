import { expect } from 'chai';
import { Readable } from 'node:stream';
import nock from 'nock';
import { createHttpClient } from '../../src/connectors/http-client.js';
import { hostAllowed } from '../../src/nodes/integration/host-pattern.js';
import { codeOf } from '../support/error-code.js';

/** Third-party hosts resolve to a public address (nock answers for them). */
const publicResolver = async () => ['93.184.215.14'];

/** A body of `size` bytes streamed without content-length. */
const streamed = (size: number) =>
  Readable.from(Array.from({ length: Math.ceil(size / (64 * 1024)) }, (_, index) => Buffer.alloc(Math.min(64 * 1024, size - index * 64 * 1024), 'x')));

describe('HTTP client adapter', () => {
  before(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  after(() => nock.enableNetConnect());

  const request = (url: string, timeoutMs = 1000) => ({ method: 'GET', url, timeoutMs });

  it('matches hosts exactly, by subdomain wildcard, and by port when the entry has one', () => {
    const list = ['api.example.com', '*.partner.example', 'internal.example:8443'];
    const allowed = (url: string) => hostAllowed(new URL(url), list);
    expect(allowed('https://API.example.com/x')).to.equal(true);
    expect(allowed('https://api.example.com.evil.org/')).to.equal(false);
    expect(allowed('https://a.b.partner.example/')).to.equal(true);
    expect(allowed('https://partner.example/')).to.equal(false);
    expect(allowed('https://evilpartner.example/')).to.equal(false);
    expect(allowed('https://internal.example:8443/')).to.equal(true);
    expect(allowed('https://internal.example/')).to.equal(false);
  });

  it('refuses invalid allow-list entries at creation', () => {
    expect(() => createHttpClient({ allowedHosts: ['https://api.example.com/'] })).to.throw(/httpAllowedHosts/);
  });

  it('refuses hosts outside its allow-list and URLs that are not http(s)', async () => {
    const client = createHttpClient({ allowedHosts: ['api.example.com'], resolve: publicResolver });
    expect(await codeOf(client.request(request('https://other.example.com/')))).to.equal('http_host_not_allowed');
    expect(await codeOf(client.request(request('file:///etc/passwd')))).to.equal('http_invalid_url');
    expect(await codeOf(client.request(request('not a url')))).to.equal('http_invalid_url');
    expect(await codeOf(createHttpClient({ allowedHosts: [] }).request(request('https://api.example.com/')))).to.equal('http_host_not_allowed');
  });

  it('returns status, lower-cased headers and the body text', async () => {
    nock('https://api.example.com').put('/x', 'payload').reply(202, 'accepted', { 'X-Thing': 'a' });
    const response = await createHttpClient({ allowedHosts: ['api.example.com'], resolve: publicResolver }).request({
      method: 'PUT',
      url: 'https://api.example.com/x',
      body: 'payload',
      timeoutMs: 1000,
    });
    expect(response).to.deep.include({ status: 202, body: 'accepted' });
    expect(response.headers['x-thing']).to.equal('a');
  });

  it('hands redirects back as responses instead of following them', async () => {
    nock('https://api.example.com').get('/old').reply(301, '', { location: 'https://api.example.com/new' });
    const response = await createHttpClient({ allowedHosts: ['api.example.com'], resolve: publicResolver }).request(request('https://api.example.com/old'));
    expect(response.status).to.equal(301);
    expect(response.headers.location).to.equal('https://api.example.com/new');
  });

  it('fails with http_timeout, and with http_network_error when the connection fails', async () => {
    nock('https://api.example.com').get('/slow').delay(200).reply(200).get('/reset').replyWithError('socket hang up');
    const client = createHttpClient({ allowedHosts: ['api.example.com'], resolve: publicResolver });
    expect(await codeOf(client.request(request('https://api.example.com/slow', 30)))).to.equal('http_timeout');
    expect(await codeOf(client.request(request('https://api.example.com/reset')))).to.equal('http_network_error');
  });

  it('caps the response size, announced or streamed', async () => {
    nock('https://api.example.com').get('/big').reply(200, 'x'.repeat(2048), { 'content-length': '2048' });
    const capped = createHttpClient({ allowedHosts: ['api.example.com'], resolve: publicResolver, maxResponseBytes: 1024 });
    expect(await codeOf(capped.request(request('https://api.example.com/big')))).to.equal('http_bad_response');

    nock('https://api.example.com')
      .get('/stream')
      .reply(200, () => streamed(1024 * 1024 + 1))
      .get('/stream')
      .reply(200, () => streamed(1024 * 1024));
    const client = createHttpClient({ allowedHosts: ['api.example.com'], resolve: publicResolver });
    expect(await codeOf(client.request(request('https://api.example.com/stream')))).to.equal('http_bad_response');
    expect((await client.request(request('https://api.example.com/stream'))).body).to.have.length(1024 * 1024);
  });
});
