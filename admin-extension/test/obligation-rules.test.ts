/** The Obligations page's one-line summary of a rule's conditions, in the rules' own vocabulary. */
import { describe, expect, it } from 'vitest';
import { modeOf, summarizeCondition } from '../src/obligation-rules.js';

describe('obligation rule summaries', () => {
  it('names each condition with its values', () => {
    expect(summarizeCondition({ attributesMissing: ['company', 'jobTitle'] })).toBe('attributesMissing: company, jobTitle');
    expect(summarizeCondition({ credentialMissing: ['webauthn-passwordless'] })).toBe('credentialMissing: webauthn-passwordless');
    expect(summarizeCondition({ consentMissing: { marketing: '2', analytics: '1' } })).toBe('consentMissing: marketing@2, analytics@1');
    expect(summarizeCondition({ client: ['demo-app', 'demo-app-plain'] })).toBe('client: demo-app, demo-app-plain');
    expect(summarizeCondition({ attributeOlderThan: { attribute: 'io_terms_version', value: '2026-10' } })).toBe(
      'attributeOlderThan: io_terms_version < 2026-10',
    );
    expect(summarizeCondition({ profileRequiredMissing: true })).toBe('profileRequiredMissing');
    expect(summarizeCondition({ emailNotVerified: false })).toBe('emailNotVerified: false');
  });

  it('nests not, all and any', () => {
    expect(summarizeCondition({ all: [{ emailNotVerified: true }, { not: { consentMissing: ['marketing'] } }] })).toBe(
      'all (emailNotVerified; not (consentMissing: marketing))',
    );
    expect(summarizeCondition({ any: [{ attributesMissing: ['a'] }, { attributesMissing: ['b'] }] })).toBe('any (attributesMissing: a | attributesMissing: b)');
  });

  it('shows what the parser would refuse as its JSON, and reads a missing mode as mandatory', () => {
    expect(summarizeCondition({ attributesMissing: ['a'], emailNotVerified: true })).toBe('{"attributesMissing":["a"],"emailNotVerified":true}');
    expect(summarizeCondition({ sometimes: 1 })).toBe('{"sometimes":1}');
    expect(summarizeCondition(undefined)).toBe('');
    expect(modeOf({ type: 't' })).toBe('mandatory');
    expect(modeOf({ type: 't', mode: 'soft' })).toBe('soft');
  });
});
