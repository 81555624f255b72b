/**
 * Single use survives a Redis loss: the generation marker of a single-use marker's bucket
 * (RedisKeys.generation, written once) is re-created when the data is lost, and a handoff must
 * post-date it.
 */
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { startBridge, type RunningBridge } from '../../src/server.js';
import { RedisKeys } from '../../src/store/redis-keys.js';
import { Browser, silentLogger } from '../support/browser.js';
import { LocalIssuer } from '../support/local-issuer.js';
import { deleteKeys, redisReachable, testKeyPrefix, testRedisUrl } from '../support/redis.js';

const audience = 'http://bridge.test';

describe('single use after a Redis loss (real Redis)', () => {
  let issuer: LocalIssuer;
  let bridge: RunningBridge;
  let redis: Redis;
  const prefix = testKeyPrefix();

  before(async function () {
    if (!(await redisReachable())) {
      console.warn(`    Redis not reachable at ${testRedisUrl}: skipping`);
      this.skip();
    }
    issuer = await LocalIssuer.start();
    redis = new Redis(testRedisUrl);
    bridge = await startBridge(
      { trustedIssuers: [issuer.issuer], port: 0, publicUrl: audience, allowHttp: true, redisUrl: testRedisUrl, redisKeyPrefix: prefix, logLevel: 'silent' },
      { logger: silentLogger },
    );
  });
  after(async () => {
    await bridge?.close();
    await issuer?.close();
    await deleteKeys(prefix);
    await redis?.quit();
  });

  const post = (token: string) => fetch(`${bridge.url}/io/handoff`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ token }) });

  const keys = new RedisKeys(prefix);

  it('keeps the generation marker of every bucket, without expiry, from the start', async () => {
    expect(keys.generations()).to.have.length(16);
    for (const marker of keys.generations()) {
      expect(Number(await redis.get(marker))).to.be.within(Math.floor(Date.now() / 1000) - 60, Math.floor(Date.now() / 1000));
      expect(await redis.ttl(marker)).to.equal(-1);
    }
  });

  it('refuses a handoff used before the data was lost, and accepts a fresh one afterwards', async () => {
    const now = Math.floor(Date.now() / 1000);
    // Used: its single-use marker is in Redis...
    const claims = issuer.claims(audience, { iat: now });
    const used = await issuer.sign(claims);
    const generation = keys.generation(`handoff:${issuer.issuer}|${claims['jti'] as string}`);
    expect((await post(used)).status).to.equal(303);
    expect((await post(used)).status, 'replay refused while Redis has its data').to.equal(409);
    // (the marker has a precision of one second: the loss happens in a later second than the issue)
    await new Promise((resolve) => setTimeout(resolve, (now + 1) * 1000 - Date.now() + 10));

    // ...until Redis loses every key of the prefix (a restart without persistence, a flush, a failover to an empty replica).
    const all = await redis.keys(`${prefix}*`);
    expect(all).to.include(generation);
    await redis.del(...all);
    const sessionsBefore = await bridge.store.count();

    const replay = await post(used);
    const html = await replay.text();
    expect(replay.status).to.equal(409);
    expect(html).to.contain('<code>handoff_replayed</code>');
    expect(replay.headers.get('set-cookie')).to.equal(null);
    expect(await bridge.store.count()).to.equal(sessionsBefore);
    expect(Number(await redis.get(generation)), 'the marker was written again, later').to.be.greaterThan(now);

    const fresh = await new Browser(bridge.url).handoff(await issuer.sign(issuer.claims(audience, { iat: Math.floor(Date.now() / 1000) })));
    expect(fresh).to.match(/^\/io\/j\//);
  });
});
