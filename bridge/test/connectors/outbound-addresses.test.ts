/**
 * SSRF (issue 8, point 6): the HTTP client checks every address a host resolves to and connects
 * to exactly the one it checked. Real local servers stand in for internal services; an injected
 * resolver plays DNS (including a rebinding one).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createHttpClient, type Resolver } from '../../src/connectors/http-client.js';
import { createAddressPolicy } from '../../src/connectors/address-policy.js';
import { codeOf } from '../support/error-code.js';

interface LocalServer {
  port: number;
  seen: Array<{ host?: string; url?: string }>;
  close(): Promise<void>;
}

async function localServer(
  host: string,
  port = 0,
  answer: (request: IncomingMessage) => { status: number; headers?: Record<string, string> } = () => ({ status: 200 }),
): Promise<LocalServer> {
  const seen: LocalServer['seen'] = [];
  const server: Server = createServer((request, response) => {
    seen.push({ host: request.headers.host, url: request.url });
    const { status, headers } = answer(request);
    response.writeHead(status, headers).end(`answered by ${host}`);
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return { port: (server.address() as AddressInfo).port, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const get = (url: string) => ({ method: 'GET', url, timeoutMs: 2000 });

describe('outbound HTTP: address checks (SSRF)', () => {
  let loopback: LocalServer;
  beforeEach(async () => (loopback = await localServer('127.0.0.1')));
  afterEach(() => loopback.close());

  it('refuses loopback by default, and reaches it once the operator allows the range', async () => {
    const url = `http://127.0.0.1:${loopback.port}/crm`;
    const refused = createHttpClient({ allowedHosts: [`127.0.0.1:${loopback.port}`] });
    expect(await codeOf(refused.request(get(url)))).to.equal('http_address_not_allowed');
    expect(loopback.seen).to.deep.equal([]);

    const allowed = createHttpClient({ allowedHosts: [`127.0.0.1:${loopback.port}`], allowedNetworks: ['127.0.0.1/32'] });
    expect(await allowed.request(get(url))).to.deep.include({ status: 200, body: 'answered by 127.0.0.1' });
    expect(loopback.seen).to.have.length(1);
  });

  it('a wildcard host entry does not reach an internal address its names resolve to', async () => {
    const resolve: Resolver = async () => ['127.0.0.1'];
    const client = createHttpClient({ allowedHosts: ['*.partner.example'], resolve });
    expect(await codeOf(client.request(get(`http://internal.partner.example:${loopback.port}/`)))).to.equal('http_address_not_allowed');
    expect(loopback.seen).to.deep.equal([]);
  });

  it('refuses a host when any of its addresses is refused, IPv4-mapped IPv6 forms included', async () => {
    for (const answer of [['93.184.215.14', '127.0.0.1'], ['::ffff:127.0.0.1'], ['::ffff:7f00:1'], ['::1']]) {
      const client = createHttpClient({ allowedHosts: [`api.partner.example:${loopback.port}`], resolve: async () => answer });
      expect(await codeOf(client.request(get(`http://api.partner.example:${loopback.port}/`))), answer.join(',')).to.equal('http_address_not_allowed');
    }
    expect(loopback.seen).to.deep.equal([]);
  });

  it('connects to the address it checked: a rebinding resolver never gets a second say', async function () {
    // 127.0.0.2 plays a public address (the operator allows it); 127.0.0.1 is the internal target.
    const outside = await localServer('127.0.0.2', loopback.port).catch(() => undefined);
    if (!outside) this.skip(); // the loopback interface does not answer on 127.0.0.2 here
    try {
      const answers = [['127.0.0.2'], ['127.0.0.1']];
      const asked: string[] = [];
      const resolve: Resolver = async (hostname) => {
        asked.push(hostname);
        return answers.shift() ?? ['127.0.0.1'];
      };
      const client = createHttpClient({ allowedHosts: [`rebind.example:${loopback.port}`], allowedNetworks: ['127.0.0.2/32'], resolve });
      const response = await client.request(get(`http://rebind.example:${loopback.port}/x`));
      expect(response).to.deep.include({ status: 200, body: 'answered by 127.0.0.2' });
      expect(outside!.seen).to.deep.equal([{ host: `rebind.example:${loopback.port}`, url: '/x' }]);
      expect(loopback.seen).to.deep.equal([]);
      expect(asked).to.deep.equal(['rebind.example']);
    } finally {
      await outside!.close();
    }
  });

  it('refuses the cloud metadata address, literal or resolved', async () => {
    const literal = createHttpClient({ allowedHosts: ['169.254.169.254'] });
    expect(await codeOf(literal.request(get('http://169.254.169.254/latest/meta-data/')))).to.equal('http_address_not_allowed');
    const resolved = createHttpClient({ allowedHosts: ['metadata.partner.example'], resolve: async () => ['169.254.169.254'] });
    expect(await codeOf(resolved.request(get('http://metadata.partner.example/computeMetadata/v1/')))).to.equal('http_address_not_allowed');
    const mapped = createHttpClient({ allowedHosts: ['metadata.partner.example'], resolve: async () => ['::ffff:a9fe:a9fe'] });
    expect(await codeOf(mapped.request(get('http://metadata.partner.example/')))).to.equal('http_address_not_allowed');
  });

  it('returns a redirect as it is, without following it', async () => {
    const target = await localServer('127.0.0.1');
    const redirecting = await localServer('127.0.0.1', 0, () => ({ status: 302, headers: { location: `http://127.0.0.1:${target.port}/internal` } }));
    try {
      const client = createHttpClient({ allowedHosts: [`127.0.0.1:${redirecting.port}`, `127.0.0.1:${target.port}`], allowedNetworks: ['127.0.0.1/32'] });
      const response = await client.request(get(`http://127.0.0.1:${redirecting.port}/start`));
      expect(response.status).to.equal(302);
      expect(response.headers['location']).to.equal(`http://127.0.0.1:${target.port}/internal`);
      expect(target.seen).to.deep.equal([]);
    } finally {
      await Promise.all([target.close(), redirecting.close()]);
    }
  });
});

describe('outbound HTTP: the address policy', () => {
  const policy = createAddressPolicy([]);

  it('refuses loopback, private, link-local, CGNAT, multicast, unspecified and their IPv4-mapped forms', () => {
    const refused = [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '224.0.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '::',
      '::1',
      'fd00::1',
      'fc00::1',
      'fe80::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::ffff:a9fe:a9fe',
      '::ffff:100.64.0.1',
    ];
    expect(refused.filter((address) => policy.allows(address))).to.deep.equal([]);
    expect(['93.184.215.14', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'].every((address) => policy.allows(address))).to.equal(true);
    expect(policy.allows('not-an-address')).to.equal(false);
  });

  it('lets an explicit range through, and nothing next to it', () => {
    const allowing = createAddressPolicy(['10.20.0.0/16', 'fd12::/64']);
    expect([allowing.allows('10.20.3.4'), allowing.allows('10.21.0.1'), allowing.allows('fd12::5'), allowing.allows('fd13::5')]).to.deep.equal([
      true,
      false,
      true,
      false,
    ]);
  });

  it('refuses entries that are not CIDR ranges', () => {
    expect(() => createAddressPolicy(['10.0.0.0/33'])).to.throw(/httpAllowedNetworks/);
    expect(() => createAddressPolicy(['*.example.com'])).to.throw(/httpAllowedNetworks/);
  });
});
