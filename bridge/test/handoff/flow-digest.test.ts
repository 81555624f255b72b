import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { flowDigest } from '../../src/handoff/flow-versions.js';

/** The contract both sides test against: the provider computes these digests at publish, the bridge checks them. */
const vectors = JSON.parse(readFileSync(new URL('../../../contract/vectors/flow-digest.json', import.meta.url), 'utf8')) as {
  vectors: Array<{ name?: string; definition: string; digest: string }>;
};

describe('flow version digests (contract/vectors/flow-digest.json)', () => {
  it('has vectors to check', () => {
    expect(vectors.vectors.length).to.be.greaterThan(0);
  });

  for (const [index, vector] of vectors.vectors.entries()) {
    it(`hashes the UTF-8 bytes of the canonical text as the contract says: ${vector.name ?? `vector ${index}`}`, () => {
      expect(flowDigest(vector.definition)).to.equal(vector.digest);
    });
  }

  it('tells apart definitions that differ in one byte', () => {
    const digests = new Set(vectors.vectors.map((vector) => flowDigest(vector.definition)));
    expect(digests.size).to.equal(vectors.vectors.length);
  });
});
