import { evaluate } from '../../engine/expressions.js';
import type { NodeContext, NodeType } from '../../engine/node-type.js';
import type { RandomSource } from '../../engine/services.js';
import { expressionIssues, expressionScopes } from '../shared/expression-scopes.js';

export interface GenerateValueConfig {
  strategy: 'uuid' | 'random-digits' | 'slug';
  /** random-digits: number of digits (default 8). slug: digits of the random suffix (default 4, 0 for none). */
  length?: number;
  /** slug: expression giving the text to slugify, e.g. `input.firstName & " " & input.lastName`. */
  template?: string;
  /** slug: joins words and the suffix (default `-`). */
  separator?: '-' | '_' | '.' | '';
  /** slug: longest result, suffix included (default 64). */
  maxLength?: number;
  /** slug: used when the template gives no letters or digits (default `user`). */
  fallback?: string;
}

/** Generates a value such as a username: a UUID, random digits, or a slug with a random suffix. */
export const generateValueNode: NodeType<GenerateValueConfig> = {
  type: 'generate-value',
  kind: 'backend',
  description: 'Generates a value (UUID, random digits, or a slug of a template with a random suffix).',
  interactive: false,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['strategy'],
    properties: {
      strategy: { enum: ['uuid', 'random-digits', 'slug'] },
      length: { type: 'integer', minimum: 0, maximum: 32 },
      template: { type: 'string', minLength: 1 },
      separator: { enum: ['-', '_', '.', ''] },
      maxLength: { type: 'integer', minimum: 8, maximum: 255 },
      fallback: { type: 'string', pattern: '^[a-z0-9]{1,32}$' },
    },
  },
  check(config) {
    const issues = expressionIssues('template', config.template);
    if (config.strategy === 'slug' && config.template === undefined) issues.push({ field: 'template', message: 'the slug strategy needs a template' });
    if (config.strategy !== 'slug' && config.template !== undefined) issues.push({ field: 'template', message: 'applies only to the slug strategy' });
    if (config.strategy === 'random-digits' && config.length === 0) issues.push({ field: 'length', message: 'must be at least 1 for random digits' });
    return issues;
  },
  inputs: () => ({}),
  outputs: () => ({ value: { type: 'string' } }),
  ports: () => ['next'],

  async init(ctx) {
    return { kind: 'next', port: 'next', outputs: { value: await generate(ctx) } };
  },
};

async function generate(ctx: NodeContext<GenerateValueConfig>): Promise<string> {
  const { strategy, length, template = '""', separator = '-', maxLength = 64, fallback = 'user' } = ctx.node.config;
  if (strategy === 'uuid') return ctx.services.random.uuid();
  if (strategy === 'random-digits') return randomDigits(ctx.services.random, length ?? 8);
  const suffixLength = length ?? 4;
  const suffix = suffixLength > 0 ? `${separator}${randomDigits(ctx.services.random, suffixLength)}` : '';
  const words = slugify(String((await evaluate(template, expressionScopes(ctx))) ?? ''), separator);
  const base = trimSeparators(words.slice(0, maxLength - suffix.length), separator) || fallback;
  return `${base}${suffix}`;
}

/** Lowercase ASCII letters and digits; accents are dropped, anything else separates words. */
function slugify(text: string, separator: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/u)
    .filter(Boolean);
  return words.join(separator);
}

function trimSeparators(text: string, separator: string): string {
  if (separator === '') return text;
  let result = text;
  while (result.startsWith(separator)) result = result.slice(separator.length);
  while (result.endsWith(separator)) result = result.slice(0, -separator.length);
  return result;
}

/** Uniform decimal digits (bytes of 250 and above are redrawn to avoid a bias). */
function randomDigits(random: RandomSource, count: number): string {
  let digits = '';
  while (digits.length < count) {
    for (const byte of random.bytes(count)) {
      if (byte < 250 && digits.length < count) digits += String(byte % 10);
    }
  }
  return digits;
}
