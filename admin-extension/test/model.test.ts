/** The designer's model over the flow definition, checked against the bridge's real validation. */
import { describe, expect, it } from 'vitest';
import { FlowCatalog } from '../../bridge/src/engine/flow-catalog.js';
import { FlowValidationError } from '../../bridge/src/errors.js';
import { flowRuntime } from '../../bridge/src/flow-runtime.js';
import { nodePorts } from '../../bridge/src/journey/flow-validation.js';
import {
  addNode,
  autoLayout,
  canRedo,
  canUndo,
  connect,
  copy,
  deleteNodes,
  disconnect,
  historyOf,
  moveNode,
  nodeSize,
  paste,
  placeIssues,
  portsOf,
  record,
  redo,
  renameNode,
  undo,
  updateFlow,
  updateNode,
  variablesInScope,
  type FlowDefinition,
} from '../src/designer/model/index.js';
import { nodeTypeCatalog as catalog } from '../src/designer/node-types.js';

const runtime = flowRuntime();

/** What the bridge says of a definition: [] when it would run it, else its issues. */
function bridgeIssues(flow: FlowDefinition): Array<{ node?: string; field: string }> {
  try {
    new FlowCatalog([], runtime.validation).validate({ raw: structuredClone(flow), path: 'flow' });
    return [];
  } catch (error) {
    if (!(error instanceof FlowValidationError)) throw error;
    return error.issues.map(({ node, field }) => ({ ...(node ? { node } : {}), field }));
  }
}

const empty: FlowDefinition = { schemaVersion: 1, id: 'designed', name: 'Designed', category: 'custom', version: '1', start: '', nodes: [], links: [] };
const formConfig = { title: 'ask.title', fields: [{ name: 'email', label: 'ask.email', type: 'email', required: true }] };

/** form -> condition -> end (true) / end (false), built through the model only. */
function designed(): FlowDefinition {
  let flow = updateFlow(empty, { variables: { email: { type: 'string' } } });
  const form = addNode(flow, 'form', { x: 0, y: 0 }, formConfig);
  const check = addNode(form.flow, 'condition', { x: 0, y: 100 }, { expression: "$contains(flow.email, '@')" });
  const done = addNode(check.flow, 'end', { x: 0, y: 200 }, { outcome: 'success' });
  const failed = addNode(done.flow, 'end', { x: 200, y: 200 }, { outcome: 'failure', error: 'bad_email' });
  flow = updateNode(failed.flow, form.id, { outputs: { 'flow.email': 'result.email' } });
  flow = connect(flow, form.id, 'submitted', check.id);
  flow = connect(flow, check.id, 'true', done.id);
  return connect(flow, check.id, 'false', failed.id);
}

describe('designer model', () => {
  it('the generated catalog is the bridge registry: every built-in type with its kind, schema and ports', () => {
    expect([...catalog.keys()]).to.deep.equal(runtime.nodeTypes.types());
    const condition = catalog.get('condition')!;
    expect(condition).to.deep.include({ kind: 'decision', ports: ['true', 'false'], portsFromConfig: false });
    expect(condition.configSchema).to.deep.equal(runtime.nodeTypes.get('condition')!.configSchema);
    expect(catalog.get('switch')).to.deep.include({ ports: [], portsFromConfig: true });
  });

  it('adds nodes with unique ids; the first becomes the start; the result is a flow the bridge runs', () => {
    const flow = designed();
    expect(flow.nodes.map((node) => node.id)).to.deep.equal(['form', 'condition', 'end', 'end-2']);
    expect(flow.start).to.equal('form');
    expect(flow.nodes[0]!.ui).to.deep.equal({ x: 0, y: 0 });
    expect(bridgeIssues(flow)).to.deep.equal([]);
  });

  it('connecting a port again replaces its link (a port is linked once); disconnecting leaves it unlinked, which the bridge names', () => {
    let flow = connect(designed(), 'condition', 'false', 'end');
    expect(flow.links.filter((link) => link.from === 'condition')).to.deep.equal([
      { from: 'condition', output: 'true', to: 'end' },
      { from: 'condition', output: 'false', to: 'end' },
    ]);
    expect(bridgeIssues(flow)).to.deep.equal([{ node: 'end-2', field: 'id' }]);
    flow = disconnect(flow, 'condition', 'false');
    expect(bridgeIssues(flow)).to.deep.include({ node: 'condition', field: 'ports/false' });
    expect(() => connect(flow, 'condition', 'false', 'nowhere')).to.throw('no node "nowhere"');
  });

  it('deleting nodes removes their links and moves a deleted start', () => {
    const flow = deleteNodes(designed(), ['form']);
    expect(flow.nodes.map((node) => node.id)).to.deep.equal(['condition', 'end', 'end-2']);
    expect(flow.links.some((link) => link.from === 'form' || link.to === 'form')).to.equal(false);
    expect(flow.start).to.equal('condition');
    expect(bridgeIssues(deleteNodes(designed(), ['end']))).to.deep.include({ node: 'condition', field: 'ports/true' });
  });

  it('renaming a node carries its links and the start along; taken or malformed ids are refused', () => {
    const flow = renameNode(designed(), 'form', 'ask');
    expect(flow.start).to.equal('ask');
    expect(flow.links[0]).to.deep.equal({ from: 'ask', output: 'submitted', to: 'condition' });
    expect(bridgeIssues(flow)).to.deep.equal([]);
    expect(() => renameNode(flow, 'ask', 'end')).to.throw('another node has the id "end"');
    expect(() => renameNode(flow, 'ask', '9lives')).to.throw('is not a node id');
  });

  it('moves nodes and edits configs without touching the input definition', () => {
    const before = designed();
    const snapshot = structuredClone(before);
    const after = updateNode(moveNode(before, 'form', { x: 10.4, y: 20.6 }), 'end-2', { name: 'Refused', config: { outcome: 'failure', error: 'nope' } });
    expect(before).to.deep.equal(snapshot);
    expect(after.nodes[0]!.ui).to.deep.equal({ x: 10, y: 21 });
    expect(after.nodes[3]).to.deep.include({ name: 'Refused', config: { outcome: 'failure', error: 'nope' } });
    expect(updateNode(after, 'end-2', { name: undefined }).nodes[3]).not.to.have.property('name');
  });

  it('moving a node to where it is (a click on it) is the same definition: nothing to save, no undo step', () => {
    const placed = moveNode(designed(), 'form', { x: 10, y: 20 });
    expect(moveNode(placed, 'form', { x: 10.2, y: 19.8 })).to.equal(placed);
    const history = record(historyOf(placed), moveNode(placed, 'form', { x: 10, y: 20 }));
    expect(canUndo(history)).to.equal(false);
    expect(moveNode(placed, 'form', { x: 11, y: 20 })).not.to.equal(placed);
  });

  it('undo and redo walk the states; a new edit drops the redo; the history is bounded', () => {
    const a = designed();
    const b = moveNode(a, 'form', { x: 5, y: 5 });
    const c = deleteNodes(b, ['end-2']);
    let history = record(record(historyOf(a), b), c);
    expect(canRedo(history)).to.equal(false);
    history = undo(undo(history));
    expect(history.present).to.equal(a);
    expect(canUndo(history)).to.equal(false);
    expect(undo(history)).to.equal(history);
    history = redo(history);
    expect(history.present).to.equal(b);
    history = record(history, updateFlow(b, { name: 'Other' }));
    expect(canRedo(history)).to.equal(false);
    let bounded = historyOf(0, 3);
    for (let step = 1; step <= 10; step += 1) bounded = record(bounded, step);
    expect(bounded.past).to.deep.equal([7, 8, 9]);
  });

  it('copy/paste duplicates a selection with fresh ids, the links inside it, shifted; the result still validates', () => {
    const flow = designed();
    const clipboard = copy(flow, ['condition', 'end']);
    expect(clipboard.links).to.deep.equal([{ from: 'condition', output: 'true', to: 'end' }]);
    const pasted = paste(flow, clipboard);
    expect(pasted.ids).to.deep.equal(['condition-2', 'end-3']);
    expect(pasted.flow.links.at(-1)).to.deep.equal({ from: 'condition-2', output: 'true', to: 'end-3' });
    expect(pasted.flow.nodes.at(-2)!.ui).to.deep.equal({ x: 40, y: 140 });
    // Wired in, the pasted decision is a valid step of the flow.
    let wired = connect(pasted.flow, 'condition', 'true', 'condition-2');
    wired = connect(wired, 'condition-2', 'false', 'end');
    expect(bridgeIssues(wired)).to.deep.equal([]);
    clipboard.nodes[0]!.config!['expression'] = 'changed';
    expect(pasted.flow.nodes.at(-2)!.config!['expression']).not.to.equal('changed');
  });

  it('auto-layout places every node top to bottom from the start, without overlaps, and keeps the flow valid', () => {
    const flow = autoLayout(designed());
    const at = Object.fromEntries(flow.nodes.map((node) => [node.id, node.ui!]));
    expect(at['form']!.y).to.be.lessThan(at['condition']!.y);
    expect(at['condition']!.y).to.be.lessThan(at['end']!.y);
    expect(at['end']!.y).to.equal(at['end-2']!.y);
    expect(Math.abs(at['end']!.x - at['end-2']!.x)).to.be.at.least(nodeSize.width);
    expect(bridgeIssues(flow)).to.deep.equal([]);
  });

  it('lists variables in scope with where each is set and read', () => {
    const flow = updateNode(designed(), 'end', { config: { outcome: 'success', sessionNotes: { mail: 'flow.email' } } });
    const withSession = updateNode(flow, 'condition', { outputs: { 'session.checked': 'true' }, when: 'session.checked != true' });
    expect(variablesInScope(withSession)).to.deep.equal([
      {
        scope: 'flow',
        name: 'email',
        declared: { type: 'string', as: 'variable' },
        setBy: [{ node: 'form', field: 'outputs/flow.email' }],
        readBy: [
          { node: 'condition', field: 'config/expression' },
          { node: 'end', field: 'config/sessionNotes/mail' },
        ],
      },
      { scope: 'session', name: 'checked', setBy: [{ node: 'condition', field: 'outputs/session.checked' }], readBy: [{ node: 'condition', field: 'when' }] },
    ]);
  });

  it("draws a node's ports from the bridge's answer for its config, else the catalog's, plus linked ones", () => {
    let flow = addNode(designed(), 'switch', { x: 0, y: 300 }, { expression: 'flow.email', cases: [{ value: 'a', port: 'alpha' }] }).flow;
    const node = flow.nodes.at(-1)!;
    expect(portsOf(flow, node, catalog)).to.deep.equal([]);
    expect(portsOf(flow, node, catalog, nodePorts(flow as never, runtime.nodeTypes))).to.deep.equal(['alpha', 'default']);
    flow = connect(flow, node.id, 'alpha', 'end');
    expect(portsOf(flow, node, catalog)).to.deep.equal(['alpha']);
  });

  it('places validation issues on the nodes they name; the rest are flow-level', () => {
    const placed = placeIssues(
      'designed',
      ['form'],
      [
        { path: 'designed@2', node: 'form', field: 'config/title', message: 'required' },
        { path: 'designed@2', node: 'gone', field: 'id', message: 'x' },
        { path: 'designed@2', node: null, field: 'nodes', message: 'no end node' },
        { path: 'library@1', node: 'form', field: 'id', message: 'in a library flow' },
      ],
    );
    expect([...placed.byNode.keys()]).to.deep.equal(['form']);
    expect(placed.flowLevel.map((issue) => issue.message)).to.deep.equal(['x', 'no end node', 'in a library flow']);
  });
});
