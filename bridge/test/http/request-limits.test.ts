import { expect } from 'chai';
import type { Request } from 'express';
import type { LogFields, Logger } from '../../src/audit/logger.js';
import type { BridgeConfigInput } from '../../src/config/bridge-config.js';
import { clientKey } from '../../src/http/request-limits.js';
import { startBridge, type RunningBridge } from '../../src/server.js';
import { silentLogger } from '../support/browser.js';
import { sample } from '../support/metrics.js';
import { deleteKeys, redisReachable, testKeyPrefix, testRedisUrl } from '../support/redis.js';

const publicUrl = 'http://bridge.test';
const issuer = 'http://127.0.0.1:9/realms/test';

/** A logger that keeps the warnings. */
function warnings(): Logger & { lines: Array<LogFields & { event: string }> } {
  const lines: Array<LogFields & { event: string }> = [];
  return { ...silentLogger, lines, warn: (event, fields = {}) => void lines.push({ event, ...fields }) };
}

/** A handoff POST (its token is garbage: refused with 400 unless the limit answers first), from `forwardedFor` as a proxy says. */
function handoff(bridge: RunningBridge, forwardedFor?: string): Promise<Response> {
  return fetch(`${bridge.url}/io/handoff`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: 'token=not-a-jwt',
  });
}

describe('request rate limits per client address', () => {
  // Windows are aligned on the clock: an hour long, so none ends in the middle of a test.
  const limits: Partial<BridgeConfigInput> = { rateLimitHandoff: 2, rateLimitFormPosts: 1, rateLimitWindowSeconds: 3600 };
  const prefix = testKeyPrefix();
  const started: RunningBridge[] = [];
  const start = async (settings: Partial<BridgeConfigInput>, logger: Logger = silentLogger) => {
    const bridge = await startBridge(
      { trustedIssuers: [issuer], port: 0, publicUrl, allowHttp: true, redisUrl: testRedisUrl, ...limits, ...settings },
      { logger },
    );
    started.push(bridge);
    return bridge;
  };

  before(async function () {
    if (!(await redisReachable())) {
      console.warn(`    Redis not reachable at ${testRedisUrl}: skipping the request rate limit tests`);
      this.skip();
    }
  });
  after(async () => {
    await Promise.all(started.map((bridge) => bridge.close()));
    await deleteKeys(prefix);
  });

  it('behind a trusted proxy, counts each user by X-Forwarded-For, across instances sharing Redis, and answers 429 with Retry-After', async () => {
    const log = warnings();
    const shared = { redisKeyPrefix: `${prefix}proxy:`, trustedProxies: ['127.0.0.1'] };
    const [a, b] = [await start(shared, log), await start(shared)];

    expect((await handoff(a, '203.0.113.1')).status).to.equal(400);
    expect((await handoff(b, '203.0.113.1')).status, 'the other instance counts the same user').to.equal(400);
    const refused = await handoff(a, '203.0.113.1');
    expect(refused.status).to.equal(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).to.be.within(1, 3600);
    expect(refused.headers.get('cache-control')).to.equal('no-store');
    const page = await refused.text();
    expect(page).to.contain('<code>rate_limited</code>').and.contain('Too many requests. Please wait a moment and try again.');

    // The second user behind the same proxy has a count of their own.
    expect((await handoff(a, '203.0.113.2')).status).to.equal(400);
    expect((await handoff(b, '203.0.113.2')).status).to.equal(400);
    // The proxy appends the address it saw: the rightmost untrusted one is the user's, whatever they sent.
    expect((await handoff(a, '198.51.100.9, 203.0.113.2')).status, 'a forged X-Forwarded-For does not escape the count').to.equal(429);

    expect(log.lines.find((line) => line.event === 'request_refused' && line.code === 'rate_limited')).to.include({
      code: 'rate_limited',
      status: 429,
      path: '/io/handoff',
      client_ip: '203.0.113.1',
    });
    const metrics = await a.metrics.registry.metrics();
    expect(sample(metrics, 'io_requests_refused_total', { route: 'handoff', code: 'rate_limited', status: '429' })).to.equal(2);
  });

  it("trusts no proxy by default: X-Forwarded-For is ignored and every request counts for the connection's address", async () => {
    const log = warnings();
    const bridge = await start({ redisKeyPrefix: `${prefix}direct:` }, log);
    expect((await handoff(bridge, '203.0.113.1')).status).to.equal(400);
    expect((await handoff(bridge, '203.0.113.2')).status).to.equal(400);
    expect((await handoff(bridge, '203.0.113.3')).status).to.equal(429);
    expect(log.lines.find((line) => line.event === 'request_refused' && line.code === 'rate_limited')).to.include({
      code: 'rate_limited',
      client_ip: '127.0.0.1',
    });
  });

  it('limits form posts on their own, and turns a limit off at 0', async () => {
    const bridge = await start({ redisKeyPrefix: `${prefix}forms:`, rateLimitHandoff: 0 });
    const post = () => fetch(`${bridge.url}/io/j/no-such-handle/step`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ _csrf: 'x' }) });
    expect((await post()).status, 'the first form post reaches the journey (which does not exist)').to.not.equal(429);
    const refused = await post();
    expect(refused.status).to.equal(429);
    expect(refused.headers.get('retry-after')).to.match(/^\d+$/);
    for (let i = 0; i < 4; i += 1) expect((await handoff(bridge)).status, 'no handoff limit').to.equal(400);
    const metrics = await bridge.metrics.registry.metrics();
    expect(sample(metrics, 'io_requests_refused_total', { route: 'step', code: 'rate_limited', status: '429' })).to.equal(1);
  });

  it('counts an IPv6 client by its /64, an IPv4 client by its address', () => {
    const key = (ip: string) => clientKey({ ip, socket: {} } as Request);
    expect(key('2001:db8:1:2:aaaa::1')).to.equal('2001:db8:1:2::/64');
    expect(key('2001:db8:1:2:ffff:ffff:ffff:ffff')).to.equal('2001:db8:1:2::/64');
    expect(key('2001:db8::1')).to.equal('2001:db8:0:0::/64');
    expect(key('::1')).to.equal('0:0:0:0::/64');
    expect(key('::ffff:203.0.113.7')).to.equal('::ffff:203.0.113.7');
    expect(key('203.0.113.7')).to.equal('203.0.113.7');
  });
});
