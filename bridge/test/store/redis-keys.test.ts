import { expect } from 'chai';
import { ReplyError } from 'ioredis';
import { StoreUnavailableError } from '../../src/errors.js';
import { unavailableOnFailure } from '../../src/store/redis-client.js';
import { RedisKeys } from '../../src/store/redis-keys.js';

/** The hash tag Redis Cluster hashes: between the first `{` and the next `}`, when not empty. */
function tagOf(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

describe('Redis keys (one module names them all)', () => {
  const keys = new RedisKeys('io:');

  it("puts a journey's session and its own single-use markers under the journey's handle", () => {
    expect(keys.session('h1')).to.equal('io:session:{h1}');
    expect(tagOf(keys.once('expire', 'h1'))).to.equal('h1');
    expect(tagOf(keys.once('return:abc', 'h1'))).to.equal('h1');
    expect(keys.once('expire', 'h1')).not.to.equal(keys.once('expire', 'h2'));
  });

  it("puts an outside token's single-use marker in the bucket of its generation marker, 16 buckets in all", () => {
    const markers = Array.from({ length: 200 }, (_, n) => `handoff:https://sso.example/realms/x|jti-${n}`);
    for (const marker of markers) expect(tagOf(keys.once(marker))).to.equal(tagOf(keys.generation(marker)));
    expect(new Set(markers.map((marker) => tagOf(keys.once(marker)))).size, 'the markers spread over every bucket').to.equal(16);
    expect(keys.generations().map(tagOf)).to.have.members(Array.from({ length: 16 }, (_, n) => `g${n}`));
  });

  it("keeps a flow's execution log under one tag, whatever its issuer and flow id hold", () => {
    const base = keys.executions('https://sso.example/realms/{x}', 'a}b');
    expect(tagOf(`${base}recent`))
      .to.equal(tagOf(`${base}run:1`))
      .and.to.equal(`${encodeURIComponent('https://sso.example/realms/{x}')}|a%7Db`);
    expect(tagOf(`${base}funnel:2026-12-03`)).to.equal(tagOf(`${base}trace:1`));
  });

  it('leaves keys used alone untagged', () => {
    expect(keys.deadlines()).to.equal('io:deadlines');
    expect(keys.counter('failures:realm:u1')).to.equal('io:counter:failures:realm:u1');
    expect(keys.sessionPattern()).to.equal('io:session:*');
  });
});

describe('Redis failures as the user sees them', () => {
  const failing = (error: Error) => unavailableOnFailure({ run: async () => Promise.reject(error), plain: () => 1 });

  it('turns a lost connection or a failover reply into store_unavailable (503)', async () => {
    for (const error of [
      new Error('Connection is closed.'),
      new ReplyError("READONLY You can't write against a read only replica."),
      new ReplyError('CLUSTERDOWN The cluster is down'),
    ]) {
      const refused = await failing(error)
        .run()
        .catch((caught: unknown) => caught);
      expect(refused, error.message).to.be.instanceOf(StoreUnavailableError);
      expect((refused as StoreUnavailableError).status).to.equal(503);
    }
  });

  it('leaves a wrong command or a broken record as it is (a bug, 500), and synchronous methods alone', async () => {
    for (const error of [new ReplyError("CROSSSLOT Keys in request don't hash to the same slot"), new SyntaxError('Unexpected token')]) {
      expect(
        await failing(error)
          .run()
          .catch((caught: unknown) => caught),
      ).to.equal(error);
    }
    expect(failing(new Error('x')).plain()).to.equal(1);
  });
});
