/**
 * The taint rule (issue 8, point 5): the user id a Keycloak node acts on never comes from screen
 * input or the request, however many steps it passes through; acting on another user is flagged.
 */
import { expect } from 'chai';
import type { FlowDefinition, NodeDefinition } from '../../src/engine/flow.js';
import { inspectFlow, type FlowValidationContext } from '../../src/engine/validate-flow.js';
import { builtInNodeTypes } from '../../src/nodes/node-registry.js';
import { builtInProcessors, categoryDefaultSet, defaultProcessorSets } from '../../src/processors/index.js';
import { flowOf } from './support.js';

const env: FlowValidationContext = {
  nodeTypes: builtInNodeTypes(),
  processors: builtInProcessors(),
  defaultSets: defaultProcessorSets,
  categorySet: categoryDefaultSet,
};

const form: NodeDefinition = {
  id: 'ask',
  type: 'form',
  config: { title: 'Who?', fields: [{ name: 'who', label: 'User id', type: 'text' }] },
  outputs: { 'flow.typed': 'result.who' },
};
const actOn = (userId: string): NodeDefinition => ({
  id: 'promote',
  type: 'keycloak-membership',
  config: { subject: 'other', add: { roles: ['partner'] } },
  inputs: { userId },
});
const end: NodeDefinition = { id: 'done', type: 'end', config: { outcome: 'success' } };

/** ask -> (middle...) -> promote -> done, with every port linked. */
function flowWith(middle: NodeDefinition[], userId: string, extra: Partial<FlowDefinition> = {}): FlowDefinition {
  const chain = [form, ...middle, actOn(userId)];
  const links: Array<[string, string, string]> = [];
  chain.forEach((node, index) => {
    const next = chain[index + 1]?.id ?? 'done';
    for (const port of env.nodeTypes.get(node.type)!.ports(node.config ?? {})) links.push([node.id, port, next]);
  });
  return flowOf([...chain, end], links, { variables: { typed: { type: 'string' }, copied: { type: 'string' }, looked: { type: 'string' } }, ...extra });
}

const taintIssues = (flow: FlowDefinition) => inspectFlow(flow, env, 'f.json').issues.filter((issue) => issue.field === 'inputs/userId');

describe('flow validation: the taint rule for serverSideOnly inputs', () => {
  it('refuses a userId mapped straight from screen input', () => {
    expect(taintIssues(flowWith([], 'flow.typed'))).to.deep.equal([
      {
        path: 'f.json',
        node: 'promote',
        field: 'inputs/userId',
        message: 'must not come from a screen or the request, but reads flow.typed (written by node "ask" from what the browser sent)',
      },
    ]);
  });

  it('follows the value through other nodes: output mappings, input mappings and config expressions', () => {
    const viaOutputMapping: NodeDefinition = {
      id: 'copy',
      type: 'set-variables',
      config: { values: { x: '"constant"' } },
      outputs: { 'flow.copied': 'flow.typed' },
    };
    const viaConfig: NodeDefinition = {
      id: 'copy',
      type: 'set-variables',
      config: { values: { x: '$uppercase(flow.typed)' } },
      outputs: { 'flow.copied': 'result.x' },
    };
    const viaSession: NodeDefinition = {
      id: 'copy',
      type: 'set-variables',
      config: { values: { x: 'flow.typed' } },
      outputs: { 'session.target': 'result.x' },
    };
    expect(taintIssues(flowWith([viaOutputMapping], 'flow.copied'))).to.have.length(1);
    expect(taintIssues(flowWith([viaConfig], 'flow.copied'))).to.have.length(1);
    expect(taintIssues(flowWith([viaSession], 'session.target'))).to.have.length(1);
    expect(taintIssues(flowWith([], '$lookup(flow, "typed")'))).to.have.length(1);
  });

  it('refuses what the request says about itself and a library flow input', () => {
    expect(taintIssues(flowWith([], 'context.clientIp'))).to.have.length(1);
    expect(taintIssues(flowWith([], 'flow.given', { inputs: { given: { type: 'string' } } }))[0]?.message).to.match(/a flow input/);
  });

  it("accepts the handoff's user and values computed server-side, and flags acting on another user", () => {
    const lookup: NodeDefinition = {
      id: 'lookup',
      type: 'http-request',
      config: { method: 'GET', url: '"https://directory.example.com/manager?of=" & context.user.id', responseMapping: { manager: 'response.body.id' } },
      outputs: { 'flow.looked': 'result.manager' },
    };
    expect(taintIssues(flowWith([], 'context.user.id'))).to.deep.equal([]);
    const { issues, warnings } = inspectFlow(flowWith([lookup], 'flow.looked'), env, 'f.json');
    expect(issues).to.deep.equal([]);
    expect(warnings).to.include('f.json node "promote": acts on a user other than the journey\'s own (subject "other"): the userId input names the user');
  });

  it("trusts the id of a user the journey created from screen input, but not the create's other outputs or a derived value", () => {
    const create = (outputs: Record<string, string>): NodeDefinition => ({
      id: 'create',
      type: 'keycloak-user',
      config: { operation: 'create', username: 'flow.typed' },
      outputs,
    });
    expect(taintIssues(flowWith([create({ 'flow.copied': 'result.userId' })], 'flow.copied'))).to.deep.equal([]);
    expect(taintIssues(flowWith([create({ 'flow.copied': 'result.error' })], 'flow.copied'))).to.have.length(1);
    expect(taintIssues(flowWith([create({ 'flow.copied': 'result.userId & flow.typed' })], 'flow.copied'))).to.have.length(1);
  });

  it('does not accept a userId input without subject "other"', () => {
    const flow = flowWith([], 'context.user.id');
    flow.nodes.find((node) => node.id === 'promote')!.config = { add: { roles: ['partner'] } };
    expect(inspectFlow(flow, env, 'f.json').issues.map((issue) => issue.message)).to.deep.equal([
      '"userId" is not an input of node type "keycloak-membership" (inputs: none)',
    ]);
  });
});
