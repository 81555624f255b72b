import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { FlowCatalog } from '../src/engine/flow-catalog.js';
import { FlowEngine } from '../src/engine/flow-engine.js';
import type { FlowDefinition } from '../src/engine/flow.js';
import { processorResolver } from '../src/engine/processor-selection.js';
import { validateFlow, type FlowValidationContext } from '../src/engine/validate-flow.js';
import { FlowValidationError, type FlowIssue } from '../src/errors.js';
import { builtInNodeTypes } from '../src/nodes/node-registry.js';
import { builtInProcessors, categoryDefaultSet, defaultProcessorSets } from '../src/processors/index.js';
import { MemoryCounterStore } from '../src/store/memory-counter-store.js';

/** The demo flow on the built-in node types and processors, as the bridge runs it. */
const env: FlowValidationContext = {
  nodeTypes: builtInNodeTypes(),
  processors: builtInProcessors(),
  defaultSets: defaultProcessorSets,
  categorySet: categoryDefaultSet,
};
const demo = JSON.parse(readFileSync(new URL('../flows/demo-profile.json', import.meta.url), 'utf8')) as FlowDefinition;

function issuesOf(raw: unknown): FlowIssue[] {
  try {
    validateFlow(raw, env);
  } catch (error) {
    expect(error).to.be.instanceOf(FlowValidationError);
    return [...(error as FlowValidationError).issues];
  }
  throw new Error('expected the flow to be invalid');
}

const withNodes = (nodes: unknown[], links: unknown[], start = 'profile') => ({ ...demo, start, nodes, links });
const profile = demo.nodes[0]!;
const done = demo.nodes[1]!;

describe('flow validation (demo flow)', () => {
  it('accepts the demo flow', () => {
    expect(validateFlow(demo, env).flow.id).to.equal('demo-profile');
  });

  it('rejects a structurally invalid file', () => {
    expect(
      issuesOf({ id: 'x' })
        .map((issue) => issue.message)
        .join('\n'),
    ).to.match(/must have required property/);
  });

  it('names the node with an unknown type', () => {
    const issues = issuesOf(
      withNodes([profile, done, { id: 'mystery', type: 'teleport', config: {} }], [...demo.links, { from: 'mystery', output: 'x', to: 'done' }]),
    );
    expect(issues).to.deep.include({
      path: 'flow',
      node: 'mystery',
      field: 'type',
      message: `unknown node type "teleport" (known: ${env.nodeTypes.types().join(', ')})`,
    });
  });

  it('names the node of a dangling link', () => {
    const issues = issuesOf(withNodes([profile, done], [{ from: 'profile', output: 'submitted', to: 'nowhere' }]));
    expect(issues).to.deep.include({ path: 'flow', node: 'profile', field: 'links/0/to', message: 'port "submitted" links to unknown node "nowhere"' });
    expect(issues).to.deep.include({ path: 'flow', node: 'done', field: 'id', message: 'unreachable from the start node "profile"' });
  });

  it('names unreachable nodes and unlinked ports', () => {
    const orphan = { ...profile, id: 'orphan' };
    const issues = issuesOf(withNodes([profile, done, orphan], demo.links));
    expect(issues).to.deep.include({ path: 'flow', node: 'orphan', field: 'id', message: 'unreachable from the start node "profile"' });
    expect(issues).to.deep.include({ path: 'flow', node: 'orphan', field: 'ports/submitted', message: 'port "submitted" is not linked' });
  });

  it('requires a reachable end node', () => {
    const loop = { from: 'profile', output: 'submitted', to: 'profile' };
    expect(issuesOf(withNodes([profile], [loop]))).to.deep.include({ path: 'flow', field: 'nodes', message: 'the flow has no end node (type "end")' });
  });

  it('validates node configs against their type and names the node', () => {
    const badEnd = { id: 'done', type: 'end', config: { outcome: 'maybe', sessionNotes: { 'bad name!': 'flow.company' } } };
    const issues = issuesOf(withNodes([profile, badEnd], demo.links));
    expect(issues.some((issue) => issue.node === 'done' && issue.field === 'config/outcome')).to.equal(true);
    const badPattern = { ...profile, config: { title: 't', fields: [{ name: 'a', label: 'A', type: 'text', pattern: '(' }] }, outputs: {} };
    const patternIssues = issuesOf(withNodes([badPattern, done], demo.links));
    expect(
      patternIssues.some(
        (issue) => issue.node === 'profile' && issue.field.startsWith('config/') && /pattern|regular expression/.test(`${issue.field} ${issue.message}`),
      ),
    ).to.equal(true);
  });
});

describe('flow engine (demo flow)', () => {
  const catalog = new FlowCatalog([{ raw: demo, path: 'demo-profile.json' }], env);
  const flow = catalog.require('demo-profile');
  let time = 1_000_000;
  const unused = () => {
    throw new Error('unused');
  };
  const engineFor = (catalog: FlowCatalog) =>
    new FlowEngine({
      nodeTypes: env.nodeTypes,
      services: {
        clock: { now: () => time },
        random: { bytes: (n) => new Uint8Array(n), uuid: () => 'u' },
        http: { request: unused },
        users: new Proxy({}, { get: () => unused }) as never,
        organizations: new Proxy({}, { get: () => unused }) as never,
        mail: { send: unused },
        counters: new MemoryCounterStore(() => time),
        audit: { record() {} },
        flows: catalog,
      },
      resolveProcessors: processorResolver(env.processors, env.defaultSets, env.categorySet),
    });
  const engine = engineFor(catalog);
  const context = { issuer: 'https://kc/realms/test', realm: 'test', client: { id: 'demo-app' }, user: { id: 'user-123' } };
  const start = () => engine.start(flow, context, { executionId: `e-${time++}` });

  it('starts at the first screen', async () => {
    const execution = await start();
    expect(execution.status).to.equal('active');
    expect(execution.frames.at(-1)?.nodeId).to.equal('profile');
    expect(execution.current?.screen.partial).to.equal('form');
  });

  it('refuses invalid input with per-field errors and stays on the step', async () => {
    const execution = await start();
    const stepId = execution.current!.stepId;
    const missing = await engine.submit(execution, stepId, { handler: 'submit', values: { company: '  ' } });
    expect(missing.execution.current?.stepId).to.equal(stepId);
    expect(missing.execution.completed).to.deep.equal([]);
    const fields = missing.execution.current?.screen.model['fields'] as Array<{ name: string; error?: { message: string } }>;
    expect(fields.find((field) => field.name === 'company')?.error?.message).to.equal('field.required');
  });

  it('completes at the end node with evidence and session note actions', async () => {
    const execution = await start();
    const { execution: after, outcome } = await engine.submit(execution, execution.current!.stepId, {
      handler: 'submit',
      values: { company: ' Acme ', jobTitle: '' },
    });
    expect(outcome).to.equal('advanced');
    expect(after).to.deep.include({ status: 'completed', outcome: 'success', actions: [{ type: 'set_session_note', name: 'company', value: 'Acme' }] });
    expect(after.frames[0]?.variables).to.deep.equal({ company: 'Acme' });
    expect(after.completed.map((step) => [step.nodeId, step.result])).to.deep.equal([
      ['profile', 'submitted'],
      ['done', 'end'],
    ]);
    expect(after.evidence).to.have.length(1);
    expect(after.evidence[0]).to.deep.include({ type: 'form_submitted', step: 'profile', payload: { fields: { company: 'Acme' } } });
  });

  it('ends as failed with the end node error at a failure end node', async () => {
    const failing = { id: 'done', type: 'end', config: { outcome: 'failure', error: 'not_eligible' } };
    const custom = validateFlow(withNodes([profile, failing], demo.links), env).flow;
    const local = new FlowCatalog([{ raw: custom, path: 'custom.json' }], env);
    const failingEngine = engineFor(local);
    const execution = await failingEngine.start(local.require('demo-profile'), context, { executionId: 'x' });
    const { execution: after } = await failingEngine.submit(execution, execution.current!.stepId, { handler: 'submit', values: { company: 'Acme' } });
    expect(after).to.deep.include({ status: 'failed', outcome: 'failure', error: 'not_eligible' });
  });

  it('refuses submissions once the execution has ended', async () => {
    const execution = await start();
    const { execution: after } = await engine.submit(execution, execution.current!.stepId, { handler: 'submit', values: { company: 'Acme' } });
    await engine.submit(after, 's1', { handler: 'submit', values: { company: 'Other' } }).then(
      () => expect.fail('should refuse'),
      (error: { code: string }) => expect(error.code).to.equal('execution_finished'),
    );
  });
});
