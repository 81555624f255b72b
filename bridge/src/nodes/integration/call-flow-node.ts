import type { NodeType } from '../../engine/node-type.js';

export interface CallFlowConfig {
  /** A library flow: `id` (its current version) or `id@version`. */
  flow: string;
  /** Leave through a separate `cancelled` port when the library flow ends `cancelled` (default: `failure`). */
  cancelledPort?: boolean;
}

/**
 * Runs a library flow as a sub-flow. Its inputs and outputs are the library flow's declarations,
 * which only the engine can see: the node passes its inputs through and the engine checks the
 * mappings against the library flow.
 */
export const callFlowNode: NodeType<CallFlowConfig> = {
  type: 'call-flow',
  kind: 'integration',
  description: 'Runs a library flow with inputs and continues at success or failure (or cancelled) with its outputs.',
  interactive: false,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['flow'],
    properties: { flow: { type: 'string', pattern: '^[^@\\s]+(@[^@\\s]+)?$' }, cancelledPort: { type: 'boolean' } },
  },
  inputs: () => ({}),
  outputs: () => ({}),
  ports: (config) => (config.cancelledPort ? ['success', 'failure', 'cancelled'] : ['success', 'failure']),

  async init(ctx) {
    return { kind: 'call', flow: ctx.node.config.flow, inputs: { ...ctx.input } };
  },
};
