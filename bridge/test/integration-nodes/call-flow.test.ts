import { expect } from 'chai';
import { callFlowNode } from '../../src/nodes/integration/call-flow-node.js';
import { harness } from '../nodes/support/node-harness.js';

describe('call-flow node', () => {
  it('asks the engine to call the library flow with its evaluated inputs', async () => {
    const run = harness(callFlowNode, { flow: 'verify-email@2' }, { input: { email: 'jane@example.com', attempts: 3 } });
    expect(await run.init()).to.deep.equal({ kind: 'call', flow: 'verify-email@2', inputs: { email: 'jane@example.com', attempts: 3 } });
  });

  it("leaves inputs and outputs to the library flow's declarations and continues at success or failure", () => {
    expect(callFlowNode.inputs({ flow: 'x' })).to.deep.equal({});
    expect(callFlowNode.outputs({ flow: 'x' })).to.deep.equal({});
    expect(callFlowNode.ports({ flow: 'x' })).to.deep.equal(['success', 'failure']);
  });
});
