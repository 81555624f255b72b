import { expect } from 'chai';
import { type FlowCategory, flowCategories } from '../../src/engine/flow.js';
import type { FlowProcessor } from '../../src/engine/processor.js';
import { builtInProcessors, categoryDefaultSet, defaultProcessorSets, ProcessorCatalog, processorSetNames } from '../../src/processors/index.js';

const flow = (category: FlowCategory, set?: string) => ({ category, ...(set ? { settings: { processors: { set } } } : {}) });

describe('processor registry and default sets', () => {
  const registry = builtInProcessors();

  it('registers every built-in processor once, each with a description and an options schema', () => {
    expect(registry.ids()).to.have.members(['user-identified', 'user-valid', 'failed-attempts', 'latest-attempt', 'session-renewal', 'rate-limit', 'audit']);
    for (const id of registry.ids()) {
      const processor = registry.get(id)!;
      expect(processor.id).to.equal(id);
      expect(processor.description).to.be.a('string').and.not.empty;
      expect(processor.optionsSchema).to.include({ type: 'object', additionalProperties: false });
      expect(processor.before ?? processor.after, id).to.be.a('function');
    }
    expect(registry.get('nope')).to.equal(undefined);
  });

  it('refuses two processors with one id', () => {
    const twin: FlowProcessor = { id: 'audit', description: 'another', essential: false };
    expect(() => builtInProcessors().register(twin)).to.throw('registered twice');
    expect(new ProcessorCatalog().register(twin).ids()).to.deep.equal(['audit']);
  });

  it('default sets name only registered processors, each once, with audit last', () => {
    expect(Object.keys(defaultProcessorSets)).to.have.members([...processorSetNames]);
    for (const [name, ids] of Object.entries(defaultProcessorSets)) {
      for (const id of ids) expect(registry.get(id), `${name}: ${id}`).to.not.equal(undefined);
      expect(new Set(ids).size, name).to.equal(ids.length);
      if (ids.length > 0) expect(ids.at(-1), name).to.equal('audit');
    }
    expect(defaultProcessorSets.library).to.deep.equal([]);
    expect(defaultProcessorSets.authentication).to.deep.equal([
      'user-identified',
      'user-valid',
      'failed-attempts',
      'latest-attempt',
      'session-renewal',
      'audit',
    ]);
    expect(Object.isFrozen(defaultProcessorSets.authentication)).to.equal(true);
  });

  it('guards authentication and self-service sets with essential processors', () => {
    const essential = (set: keyof typeof defaultProcessorSets) => defaultProcessorSets[set].filter((id) => registry.get(id)!.essential);
    expect(essential('authentication')).to.deep.equal(['user-identified', 'user-valid', 'failed-attempts', 'session-renewal', 'audit']);
    expect(essential('self-service-protected')).to.deep.equal(['user-identified', 'user-valid', 'failed-attempts', 'session-renewal', 'audit']);
    expect(essential('self-service-public')).to.deep.equal(['rate-limit', 'failed-attempts', 'audit']);
    expect(essential('registration')).to.deep.equal(['rate-limit', 'audit']);
  });

  it('maps every category to a default set', () => {
    for (const category of flowCategories) expect(defaultProcessorSets).to.have.property(categoryDefaultSet(flow(category)));
    expect(categoryDefaultSet(flow('authentication'))).to.equal('authentication');
    expect(categoryDefaultSet(flow('self-service'))).to.equal('self-service-protected');
    expect(categoryDefaultSet(flow('admin'))).to.equal('admin');
    expect(categoryDefaultSet(flow('api'))).to.equal('api');
    expect(categoryDefaultSet(flow('consent'))).to.equal('consent');
    expect(categoryDefaultSet(flow('custom'))).to.equal('custom');
    expect(categoryDefaultSet(flow('library'))).to.equal('library');
  });

  it('lets self-service flows choose among the self-service sets, and nobody escape their baseline by naming a set', () => {
    expect(categoryDefaultSet(flow('self-service', 'self-service-public'))).to.equal('self-service-public');
    expect(categoryDefaultSet(flow('self-service', 'registration'))).to.equal('registration');
    expect(categoryDefaultSet(flow('self-service', 'custom'))).to.equal('self-service-protected');
    expect(categoryDefaultSet(flow('authentication', 'custom'))).to.equal('authentication');
    expect(categoryDefaultSet(flow('custom', 'registration'))).to.equal('custom');
  });
});
