import { expect } from 'chai';
import { FlowCatalog } from '../../src/engine/flow-catalog.js';
import type { FlowDefinition } from '../../src/engine/flow.js';
import type { FlowProcessor } from '../../src/engine/processor.js';
import { validateFlow, type FlowValidationContext } from '../../src/engine/validate-flow.js';
import { FlowValidationError, type FlowIssue } from '../../src/errors.js';
import { defaultTypes, flowOf, processorsOf } from './support.js';

const guard: FlowProcessor = { id: 'guard', description: 'essential', essential: true };
const extra: FlowProcessor = { id: 'extra', description: 'optional', essential: false };
const env: FlowValidationContext = {
  nodeTypes: defaultTypes(),
  processors: processorsOf(guard, extra),
  defaultSets: { authentication: ['guard', 'extra'], custom: [], library: [] },
  categorySet: (flow) => flow.category,
};

function issuesOf(run: () => unknown): FlowIssue[] {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(FlowValidationError);
    return [...(error as FlowValidationError).issues];
  }
  throw new Error('expected validation to fail');
}
const issues = (flow: unknown) => issuesOf(() => validateFlow(flow, env, 'f.json'));
const end = { id: 'done', type: 'end' };

describe('flow validation', () => {
  it('names node and field of a dangling link, an unknown port and an unreachable node', () => {
    const flow = flowOf(
      [{ id: 'a', type: 'pass' }, end, { id: 'lost', type: 'pass' }],
      [
        ['a', 'next', 'nowhere'],
        ['a', 'sideways', 'done'],
        ['lost', 'next', 'done'],
      ],
    );
    expect(issues(flow)).to.deep.include.members([
      { path: 'f.json', node: 'a', field: 'links/0/to', message: 'port "next" links to unknown node "nowhere"' },
      { path: 'f.json', node: 'a', field: 'links/1/output', message: 'node type "pass" has no port "sideways" (ports: next)' },
      { path: 'f.json', node: 'lost', field: 'id', message: 'unreachable from the start node "a"' },
    ]);
    const noWayToEnd = flowOf([{ id: 'a', type: 'pass' }, end], [['a', 'next', 'a']]);
    expect(issues(noWayToEnd)).to.deep.include.members([
      { path: 'f.json', node: 'done', field: 'id', message: 'unreachable from the start node "a"' },
      { path: 'f.json', field: 'nodes', message: 'no end node is reachable from the start node' },
    ]);
  });

  it('requires an end node and a known type for every node', () => {
    const flow = flowOf([{ id: 'a', type: 'teleport' }], []);
    expect(issues(flow)).to.deep.include.members([
      { path: 'f.json', node: 'a', field: 'type', message: `unknown node type "teleport" (known: ${env.nodeTypes.types().join(', ')})` },
      { path: 'f.json', field: 'nodes', message: 'the flow has no end node (type "end")' },
    ]);
  });

  it('refuses type mismatches on plain-path mappings, undeclared variables and unmapped required inputs', () => {
    const flow = flowOf(
      [
        {
          id: 'a',
          type: 'pass',
          inputs: { value: 'flow.name' },
          outputs: { 'flow.name': 'result.doubled', 'flow.ghost': 'result.doubled', 'session.x': 'result.missing' },
        },
        { id: 'b', type: 'branch' },
        end,
      ],
      [
        ['a', 'next', 'b'],
        ['b', 'yes', 'done'],
        ['b', 'no', 'done'],
      ],
      { variables: { name: { type: 'string' } } },
    );
    expect(issues(flow)).to.deep.include.members([
      { path: 'f.json', node: 'a', field: 'inputs/value', message: 'type mismatch: flow.name is string, input "value" expects number' },
      { path: 'f.json', node: 'a', field: 'outputs/flow.name', message: 'type mismatch: result.doubled is number, flow.name is string' },
      { path: 'f.json', node: 'a', field: 'outputs/flow.ghost', message: 'flow.ghost is not a declared flow variable' },
      { path: 'f.json', node: 'a', field: 'outputs/session.x', message: 'reads result.missing, which is not an output of this node (outputs: doubled)' },
      { path: 'f.json', node: 'b', field: 'inputs/test', message: 'required input "test" is not mapped' },
    ]);
  });

  it('names the node and field of an expression that does not compile', () => {
    const flow = flowOf([{ id: 'a', type: 'pass', when: 'flow.x = ', inputs: { value: '(' } }, end], [['a', 'next', 'done']]);
    const found = issues(flow);
    expect(found.find((issue) => issue.field === 'when')).to.include({ node: 'a' });
    expect(found.find((issue) => issue.field === 'inputs/value')?.message).to.match(/in expression "\("/);
  });

  it('checks skip and guard ports against the node type', () => {
    const flow = flowOf([{ id: 'a', type: 'pass', skipIf: 'true', skipPort: 'elsewhere', guardPort: 'next' }, end], [['a', 'next', 'done']]);
    expect(issues(flow)).to.deep.include.members([
      { path: 'f.json', node: 'a', field: 'skipPort', message: '"elsewhere" is not a port of node type "pass" (ports: next)' },
      { path: 'f.json', node: 'a', field: 'guardPort', message: 'a guard port needs maxVisits' },
    ]);
  });

  it('accepts editor metadata (ui: {x, y}) on a node and refuses anything else there', () => {
    const placed = flowOf([{ id: 'a', type: 'pass', ui: { x: 10, y: -4.5 } }, end], [['a', 'next', 'done']]);
    expect(validateFlow(placed, env, 'f.json').flow.nodes[0]!.ui).to.deep.equal({ x: 10, y: -4.5 });
    const odd = flowOf([{ id: 'a', type: 'pass', ui: { x: '10', y: 0, colour: 'red' } } as never, end], [['a', 'next', 'done']]);
    expect(issues(odd).map(({ node, field }) => ({ node, field }))).to.deep.include.members([
      { node: 'a', field: 'ui/x' },
      { node: 'a', field: 'ui' },
    ]);
  });

  it('reports schema errors with the node id', () => {
    const flow = flowOf([{ id: 'a', type: 'pass', maxVisits: 0 } as never, end], [['a', 'next', 'done']]);
    expect(issues(flow)).to.deep.include({ path: 'f.json', node: 'a', field: 'maxVisits', message: 'must be >= 1' });
  });

  describe('processor selection', () => {
    const auth = (processors: NonNullable<FlowDefinition['settings']>['processors']) =>
      flowOf([{ id: 'a', type: 'pass' }, end], [['a', 'next', 'done']], { category: 'authentication', settings: { processors } });

    it('refuses unknown processors', () => {
      expect(issues(auth({ add: ['nope'] }))).to.deep.include({
        path: 'f.json',
        field: 'settings/processors/add/0',
        message: 'unknown processor "nope" (known: guard, extra)',
      });
    });

    it('refuses removing an essential processor from an authentication flow without an override', () => {
      expect(issues(auth({ remove: ['guard'] }))[0])
        .to.include({ field: 'settings/processors' })
        .and.have.property('message')
        .that.matches(/"guard"/);
      expect(issues(auth({ use: ['extra'] }))[0]?.message).to.match(/removes security-essential processor\(s\) "guard"/);
      expect(validateFlow(auth({ remove: ['extra'] }), env).warnings).to.deep.equal([]);
    });

    it('accepts the removal with an override reason and returns a warning', () => {
      const { warnings } = validateFlow(auth({ remove: ['guard'], override: { reason: 'guarded upstream' } }), env);
      expect(warnings).to.deep.equal(['security-essential processor(s) "guard" removed from authentication flow test-flow: guarded upstream']);
    });
  });

  describe('library calls (in the catalog)', () => {
    const library = flowOf([{ id: 'x', type: 'pass', inputs: { value: 'flow.amount' } }, end], [['x', 'next', 'done']], {
      id: 'lib',
      category: 'library',
      inputs: { amount: { type: 'number', required: true } },
      outputs: { total: { type: 'number' } },
    });
    const caller = (id: string, calls: string, mapping: Record<string, string> = { amount: '1' }, category: FlowDefinition['category'] = 'custom') =>
      flowOf(
        [{ id: 'call', type: 'call-flow', config: { flow: calls }, inputs: mapping }, end],
        [
          ['call', 'success', 'done'],
          ['call', 'failure', 'done'],
        ],
        { id, category, ...(category === 'library' ? {} : { variables: { label: { type: 'string' } } }) },
      );
    const catalogIssues = (...flows: FlowDefinition[]) =>
      issuesOf(
        () =>
          new FlowCatalog(
            flows.map((flow) => ({ raw: flow, path: `${flow.id}.json` })),
            env,
          ),
      );

    it('accepts a valid call', () => {
      expect(
        new FlowCatalog(
          [library, caller('main', 'lib')].map((flow) => ({ raw: flow, path: flow.id })),
          env,
        ).refs(),
      ).to.include('main@1');
    });

    it('requires an existing library flow and its required inputs with compatible types', () => {
      expect(catalogIssues(library, caller('main', 'missing'))).to.deep.equal([
        { path: 'main.json', node: 'call', field: 'config/flow', message: 'no flow "missing" in the catalog' },
      ]);
      expect(catalogIssues(library, caller('main', 'lib', {}))).to.deep.equal([
        { path: 'main.json', node: 'call', field: 'inputs/amount', message: 'required input "amount" of library flow "lib" is not mapped' },
      ]);
      expect(catalogIssues(library, caller('main', 'lib', { amount: 'flow.label' }))).to.deep.equal([
        { path: 'main.json', node: 'call', field: 'inputs/amount', message: 'type mismatch: flow.label is string, input "amount" of "lib" expects number' },
      ]);
      const notLibrary = caller('other', 'lib');
      expect(catalogIssues(library, notLibrary, caller('main', 'other'))[0]?.message).to.equal(
        'flow "other" is of category custom; only library flows can be called',
      );
    });

    it('refuses recursion, direct and indirect', () => {
      expect(catalogIssues(caller('self', 'self', {}, 'library'))).to.deep.equal([
        { path: 'self.json', node: 'call', field: 'config/flow', message: 'recursive call: self@1 -> self@1' },
      ]);
      const found = catalogIssues(caller('a', 'b', {}, 'library'), caller('b', 'c', {}, 'library'), caller('c', 'a', {}, 'library'));
      expect(found).to.have.length(1);
      expect(found[0]).to.deep.include({ field: 'config/flow', message: 'recursive call: a@1 -> b@1 -> c@1 -> a@1' });
    });
  });
});
