/**
 * The bridge on Redis Sentinel and on a three-master Redis Cluster, both real and local: a whole
 * journey, readiness and metrics, and a Sentinel failover in the middle of a journey.
 */
import { expect } from 'chai';
import { Cluster } from 'ioredis';
import { RedisKeys } from '../../bridge/src/store/redis-keys.js';
import { evidenceIssued, Journey, startTestBridge, untilAnswered, type TestBridge } from './journey.js';
import { sentinelMasterName, startCluster, startSentinel, until } from './topology.js';

async function readyz(test: TestBridge): Promise<{ status: number; body: { checks: Record<string, Record<string, unknown>> } }> {
  const response = await fetch(`${test.bridge.url}/readyz`);
  return { status: response.status, body: (await response.json()) as { checks: Record<string, Record<string, unknown>> } };
}

async function redisMetrics(test: TestBridge): Promise<string> {
  const text = await (await fetch(test.bridge.metricsUrl)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('io_redis_command_duration_seconds_count'))
    .join('\n');
}

describe('Redis Sentinel (a master, a replica, three sentinels)', () => {
  let sentinel: Awaited<ReturnType<typeof startSentinel>>;
  let test: TestBridge;

  before(async () => {
    sentinel = await startSentinel();
    test = await startTestBridge({ redisSentinels: sentinel.sentinels.map((server) => server.address), redisSentinelName: sentinelMasterName }, 'sentinel');
  });
  after(async () => {
    await test?.close();
    await sentinel?.stop();
  });

  it('runs a journey from handoff to evidence, ready, with Redis metrics', async () => {
    const journey = new Journey(test);
    await journey.begin();
    await journey.finish();
    const { status, body } = await readyz(test);
    expect(status).to.equal(200);
    expect(body.checks['store']).to.include({ status: 'ok', store: 'redis-sentinel' });
    expect(await redisMetrics(test)).to.match(/command="set"/);
  });

  it('goes on with the journey after the master dies and the sentinels promote the replica', async () => {
    const issuedBefore = evidenceIssued(test.bridge);
    const journey = new Journey(test);
    await journey.begin();
    expect((await journey.company()).status).to.equal(200);
    // The replica has what the user did so far (replication is asynchronous: wait for it, as a quiet master would have).
    const replica = sentinel.replica.client();
    const session = new RedisKeys('io-redis-test-sentinel:').session(journey.handle());
    // A session record starts with its version and `:` (the rest is compressed).
    await until('the replica has the journey after its first step', async () => ((await replica.getrange(session, 0, 15)) ?? '').startsWith('2:'));
    replica.disconnect();

    await sentinel.master.kill();
    await until('the sentinels promoted the replica', async () => (await sentinel.currentMaster()) === sentinel.replica.port);

    // Until the bridge's clients reconnect to the new master a request is answered 503 (try again): the user retries.
    const evidence = await journey.expectEvidence(await untilAnswered(() => journey.job()));
    expect(evidence['handoff_jti']).to.be.a('string');
    await until('the bridge is ready again', async () => (await readyz(test)).status === 200);
    // A second post of the same step shows the same evidence: none is issued twice.
    const again = await journey.expectEvidence(await journey.job());
    expect(again['jti']).to.equal(evidence['jti']);
    expect(evidenceIssued(test.bridge)).to.equal(issuedBefore + 1);
  });
});

describe('Redis Cluster (three masters)', () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  let test: TestBridge;
  const prefix = 'io-redis-test-cluster:';

  before(async () => {
    cluster = await startCluster();
    test = await startTestBridge({ redisClusterNodes: [cluster.masters[0]!.address] }, 'cluster');
  });
  after(async () => {
    await test?.close();
    await cluster?.stop();
  });

  it('runs journeys from handoff to evidence with keys on every master, ready, with Redis metrics', async () => {
    for (let n = 0; n < 6; n++) await new Journey(test).begin();
    const journeys = Array.from({ length: 3 }, () => new Journey(test));
    for (const journey of journeys) {
      await journey.begin();
      await journey.finish();
    }
    const { status, body } = await readyz(test);
    expect(status).to.equal(200);
    expect(body.checks['store']).to.include({ status: 'ok', store: 'redis-cluster' });
    expect(await redisMetrics(test)).to.match(/command="eval"/);
    // Nothing failed on the way (a cross-slot script or pipeline is an error in a Cluster, logged).
    expect(test.bridge.log().filter((line) => line.level === 'error')).to.deep.equal([]);
    // The keys spread over the masters: the Cluster is used, not one node.
    const counts = await Promise.all(
      cluster.masters.map(async (server) => {
        const client = server.client();
        try {
          return (await client.keys(`${prefix}*`)).length;
        } finally {
          client.disconnect();
        }
      }),
    );
    expect(counts.filter((count) => count > 0).length, `keys per master: ${counts.join(', ')}`).to.be.greaterThan(1);
  });

  it('keeps every key of one journey in one hash slot, and a bucket of single-use markers with its generation', async () => {
    const keys = new RedisKeys(prefix);
    const client = new Cluster([{ host: '127.0.0.1', port: cluster.masters[0]!.port }]).on('error', () => {});
    try {
      const slot = async (key: string) => Number(await client.cluster('KEYSLOT', key));
      const handle = 'a-journey-handle';
      const journeySlot = await slot(keys.session(handle));
      expect(await slot(keys.once('expire', handle))).to.equal(journeySlot);
      expect(await slot(keys.once('return:abc', handle))).to.equal(journeySlot);
      const marker = 'handoff:https://sso.example/realms/x|jti-1';
      expect(await slot(keys.once(marker))).to.equal(await slot(keys.generation(marker)));
      const executions = keys.executions('https://sso.example/realms/x', 'two-steps');
      expect(await slot(`${executions}recent`)).to.equal(await slot(`${executions}run:some-id`));
      expect(await slot(`${executions}funnel:2026-12-03`)).to.equal(await slot(`${executions}trace:some-id`));
    } finally {
      client.disconnect();
    }
  });
});
