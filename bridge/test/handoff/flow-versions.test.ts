import { expect } from 'chai';
import { parseFlowVersions, type FlowVersionClaims } from '../../src/handoff/flow-versions.js';

const digest = (char: string) => `sha-256:${char.repeat(64)}`;
const signup = { id: 'signup', version: 3, digest: digest('a') };
const phone = { id: 'collect-phone', version: 2, digest: digest('b') };

const problemOf = (claims: FlowVersionClaims) => {
  const parsed = parseFlowVersions(claims);
  return 'problem' in parsed ? parsed.problem : undefined;
};

describe('handoff claim flow_versions (protocol 1.3)', () => {
  it('is absent in a legacy handoff, which keeps running file flows', () => {
    expect(parseFlowVersions({ flow: 'demo-profile' })).to.deep.equal({});
    expect(parseFlowVersions({ obligations: [{ type: 'require_terms_acceptance' }] })).to.deep.equal({});
  });

  it('reads the flow to run first, then the library flows it may call', () => {
    expect(parseFlowVersions({ flow: 'signup', flow_versions: [signup, phone] })).to.deep.equal({ refs: [signup, phone] });
  });

  it('reads obligations that name their flows, each listed', () => {
    const obligations = [{ type: 'require_phone', flow: 'collect-phone' }, { type: 'require_terms_acceptance' }];
    expect(parseFlowVersions({ obligations, flow_versions: [phone] })).to.deep.equal({ refs: [phone] });
  });

  for (const [label, claims, expected] of [
    ['not an array', { flow: 'signup', flow_versions: signup }, /array of 1 to 32/],
    ['empty', { flow: 'signup', flow_versions: [] }, /array of 1 to 32/],
    [
      'over 32 entries',
      { flow: 'f0', flow_versions: Array.from({ length: 33 }, (_, n) => ({ id: `f${n}`, version: 1, digest: digest('c') })) },
      /array of 1 to 32/,
    ],
    ['an entry that is not an object', { flow: 'signup', flow_versions: ['signup'] }, /\[0\]: must be an object/],
    ['an unknown field', { flow: 'signup', flow_versions: [{ ...signup, active: true }] }, /unknown field active/],
    ['an id outside the flow id rule', { flow: '1signup', flow_versions: [{ ...signup, id: '1signup' }] }, /id must match/],
    ['a version of 0', { flow: 'signup', flow_versions: [{ ...signup, version: 0 }] }, /integer >= 1/],
    ['a fractional version', { flow: 'signup', flow_versions: [{ ...signup, version: 1.5 }] }, /integer >= 1/],
    ['a version as a string', { flow: 'signup', flow_versions: [{ ...signup, version: '3' }] }, /integer >= 1/],
    ['an uppercase digest', { flow: 'signup', flow_versions: [{ ...signup, digest: `sha-256:${'A'.repeat(64)}` }] }, /digest must be/],
    ['a digest of another algorithm', { flow: 'signup', flow_versions: [{ ...signup, digest: `sha-512:${'a'.repeat(64)}` }] }, /digest must be/],
    ['a short digest', { flow: 'signup', flow_versions: [{ ...signup, digest: `sha-256:${'a'.repeat(63)}` }] }, /digest must be/],
    ['an id listed twice', { flow: 'signup', flow_versions: [signup, { ...signup, version: 4 }] }, /listed twice/],
    ['entry 0 that is not the flow claim', { flow: 'signup', flow_versions: [phone, signup] }, /flow_versions\[0\] is collect-phone/],
    ['an obligation flow it does not list', { obligations: [{ type: 'require_phone', flow: 'collect-phone' }], flow_versions: [signup] }, /does not list/],
    ['obligation flows without the claim', { obligations: [{ type: 'require_phone', flow: 'collect-phone' }] }, /no flow_versions claim/],
    [
      'an obligation flow that is not a flow id',
      { obligations: [{ type: 'require_phone', flow: 'collect-phone@2' }], flow_versions: [phone] },
      /obligations\[0\]: flow must match/,
    ],
    [
      'one obligation type naming two flows',
      {
        obligations: [
          { type: 'require_phone', flow: 'collect-phone' },
          { type: 'require_phone', flow: 'signup' },
        ],
        flow_versions: [phone, signup],
      },
      /different flows/,
    ],
  ] as Array<[string, FlowVersionClaims, RegExp]>) {
    it(`refuses ${label}`, () => {
      expect(problemOf(claims)).to.match(expected);
    });
  }
});
