import { expect } from 'chai';
import { MemorySessionStore } from '../src/store/memory-session-store.js';
import { RedisSessionStore } from '../src/store/redis-session-store.js';
import type { SessionStore } from '../src/store/session-store.js';
import { deleteKeys, redisReachable, testKeyPrefix, testRedisUrl } from './support/redis.js';

type Data = { step: string };

function sessionStoreContract(name: string, open: () => Promise<SessionStore<Data>>, cleanup: () => Promise<void> = async () => {}) {
  describe(name, () => {
    let store: SessionStore<Data>;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await cleanup();
      await store.close();
    });

    it('creates, reads and counts sessions with a TTL', async () => {
      expect(await store.create('s1', { step: 'a' }, 60)).to.equal(true);
      expect(await store.create('s1', { step: 'b' }, 60)).to.equal(false);
      expect(await store.get('s1')).to.deep.equal({ version: 1, data: { step: 'a' } });
      expect(await store.get('missing')).to.equal(undefined);
      expect(await store.count()).to.equal(1);
      const ttl = await store.ttl('s1');
      expect(ttl).to.be.within(58, 60);
      expect(await store.ttl('missing')).to.equal(undefined);
    });

    it('keeps one generation (when its data began, in seconds) for as long as the data lives', async () => {
      const generation = await store.generation();
      expect(generation).to.be.within(Math.floor(Date.now() / 1000) - 5, Math.floor(Date.now() / 1000));
      expect(await Promise.all([store.generation(), store.generation()])).to.deep.equal([generation, generation]);
    });

    it('updates only at the expected version (compare-and-set)', async () => {
      await store.create('s1', { step: 'a' }, 60);
      expect(await store.update('s1', 1, { step: 'b' })).to.equal(true);
      expect(await store.update('s1', 1, { step: 'c' })).to.equal(false);
      expect(await store.get('s1')).to.deep.equal({ version: 2, data: { step: 'b' } });
      expect(await store.update('missing', 1, { step: 'x' })).to.equal(false);
      expect(await store.ttl('s1')).to.be.within(58, 60);
    });

    it('compares whole versions: 1 is not 10, 10 is not 1', async () => {
      await store.create('s1', { step: '1' }, 60);
      for (let version = 1; version < 12; version++) expect(await store.update('s1', version, { step: String(version + 1) })).to.equal(true);
      expect(await store.update('s1', 1, { step: 'stale' })).to.equal(false);
      expect(await store.update('s1', 120, { step: 'ahead' })).to.equal(false);
      expect(await store.get('s1')).to.deep.equal({ version: 12, data: { step: '12' } });
    });

    it('lets exactly one of two concurrent updates win', async () => {
      await store.create('s1', { step: 'a' }, 60);
      const results = await Promise.all([store.update('s1', 1, { step: 'b' }), store.update('s1', 1, { step: 'c' })]);
      expect(results.filter(Boolean)).to.have.length(1);
    });

    it('claims a key only once', async () => {
      expect(await store.claimOnce('handoff:j1', 60)).to.equal(true);
      expect(await store.claimOnce('handoff:j1', 60)).to.equal(false);
      expect(await store.claimOnce('handoff:j2', 60)).to.equal(true);
    });

    it('lists ids whose deadline has passed, oldest first, until they are removed', async () => {
      await store.addDeadline('late', 2_000);
      await store.addDeadline('later', 3_000);
      await store.addDeadline('future', 9_000);
      expect(await store.dueDeadlines(1_000, 10)).to.deep.equal([]);
      expect(await store.dueDeadlines(5_000, 10)).to.deep.equal(['late', 'later']);
      expect(await store.dueDeadlines(5_000, 1)).to.deep.equal(['late']);
      await store.removeDeadline('late');
      expect(await store.dueDeadlines(10_000, 10)).to.deep.equal(['later', 'future']);
      await store.removeDeadline('later');
      await store.removeDeadline('future');
    });
  });
}

describe('session stores', () => {
  sessionStoreContract('MemorySessionStore', async () => new MemorySessionStore<Data>());

  it('MemorySessionStore expires sessions and claims', async () => {
    let now = 0;
    const store = new MemorySessionStore<Data>(() => now);
    await store.create('s1', { step: 'a' }, 10);
    await store.claimOnce('k', 10);
    now = 10_001;
    expect(await store.get('s1')).to.equal(undefined);
    expect(await store.count()).to.equal(0);
    expect(await store.claimOnce('k', 10)).to.equal(true);
  });

  describe('RedisSessionStore', () => {
    const prefix = testKeyPrefix();
    before(async function () {
      if (!(await redisReachable())) {
        console.warn(`    Redis not reachable at ${testRedisUrl}: skipping RedisSessionStore tests`);
        this.skip();
      }
    });
    sessionStoreContract(
      'against a real Redis',
      () => RedisSessionStore.connect<Data>(testRedisUrl, prefix),
      () => deleteKeys(prefix),
    );
  });
});
