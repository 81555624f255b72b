import { evaluate } from '../../engine/expressions.js';
import type { NodeType } from '../../engine/node-type.js';
import { expressionIssues, expressionScopes } from '../shared/expression-scopes.js';

export interface SetVariablesConfig {
  /** Output name -> expression over `context`, `session`, `flow` and `input`. */
  values: Record<string, string>;
}

/** Computes values from expressions; the node's `outputs` mapping decides where they are stored. */
export const setVariablesNode: NodeType<SetVariablesConfig> = {
  type: 'set-variables',
  kind: 'backend',
  description: 'Computes values with expressions and outputs them for the flow to store.',
  interactive: false,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['values'],
    properties: {
      values: {
        type: 'object',
        minProperties: 1,
        propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' },
        additionalProperties: { type: 'string', minLength: 1 },
      },
    },
  },
  check: (config) => Object.entries(config.values).flatMap(([name, source]) => expressionIssues(`values.${name}`, source)),
  // Expressions may read any input the flow maps in; none is declared in advance.
  inputs: () => ({}),
  outputs: (config) => Object.fromEntries(Object.keys(config.values).map((name) => [name, { type: 'any' as const }])),
  ports: () => ['next'],

  async init(ctx) {
    const scopes = expressionScopes(ctx);
    const outputs: Record<string, unknown> = {};
    for (const [name, source] of Object.entries(ctx.node.config.values)) outputs[name] = await evaluate(source, scopes);
    return { kind: 'next', port: 'next', outputs };
  },
};
