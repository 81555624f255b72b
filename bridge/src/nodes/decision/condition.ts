import { evaluateCondition } from '../../engine/expressions.js';
import type { NodeType } from '../../engine/node-type.js';
import { expressionIssues, expressionScopes } from '../shared/expression-scopes.js';

export interface ConditionConfig {
  /** Leaves through `true` only when this gives the boolean true. */
  expression: string;
}

export const conditionNode: NodeType<ConditionConfig> = {
  type: 'condition',
  kind: 'decision',
  description: 'Branches on a condition: port `true` when the expression is true, else `false`.',
  interactive: false,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['expression'],
    properties: { expression: { type: 'string', minLength: 1 } },
  },
  check: (config) => expressionIssues('expression', config.expression),
  inputs: () => ({}),
  outputs: () => ({}),
  ports: () => ['true', 'false'],

  async init(ctx) {
    const holds = await evaluateCondition(ctx.node.config.expression, expressionScopes(ctx));
    return { kind: 'next', port: holds ? 'true' : 'false' };
  },
};
