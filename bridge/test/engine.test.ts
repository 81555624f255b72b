import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { FlowEngine } from '../src/engine/flow-engine.js';
import type { Flow } from '../src/engine/flow.js';
import { validateFlow } from '../src/engine/validate-flow.js';
import { FlowValidationError } from '../src/errors.js';
import { builtInNodeTypes } from '../src/nodes/node-registry.js';

const registry = builtInNodeTypes();
const demo = JSON.parse(readFileSync(new URL('../flows/demo-profile.json', import.meta.url), 'utf8')) as Flow;

function issuesOf(raw: unknown): string[] {
  try {
    validateFlow(raw, registry);
  } catch (error) {
    expect(error).to.be.instanceOf(FlowValidationError);
    return [...(error as FlowValidationError).issues];
  }
  throw new Error('expected the flow to be invalid');
}

const withNodes = (nodes: unknown[], links: unknown[], start = 'profile') => ({ ...demo, start, nodes, links });
const profile = demo.nodes[0]!;
const done = demo.nodes[1]!;

describe('flow validation', () => {
  it('accepts the demo flow', () => {
    expect(validateFlow(demo, registry).id).to.equal('demo-profile');
  });

  it('rejects a structurally invalid file', () => {
    expect(issuesOf({ id: 'x' }).join('\n')).to.match(/must have required property/);
  });

  it('names the node with an unknown type', () => {
    const issues = issuesOf(withNodes([profile, done, { id: 'mystery', type: 'teleport', config: {} }], [...demo.links, { from: 'profile', output: 'x', to: 'mystery' }]));
    expect(issues).to.include('node "mystery": unknown node type "teleport" (known: form, end)');
  });

  it('names the node of a dangling link', () => {
    const issues = issuesOf(withNodes([profile, done], [{ from: 'profile', output: 'submitted', to: 'nowhere' }]));
    expect(issues).to.include('node "profile": output "submitted" links to missing node "nowhere"');
    expect(issues).to.include('node "done": unreachable from start node "profile"');
  });

  it('names unreachable nodes and unlinked outputs', () => {
    const orphan = { ...profile, id: 'orphan' };
    const issues = issuesOf(withNodes([profile, done, orphan], demo.links));
    expect(issues).to.include('node "orphan": unreachable from start node "profile"');
    expect(issues).to.include('node "orphan": output "submitted" is not linked');
  });

  it('requires a reachable end node', () => {
    const loop = { from: 'profile', output: 'submitted', to: 'profile' };
    expect(issuesOf(withNodes([profile], [loop]))).to.include('flow has no reachable end node');
  });

  it('validates node configs against their type and names the node', () => {
    const badEnd = { id: 'done', type: 'end', config: { outcome: 'maybe', sessionNotes: { 'bad name!': 'company' } } };
    const issues = issuesOf(withNodes([profile, badEnd], demo.links));
    expect(issues.some((issue) => issue.startsWith('node "done": config/outcome'))).to.equal(true);
    const badPattern = { ...profile, config: { title: 't', fields: [{ name: 'a', label: 'A', type: 'text', pattern: '(' }] } };
    expect(issuesOf(withNodes([badPattern, done], demo.links))).to.include('node "profile": field "a": pattern is not a valid regular expression');
  });
});

describe('flow engine', () => {
  const engine = new FlowEngine(registry);
  const flow = validateFlow(demo, registry);

  it('starts at the first screen', () => {
    const state = engine.start(flow, 1000);
    expect(state).to.include({ status: 'active', currentNode: 'profile' });
    expect(engine.screen(flow, state)?.partial).to.equal('form');
  });

  it('rejects invalid input with per-field errors and keeps the state', () => {
    const state = engine.start(flow, 1000);
    const missing = engine.submit(flow, state, { company: '  ' }, 1001);
    expect(missing.state).to.equal(state);
    expect(missing.feedback?.errors).to.deep.equal({ company: { message: 'field.required' } });
    const tooLong = engine.submit(flow, state, { company: 'x'.repeat(101) }, 1001);
    expect(tooLong.feedback?.errors['company']).to.deep.equal({ message: 'field.tooLong', args: { max: 100 } });
  });

  it('checks email and pattern fields', () => {
    const form = {
      ...profile,
      config: {
        title: 't',
        fields: [
          { name: 'mail', label: 'Mail', type: 'email' },
          { name: 'code', label: 'Code', type: 'text', pattern: '[0-9]{4}' },
        ],
      },
    };
    const custom = validateFlow(withNodes([form, done], demo.links), registry);
    const result = engine.submit(custom, engine.start(custom, 0), { mail: 'nope', code: '12345' }, 1);
    expect(result.feedback?.errors).to.deep.equal({ mail: { message: 'field.email' }, code: { message: 'field.pattern' } });
    expect(engine.submit(custom, engine.start(custom, 0), { mail: 'a@b.co', code: '1234' }, 1).state.status).to.equal('completed');
  });

  it('completes at the end node with evidence and session note actions', () => {
    const { state, feedback } = engine.submit(flow, engine.start(flow, 1000), { company: ' Acme ', jobTitle: '' }, 1005);
    expect(feedback).to.equal(undefined);
    expect(state).to.deep.include({
      status: 'completed',
      outcome: 'success',
      completedSteps: ['profile', 'done'],
      variables: { company: 'Acme' },
      evidence: [{ type: 'form_submitted', step: 'profile', at: 1005, payload: { fields: { company: 'Acme' } } }],
      actions: [{ type: 'set_session_note', name: 'company', value: 'Acme' }],
    });
  });

  it('ends with a failure outcome and no actions at a failure end node', () => {
    const failing = { id: 'done', type: 'end', config: { outcome: 'failure', error: 'not_eligible', sessionNotes: { company: 'company' } } };
    const custom = validateFlow(withNodes([profile, failing], demo.links), registry);
    const { state } = engine.submit(custom, engine.start(custom, 0), { company: 'Acme' }, 1);
    expect(state).to.deep.include({ status: 'completed', outcome: 'failure', error: 'not_eligible', actions: [] });
  });

  it('ignores submissions once the flow has ended', () => {
    const { state } = engine.submit(flow, engine.start(flow, 0), { company: 'Acme' }, 1);
    expect(engine.submit(flow, state, { company: 'Other' }, 2).state).to.equal(state);
  });
});
