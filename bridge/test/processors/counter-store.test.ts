import { expect } from 'chai';
import { MemoryCounterStore } from '../../src/store/memory-counter-store.js';
import { RedisCounterStore } from '../../src/store/redis-counter-store.js';
import { deleteKeys, redisReachable, testKeyPrefix, testRedisUrl } from '../support/redis.js';

type TestedStore = MemoryCounterStore | RedisCounterStore;

function counterStoreContract(open: () => Promise<TestedStore>, cleanup: () => Promise<void> = async () => {}) {
  let store: TestedStore;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await cleanup();
    await store.close();
  });

  it('increments from zero and sets the TTL on the first increment only', async () => {
    expect(await store.get('failures:a')).to.equal(0);
    expect(await store.increment('failures:a', 100)).to.equal(1);
    expect(await store.ttl('failures:a')).to.be.within(99, 100);
    expect(await store.increment('failures:a', 5000)).to.equal(2);
    expect(await store.ttl('failures:a')).to.be.within(99, 100);
    expect(await store.get('failures:a')).to.equal(2);
    expect(await store.get('failures:b')).to.equal(0);
  });

  it('resets a counter, and starts a new window on the next increment', async () => {
    await store.increment('failures:a', 100);
    await store.reset('failures:a');
    expect(await store.get('failures:a')).to.equal(0);
    expect(await store.ttl('failures:a')).to.equal(undefined);
    expect(await store.increment('failures:a', 30)).to.equal(1);
    expect(await store.ttl('failures:a')).to.be.within(29, 30);
    await store.reset('never-set');
  });

  it('puts and reads values with a TTL, and resets them', async () => {
    expect(await store.read('lockout:a')).to.equal(undefined);
    await store.put('lockout:a', '2025-01-01T00:15:00.000Z', 900);
    expect(await store.read('lockout:a')).to.equal('2025-01-01T00:15:00.000Z');
    expect(await store.ttl('lockout:a')).to.be.within(899, 900);
    await store.put('lockout:a', 'later', 60);
    expect(await store.read('lockout:a')).to.equal('later');
    expect(await store.ttl('lockout:a')).to.be.within(59, 60);
    await store.reset('lockout:a');
    expect(await store.read('lockout:a')).to.equal(undefined);
  });

  it('rounds TTLs up to whole seconds of at least one', async () => {
    await store.put('short', 'x', 0.2);
    expect(await store.ttl('short')).to.equal(1);
  });

  it('counts concurrent increments exactly', async () => {
    const values = await Promise.all(Array.from({ length: 200 }, () => store.increment('rate:flow:ip', 60)));
    expect(await store.get('rate:flow:ip')).to.equal(200);
    expect([...values].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 200 }, (_, i) => i + 1));
  });
}

describe('counter stores', () => {
  describe('MemoryCounterStore', () => {
    counterStoreContract(async () => new MemoryCounterStore());

    it('expires counters and values with its clock', async () => {
      let now = 0;
      const store = new MemoryCounterStore(() => now);
      await store.increment('c', 10);
      await store.put('v', 'x', 20);
      now = 9_999;
      expect(await store.increment('c', 10)).to.equal(2);
      now = 10_000;
      expect(await store.get('c')).to.equal(0);
      expect(await store.read('v')).to.equal('x');
      expect(await store.increment('c', 10)).to.equal(1);
      now = 20_000;
      expect(await store.read('v')).to.equal(undefined);
    });

    it('drops expired keys nobody reads again (past rate-limit windows), not only on a read', async () => {
      let now = 0;
      const store = new MemoryCounterStore(() => now);
      for (let window = 0; window < 5; window += 1) {
        now = window * 60_000;
        for (let client = 0; client < 300; client += 1) await store.increment(`request:form:10.0.0.${client}:${window}`, 60);
      }
      // 1500 writes: one sweep (at the 1000th) dropped the windows that had ended by then.
      expect(store.size).to.be.below(1000);
      expect(await store.get('request:form:10.0.0.1:4')).to.equal(1);
    });
  });

  describe('RedisCounterStore against a real Redis', () => {
    const prefix = testKeyPrefix();
    before(async function () {
      if (!(await redisReachable())) {
        console.warn(`    Redis not reachable at ${testRedisUrl}: skipping RedisCounterStore tests`);
        this.skip();
      }
    });
    counterStoreContract(
      () => RedisCounterStore.connect(testRedisUrl, prefix),
      () => deleteKeys(prefix),
    );

    it('keeps its keys under the configured prefix', async () => {
      const store = await RedisCounterStore.connect(testRedisUrl, prefix);
      try {
        await store.increment('failures:demo:u1', 60);
        const { Redis } = await import('ioredis');
        const raw = new Redis(testRedisUrl);
        expect(await raw.keys(`${prefix}*`)).to.deep.equal([`${prefix}counter:failures:demo:u1`]);
        await raw.quit();
      } finally {
        await deleteKeys(prefix);
        await store.close();
      }
    });
  });
});
