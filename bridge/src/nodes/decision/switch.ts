import { evaluate } from '../../engine/expressions.js';
import type { NodeType } from '../../engine/node-type.js';
import { duplicateIssues } from '../shared/config-issues.js';
import { expressionIssues, expressionScopes } from '../shared/expression-scopes.js';
import { scalarSchema } from '../shared/schema-parts.js';

export interface SwitchCase {
  value: string | number | boolean;
  port: string;
}

export interface SwitchConfig {
  expression: string;
  /** Tried in order; several cases may share a port. */
  cases: SwitchCase[];
}

const defaultPort = 'default';

/** Branches on the value of an expression: the first case equal to it, else `default`. */
export const switchNode: NodeType<SwitchConfig> = {
  type: 'switch',
  kind: 'decision',
  description: 'Branches on the value of an expression: the port of the matching case, else `default`.',
  interactive: false,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['expression', 'cases'],
    properties: {
      expression: { type: 'string', minLength: 1 },
      cases: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['value', 'port'],
          properties: {
            value: scalarSchema,
            port: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$', not: { const: defaultPort } },
          },
        },
      },
    },
  },
  check: (config) => [
    ...expressionIssues('expression', config.expression),
    ...duplicateIssues(
      'cases',
      config.cases.map((entry) => entry.value),
    ),
  ],
  inputs: () => ({}),
  outputs: () => ({}),
  ports: (config) => [...new Set(config.cases.map((entry) => entry.port)), defaultPort],

  async init(ctx) {
    const value = await evaluate(ctx.node.config.expression, expressionScopes(ctx));
    return { kind: 'next', port: ctx.node.config.cases.find((entry) => entry.value === value)?.port ?? defaultPort };
  },
};
