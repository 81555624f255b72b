import type { NodeType } from '../../engine/node-type.js';

export interface ObligationEvidenceConfig {
  /** The obligation type the entry answers (the handoff's `obligations[].type`). */
  type: string;
  /** What the entry names as its step (default: the node id), e.g. the library flow that fulfilled it. */
  step?: string;
  /** The user skipped a soft obligation: the payload says `skipped: true`. */
  skipped?: boolean;
}

/** Same pattern as the protocol's obligation types. */
export const obligationTypePattern = '^[A-Za-z0-9_.:-]{1,64}$';

/**
 * Records the evidence entry of one obligation (protocol 1.1: one entry per obligation, `type` =
 * the obligation type, `payload` = what the flow collected). The journey's obligation plan places
 * one after each mapped library flow and hands it that flow's declared outputs as `payload`; an
 * output `amr` (string or array of strings) becomes `payload.amr`, which Keycloak adds to `amr`.
 */
export const obligationEvidenceNode: NodeType<ObligationEvidenceConfig> = {
  type: 'obligation-evidence',
  kind: 'backend',
  description: "Records one obligation's evidence entry from what the flow that fulfilled it collected.",
  interactive: false,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    properties: {
      type: { type: 'string', pattern: obligationTypePattern },
      step: { type: 'string', minLength: 1, maxLength: 200 },
      skipped: { type: 'boolean' },
    },
  },
  inputs: () => ({ payload: { type: 'object', description: 'What the flow collected (its declared outputs)' } }),
  outputs: () => ({}),
  ports: () => ['next'],

  async init(ctx) {
    const { type, step = ctx.node.id, skipped } = ctx.node.config;
    const given = ctx.input['payload'];
    const payload: Record<string, unknown> = {};
    if (given && typeof given === 'object' && !Array.isArray(given)) {
      for (const [name, value] of Object.entries(given)) if (value !== undefined && value !== null) payload[name] = value;
    }
    if (payload['amr'] !== undefined && !isAmr(payload['amr'])) delete payload['amr'];
    if (skipped) payload['skipped'] = true;
    return { kind: 'next', port: 'next', evidence: [{ type, step, at: Math.floor(ctx.now / 1000), payload }] };
  },
};

function isAmr(value: unknown): boolean {
  const valid = (item: unknown) => typeof item === 'string' && /^[A-Za-z0-9_.:-]{1,64}$/.test(item);
  return valid(value) || (Array.isArray(value) && value.length > 0 && value.every(valid));
}
