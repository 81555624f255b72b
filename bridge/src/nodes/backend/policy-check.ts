import { evaluate, evaluateCondition, type Scopes } from '../../engine/expressions.js';
import type { ConfigIssue, NodeType } from '../../engine/node-type.js';
import { expressionIssues, expressionScopes } from '../shared/expression-scopes.js';
import { regexIssues, wholeValueRegex } from '../shared/regex.js';
import { scalarSchema } from '../shared/schema-parts.js';

export interface PolicyRule {
  /** Names the rule in the violations (default: its position, `rules[0]`). */
  id?: string;
  /** Expression giving the value to check, e.g. `input.username`. */
  field: string;
  regex?: string;
  minLength?: number;
  maxLength?: number;
  oneOf?: Array<string | number | boolean>;
  /** Condition that must be true; it sees the checked value as `value`. */
  expression?: string;
  /** Message key or literal text for a violation (default: `policy.<check>`). */
  message?: string;
}

export interface PolicyCheckConfig {
  rules: PolicyRule[];
}

export interface Violation {
  rule: string;
  check: (typeof checks)[number];
  /** Message key or literal text. */
  message: string;
}

const checks = ['regex', 'minLength', 'maxLength', 'oneOf', 'expression'] as const;

/** Checks values against rules; leaves through `pass` or `fail` with the violations. */
export const policyCheckNode: NodeType<PolicyCheckConfig> = {
  type: 'policy-check',
  kind: 'backend',
  description: 'Checks values against rules (regex, length, allowed values, expression); passes or fails.',
  interactive: false,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['rules'],
    properties: {
      rules: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['field'],
          anyOf: checks.map((check) => ({ required: [check] })),
          properties: {
            id: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' },
            field: { type: 'string', minLength: 1 },
            regex: { type: 'string', minLength: 1 },
            minLength: { type: 'integer', minimum: 0 },
            maxLength: { type: 'integer', minimum: 0 },
            oneOf: { type: 'array', minItems: 1, items: scalarSchema },
            expression: { type: 'string', minLength: 1 },
            message: { type: 'string', minLength: 1 },
          },
        },
      },
    },
  },
  check: (config) => config.rules.flatMap(ruleIssues),
  inputs: () => ({}),
  outputs: () => ({ violations: { type: 'array', description: 'List of {rule, check, message}' } }),
  ports: () => ['pass', 'fail'],

  async init(ctx) {
    const scopes = expressionScopes(ctx);
    const violations: Violation[] = [];
    for (const [index, rule] of ctx.node.config.rules.entries()) {
      const value = await evaluate(rule.field, scopes);
      for (const check of await failedChecks(rule, value, scopes)) {
        violations.push({ rule: rule.id ?? `rules[${index}]`, check, message: rule.message ?? `policy.${check}` });
      }
    }
    return { kind: 'next', port: violations.length === 0 ? 'pass' : 'fail', outputs: { violations } };
  },
};

function ruleIssues(rule: PolicyRule, index: number): ConfigIssue[] {
  const at = `rules[${index}]`;
  const issues = [
    ...expressionIssues(`${at}.field`, rule.field),
    ...expressionIssues(`${at}.expression`, rule.expression),
    ...regexIssues(`${at}.regex`, rule.regex),
  ];
  if (rule.minLength !== undefined && rule.maxLength !== undefined && rule.minLength > rule.maxLength)
    issues.push({ field: `${at}.minLength`, message: 'is greater than maxLength' });
  return issues;
}

async function failedChecks(rule: PolicyRule, value: unknown, scopes: Scopes): Promise<Violation['check'][]> {
  // A missing value is checked as the empty text, so `required`-like rules are a minLength of 1.
  const text = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const length = Array.isArray(value) ? value.length : [...text].length;
  const failed: Violation['check'][] = [];
  if (rule.regex !== undefined && !wholeValueRegex(rule.regex).test(text)) failed.push('regex');
  if (rule.minLength !== undefined && length < rule.minLength) failed.push('minLength');
  if (rule.maxLength !== undefined && length > rule.maxLength) failed.push('maxLength');
  if (rule.oneOf !== undefined && !rule.oneOf.includes(value as string | number | boolean)) failed.push('oneOf');
  if (rule.expression !== undefined && !(await evaluateCondition(rule.expression, { ...scopes, value } as Scopes))) failed.push('expression');
  return failed;
}
