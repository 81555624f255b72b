import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Action, EvidenceEntry } from '../../src/engine/execution.js';
import { refuseEvidence } from '../../src/handoff/evidence-authorization.js';
import { contractDir, evidenceContract } from '../../src/handoff/evidence-contract.js';
import { coveredActionTypes, parseGrants } from '../../src/handoff/grants.js';
import { endActionTypes } from '../../src/nodes/end.js';

interface Vector {
  name: string;
  /** `sub` when the handoff named the login's user. */
  handoff: { grants: unknown; sub?: string };
  evidence: { evidence: EvidenceEntry[]; actions: Action[] };
  expect: { bridge: string };
}

const { vectors } = JSON.parse(readFileSync(`${contractDir}vectors/evidence-authorization.json`, 'utf8')) as { vectors: Vector[] };

describe('evidence authorization (contract/vectors/evidence-authorization.json, expect.bridge)', () => {
  it('has vectors to run', () => expect(vectors.length).to.be.greaterThan(10));

  for (const vector of vectors) {
    it(vector.name, () => {
      const parsed = parseGrants(vector.handoff.grants);
      if (!('grants' in parsed)) throw new Error(`the vector's grants do not parse: ${parsed.problem}`);
      const refusal = refuseEvidence(parsed.grants, vector.evidence.evidence, vector.evidence.actions, vector.handoff.sub !== undefined);
      expect(refusal?.code ?? 'accepted', refusal?.message).to.equal(vector.expect.bridge);
    });
  }
});

describe('the evidence action vocabulary', () => {
  it("the end node's action types are the contract's", () => {
    expect([...endActionTypes].sort()).to.deep.equal(Object.keys(evidenceContract.actions).sort());
  });

  it('the grant coverage knows every action type of the contract, and only those', () => {
    expect([...coveredActionTypes].sort()).to.deep.equal(Object.keys(evidenceContract.actions).sort());
  });
});

describe('grant shapes', () => {
  it('accepts the shapes of the contract', () => {
    expect(
      parseGrants([{ type: 'set_session_note', names: ['company'] }, { type: 'mark_email_verified' }, { type: 'record_terms_acceptance' }]),
    ).to.have.property('grants');
  });

  for (const [label, grants] of Object.entries({
    'not an array': { type: 'mark_email_verified' },
    'an unknown type': [{ type: 'delete_user' }],
    'a required field missing': [{ type: 'set_session_note' }],
    'a field of another type': [{ type: 'set_session_note', names: ['a'], attributes: ['b'] }],
    'a list that is not of strings': [{ type: 'raise_acr', levels: [2] }],
  })) {
    it(`refuses ${label}`, () => expect(parseGrants(grants)).to.have.property('problem'));
  }
});
