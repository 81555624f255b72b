import { expect } from 'chai';
import { runCounters } from '../../src/engine/run-counters.js';
import type { CounterStore } from '../../src/engine/services.js';
import { MemoryCounterStore } from '../../src/store/memory-counter-store.js';

/** The store with a tally of the reads that reached it. */
function countingStore(): { store: CounterStore; reads: string[] } {
  const inner = new MemoryCounterStore();
  const reads: string[] = [];
  const store: CounterStore = {
    increment: (key, ttl) => inner.increment(key, ttl),
    reset: (key) => inner.reset(key),
    put: (key, value, ttl) => inner.put(key, value, ttl),
    read: (key) => (reads.push(`read ${key}`), inner.read(key)),
    get: (key) => (reads.push(`get ${key}`), inner.get(key)),
  };
  return { store, reads };
}

describe('the counters one engine call sees', () => {
  it('reads a key from the store once, however many processors ask', async () => {
    const { store, reads } = countingStore();
    await store.put('lockout:u', 'until', 60);
    const counters = runCounters(store);
    expect(await Promise.all([counters.read('lockout:u'), counters.read('lockout:u')])).to.deep.equal(['until', 'until']);
    expect(await counters.read('lockout:u')).to.equal('until');
    expect(await counters.read('other')).to.equal(undefined);
    expect(reads).to.deep.equal(['read lockout:u', 'read other']);
  });

  it('reads a key again after the call changed it', async () => {
    const { store, reads } = countingStore();
    const counters = runCounters(store);
    expect(await counters.get('failures:u')).to.equal(0);
    expect(await counters.increment('failures:u', 60)).to.equal(1);
    expect(await counters.get('failures:u')).to.equal(1);
    await counters.put('failed-at:u', '1', 60);
    expect(await counters.read('failed-at:u')).to.equal('1');
    await counters.reset('failed-at:u');
    expect(await counters.read('failed-at:u')).to.equal(undefined);
    expect(reads).to.deep.equal(['get failures:u', 'get failures:u', 'read failed-at:u', 'read failed-at:u']);
  });

  it('does not remember a failed read', async () => {
    let calls = 0;
    const failingOnce = new MemoryCounterStore();
    failingOnce.read = async () => (calls++ === 0 ? Promise.reject(new Error('down')) : 'value');
    const counters = runCounters(failingOnce);
    await counters.read('k').then(
      () => expect.fail('the first read fails'),
      (error: Error) => expect(error.message).to.equal('down'),
    );
    expect(await counters.read('k')).to.equal('value');
  });

  it('starts afresh for each call: a later request sees what others wrote', async () => {
    const { store } = countingStore();
    expect(await runCounters(store).read('lockout:u')).to.equal(undefined);
    await store.put('lockout:u', 'until', 60);
    expect(await runCounters(store).read('lockout:u')).to.equal('until');
  });
});
