import type { NodeResult } from '../engine/node-type.js';
import type { FlowProcessor } from '../engine/processor.js';
import { proceed } from './decisions.js';
import { noOptionsSchema } from './options.js';
import { stepFlowId } from './subject.js';

/** What the audit trail keeps of a node's result: its kind and where it leads, never user data. */
function outcomeOf(result: NodeResult): Record<string, unknown> {
  switch (result.kind) {
    case 'next':
      return { port: result.port };
    case 'wait':
      return result.rejected ? { rejected: true } : {};
    case 'end':
      return { outcome: result.outcome, ...(result.error ? { error: result.error } : {}) };
    case 'call':
      return { flow: result.flow };
    case 'fail':
      return { error: result.error };
  }
}

/** Records every step (node, phase, handler, result) in the audit trail; never stops the flow. */
export const audit: FlowProcessor = {
  id: 'audit',
  description: 'Records each step and its result in the audit trail.',
  essential: true,
  optionsSchema: noOptionsSchema,
  async after({ execution, node, nodeType, stepId, phase, submission, result, services, now }) {
    services.audit.record({
      type: 'step',
      executionId: execution.id,
      flowId: stepFlowId(execution),
      stepId,
      nodeId: node.id,
      at: now,
      details: {
        nodeType,
        phase,
        ...(submission ? { handler: submission.handler } : {}),
        result: result.kind,
        ...outcomeOf(result),
      },
    });
    return proceed;
  },
};
