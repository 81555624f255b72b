import { expect } from 'chai';
import { strictAjv } from '../support/strict-ajv.js';
import { integrationNodeTypes } from '../../src/nodes/integration/index.js';

/** A valid config for each integration node type. */
const examples: Record<string, Record<string, unknown>> = {
  'http-request': {
    method: 'POST',
    url: '"https://api.example.com/accounts"',
    headers: { authorization: '"Bearer " & flow.token' },
    body: '{"email": context.user.email}',
    timeoutMs: 3000,
    retries: 2,
    idempotent: true,
    allowedHosts: ['api.example.com'],
    responseMapping: { accountId: 'response.body.id' },
    successStatuses: [200, 201],
    compensate: { method: 'DELETE', url: '"https://api.example.com/accounts/" & response.body.id' },
  },
  'keycloak-user': { operation: 'update', fields: { firstName: 'flow.firstName', emailVerified: 'true' }, attributes: { company: 'flow.company' } },
  'keycloak-membership': { add: { groups: ['/partners'], roles: ['partner', 'portal:viewer'] }, remove: { groups: ['/prospects'] } },
  'keycloak-organization': {
    operation: 'create',
    name: 'flow.company',
    domain: "$substringAfter(flow.email, '@')",
    enabled: "flow.mode != 'approval-required'",
    attributes: { plan: "'partner'" },
  },
  'send-email': { to: 'flow.email', subject: 'Welcome {{ flow.name }}', text: 'Hello {{ flow.name }}', html: '<p>Hello {{ flow.name }}</p>' },
  'call-flow': { flow: 'verify-email@1' },
};

describe('integration node catalogue', () => {
  it('exports every integration node type once', () => {
    expect(integrationNodeTypes.map((type) => type.type)).to.have.members(Object.keys(examples));
    expect(integrationNodeTypes.every((type) => type.kind === 'integration' && !type.interactive)).to.equal(true);
  });

  for (const type of integrationNodeTypes) {
    describe(type.type, () => {
      const example = examples[type.type]!;
      const validate = strictAjv().compile(type.configSchema);

      it('has a strict config schema that accepts the example, which passes its checks', () => {
        expect(validate(example), JSON.stringify(validate.errors)).to.equal(true);
        expect(type.check?.(example) ?? []).to.deep.equal([]);
        expect(validate({ ...example, surprise: true })).to.equal(false);
      });

      it('declares a failure port and, except call-flow, an error output', () => {
        expect(type.ports(example)).to.include('failure');
        if (type.type !== 'call-flow') expect(type.outputs(example)).to.have.property('error');
        expect(type.description).to.be.a('string').and.not.contain('\n');
      });
    });
  }
});
