import { expect } from 'chai';
import { strictAjv } from '../support/strict-ajv.js';
import { builtInNodeTypes } from '../../src/nodes/node-registry.js';
import { exampleConfigs } from './support/example-configs.js';

const registry = builtInNodeTypes();
const ours = registry.all().filter((type) => type.kind !== 'integration');

describe('node catalogue', () => {
  it('registers every frontend, backend and decision node type', () => {
    expect(ours.map((type) => type.type)).to.have.members(Object.keys(exampleConfigs));
  });

  it('refuses to register a type twice', () => {
    expect(() => registry.register(ours[0]!)).to.throw(/registered twice/);
  });

  for (const [name, example] of Object.entries(exampleConfigs)) {
    describe(name, () => {
      const type = registry.get(name)!;
      const validate = strictAjv().compile(type.configSchema);

      it('describes itself in one line', () => {
        expect(type.description).to.be.a('string').and.not.contain('\n');
        expect(type.interactive).to.equal(typeof type.handlers === 'object');
      });

      it('has a strict config schema that accepts the example', () => {
        expect(validate(example), JSON.stringify(validate.errors)).to.equal(true);
        expect(type.check?.(example) ?? []).to.deep.equal([]);
      });

      it('rejects an unknown config property', () => {
        expect(validate({ ...example, surprise: true })).to.equal(false);
        expect(validate.errors?.[0]?.keyword).to.equal('additionalProperties');
      });

      it('declares inputs, outputs and ports', () => {
        expect(type.inputs(example)).to.be.an('object');
        expect(type.outputs(example)).to.be.an('object');
        expect(type.ports(example)).to.be.an('array');
        expect(type.ports(example).length === 0).to.equal(name === 'end');
      });
    });
  }

  it('requires an error code for endings other than success', () => {
    const validate = strictAjv().compile(registry.get('end')!.configSchema);
    expect(validate({ outcome: 'failure' })).to.equal(false);
    expect(validate({ outcome: 'cancelled', error: 'user_cancelled' })).to.equal(true);
    expect(validate({ outcome: 'success', error: 'nope' })).to.equal(false);
    expect(validate({ outcome: 'failure', error: 'Bad Code' })).to.equal(false);
  });

  it('requires exactly one of body and url for terms', () => {
    const validate = strictAjv().compile(registry.get('terms')!.configSchema);
    expect(validate({ version: '1', title: 't' })).to.equal(false);
    expect(validate({ version: '1', title: 't', body: 'b', url: 'https://x.example/t' })).to.equal(false);
    expect(validate({ version: '1', title: 't', url: 'https://x.example/t' })).to.equal(true);
  });
});
