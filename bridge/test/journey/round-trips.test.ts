import { expect } from 'chai';
import { startBridge, type RunningBridge } from '../../src/server.js';
import { silentLogger } from '../support/browser.js';
import { LocalIssuer } from '../support/local-issuer.js';
import { measureLoginTrips, type LoginTrips } from '../support/login-round-trips.js';
import { deleteKeys, redisReachable, testKeyPrefix, testRedisUrl } from '../support/redis.js';
import { describeTrips, RedisRoundTrips } from '../support/redis-round-trips.js';

/**
 * What a login costs Redis (docs/performance.md): the round trips of each request of the demo
 * journey and the size of its paused record. Counts are deterministic, so a change that adds a
 * round trip to the hot path fails here and has to say why in this file.
 */
describe('Redis round trips of a journey', () => {
  let trips: RedisRoundTrips;
  let issuer: LocalIssuer;
  let bridge: RunningBridge;
  let measured: LoginTrips;
  const prefix = testKeyPrefix();

  before(async function () {
    if (!(await redisReachable())) {
      console.warn(`    Redis not reachable at ${testRedisUrl}: skipping the round-trip counts`);
      this.skip();
    }
    trips = RedisRoundTrips.install();
    issuer = await LocalIssuer.start();
    bridge = await startBridge(
      {
        trustedIssuers: [issuer.issuer],
        port: 0,
        publicUrl: 'http://bridge.test',
        allowHttp: true,
        logLevel: 'silent',
        redisUrl: testRedisUrl,
        redisKeyPrefix: prefix,
      },
      { logger: silentLogger },
    );
    measured = await measureLoginTrips(bridge, issuer, trips, testRedisUrl, prefix);
  });
  after(async () => {
    trips?.uninstall();
    await bridge?.close();
    await issuer?.close();
    if (bridge) await deleteKeys(prefix);
  });

  const expectTrips = (phase: Exclude<keyof LoginTrips, 'pausedBytes'>, count: number) =>
    expect(measured[phase], `${phase}: ${describeTrips(measured[phase])}`).to.have.lengthOf(count);

  // Each handoff and form post also counts against the request limit of its client address
  // (http/request-limits.ts): a key of its own, so it cannot join the journey's script on a Cluster.
  it('accepts a handoff in 8: request limit, store generation, replay guard, login tags, lockout, session, deadline, execution log', () => {
    expectTrips('handoff', 8);
  });

  it('shows a step page in 1: the session', () => {
    expectTrips('page', 1);
  });

  it('answers a rejected step in 6: request limit, the session read once, lockout read once, latest attempt, compare-and-set, execution log', () => {
    expectTrips('rejected', 6);
  });

  it('ends the journey in 9: request limit, session, lockout, failed-at, latest attempt, tags, compare-and-set, execution log, deadline', () => {
    expectTrips('submit', 9);
  });

  it('keeps a paused journey under 2 KB of Redis', () => {
    expect(measured.pausedBytes.memory).to.be.below(2048);
  });
});
