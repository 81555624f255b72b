import type { NodeType } from '../../engine/node-type.js';
import { evaluate } from '../../engine/expressions.js';
import { expressionIssues, expressionScopes } from '../shared/expression-scopes.js';
import { waitOn } from '../shared/screens.js';

export interface MessageConfig {
  /** Message keys or literal texts; `{name}` placeholders are filled from `args`. */
  title: string;
  body?: string;
  severity?: 'info' | 'success' | 'warning' | 'error';
  continueLabel?: string;
  /** Placeholder values: name -> expression (e.g. `{"username": "input.username"}`). */
  args?: Record<string, string>;
}

/** Shows a title and text (e.g. "your username is {username}") until the user continues. */
export const messageNode: NodeType<MessageConfig> = {
  type: 'message',
  kind: 'frontend',
  description: 'Shows a title and a text with an optional severity; the user continues.',
  interactive: true,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['title'],
    properties: {
      title: { type: 'string', minLength: 1 },
      body: { type: 'string' },
      severity: { enum: ['info', 'success', 'warning', 'error'] },
      continueLabel: { type: 'string', minLength: 1 },
      args: {
        type: 'object',
        propertyNames: { pattern: '^\\w{1,64}$' },
        additionalProperties: { type: 'string', minLength: 1 },
      },
    },
  },
  check: (config) => Object.entries(config.args ?? {}).flatMap(([name, source]) => expressionIssues(`args.${name}`, source)),
  inputs: () => ({}),
  outputs: () => ({}),
  ports: () => ['next'],

  async init(ctx) {
    const { title, body, severity = 'info', continueLabel = 'message.continue', args = {} } = ctx.node.config;
    const scopes = expressionScopes(ctx);
    const values: Record<string, string> = {};
    for (const [name, source] of Object.entries(args)) values[name] = String((await evaluate(source, scopes)) ?? '');
    return waitOn('message', { title, body, severity, continueLabel, args: values }, ['continue']);
  },

  handlers: {
    continue: async () => ({ kind: 'next', port: 'next' }),
  },
};
