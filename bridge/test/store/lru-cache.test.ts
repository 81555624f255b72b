import { expect } from 'chai';
import { LruCache } from '../../src/store/lru-cache.js';

describe('LruCache', () => {
  it('keeps at most `capacity` entries and forgets the least recently used first', async () => {
    const cache = new LruCache<string>(2);
    const loads: string[] = [];
    const load = (key: string) => cache.load(key, async () => (loads.push(key), `value of ${key}`));
    await load('a');
    await load('b');
    await load('a'); // a is now the most recently used
    await load('c'); // evicts b
    expect(cache.size).to.equal(2);
    expect(await load('a')).to.equal('value of a');
    await load('b');
    expect(loads).to.deep.equal(['a', 'b', 'c', 'b']);
  });

  it('shares one pending load between concurrent requests for a key', async () => {
    const cache = new LruCache<number>(4);
    let calls = 0;
    let release!: (value: number) => void;
    const slow = () => {
      calls++;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const all = Promise.all([cache.load('k', slow), cache.load('k', slow), cache.load('k', slow)]);
    release(7);
    expect(await all).to.deep.equal([7, 7, 7]);
    expect(calls).to.equal(1);
  });

  it('forgets a failed load, so the next request loads again', async () => {
    const cache = new LruCache<number>(4);
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls === 1) throw new Error('unreachable');
      return 1;
    };
    await cache.load('k', flaky).catch(() => undefined);
    expect(await cache.load('k', flaky)).to.equal(1);
    expect(calls).to.equal(2);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new LruCache(0)).to.throw(RangeError);
  });
});
