import { createHash } from 'node:crypto';
import type { ConfigIssue, NodeType } from '../../engine/node-type.js';
import { duplicateIssues } from '../shared/config-issues.js';

export interface AbVariant {
  port: string;
  /** Share of users, in whole percent; all variants sum to 100. */
  percent: number;
}

export interface AbSplitConfig {
  variants: AbVariant[];
  /** Changing the salt reshuffles users between variants. */
  salt: string;
}

/** The user's bucket 0..99: stable for the same salt and user, uniform over users. */
export function bucketOf(salt: string, subject: string): number {
  return (
    createHash('sha256')
      .update(salt + subject)
      .digest()
      .readUInt32BE(0) % 100
  );
}

/** Splits users between variants by percentage; a user always lands in the same variant. */
export const abSplitNode: NodeType<AbSplitConfig> = {
  type: 'ab-split',
  kind: 'decision',
  description: 'Splits users between ports by percentage, stably per user (per execution without a user).',
  interactive: false,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['variants', 'salt'],
    properties: {
      variants: {
        type: 'array',
        minItems: 2,
        maxItems: 10,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['port', 'percent'],
          properties: {
            port: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
            percent: { type: 'integer', minimum: 0, maximum: 100 },
          },
        },
      },
      salt: { type: 'string', minLength: 1, maxLength: 128 },
    },
  },
  check(config) {
    const issues: ConfigIssue[] = duplicateIssues(
      'variants',
      config.variants.map((variant) => variant.port),
    );
    const total = config.variants.reduce((sum, variant) => sum + variant.percent, 0);
    if (total !== 100) issues.push({ field: 'variants', message: `percents sum to ${total}, not 100` });
    return issues;
  },
  inputs: () => ({}),
  outputs: () => ({ variant: { type: 'string' } }),
  ports: (config) => config.variants.map((variant) => variant.port),

  async init(ctx) {
    const { variants, salt } = ctx.node.config;
    const bucket = bucketOf(salt, ctx.context.user?.id ?? ctx.executionId);
    let upper = 0;
    // The last variant takes any rest, so a bucket always finds one.
    const variant =
      variants.find((candidate) => {
        upper += candidate.percent;
        return bucket < upper;
      }) ?? variants[variants.length - 1]!;
    return { kind: 'next', port: variant.port, outputs: { variant: variant.port } };
  },
};
