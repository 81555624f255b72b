import type { NodeContext, NodeResult, NodeType } from '../../engine/node-type.js';
import { duplicateIssues } from '../shared/config-issues.js';
import { evidenceOf } from '../shared/evidence.js';
import { isChecked, waitOn, type UserMessage } from '../shared/screens.js';

export interface ConsentPurpose {
  id: string;
  /** Message keys or literal texts. */
  label: string;
  description?: string;
  /** The flow cannot go on through `granted` without it. */
  required?: boolean;
}

export interface ConsentConfig {
  title: string;
  intro?: string;
  purposes: ConsentPurpose[];
  submitLabel?: string;
  declineLabel?: string;
}

/** Each purpose is a checkbox named `purpose-<id>`. */
const fieldName = (purpose: ConsentPurpose): string => `purpose-${purpose.id}`;

/** Consent to processing purposes; required ones must be granted. */
export const consentNode: NodeType<ConsentConfig> = {
  type: 'consent',
  kind: 'frontend',
  description: 'Asks for consent to a list of purposes; records which were granted and denied.',
  interactive: true,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['title', 'purposes'],
    properties: {
      title: { type: 'string', minLength: 1 },
      intro: { type: 'string' },
      purposes: {
        type: 'array',
        minItems: 1,
        maxItems: 30,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'label'],
          properties: {
            id: { type: 'string', pattern: '^[a-z][a-z0-9_.-]{0,63}$' },
            label: { type: 'string', minLength: 1 },
            description: { type: 'string' },
            required: { type: 'boolean' },
          },
        },
      },
      submitLabel: { type: 'string', minLength: 1 },
      declineLabel: { type: 'string', minLength: 1 },
    },
  },
  check: (config) =>
    duplicateIssues(
      'purposes',
      config.purposes.map((purpose) => purpose.id),
    ),
  inputs: () => ({
    granted: { type: 'array', description: 'Purpose ids granted before (prechecked)' },
    only: { type: 'array', description: 'Ids of the configured purposes to ask for, in this order (default: all)' },
  }),
  outputs: () => ({
    granted: { type: 'array' },
    denied: { type: 'array' },
    decisions: { type: 'object', description: 'Purpose id -> true (granted) or false (denied), as record_consent takes it' },
  }),
  ports: () => ['granted', 'declined'],

  async init(ctx) {
    const purposes = shownPurposes(ctx);
    if (!Array.isArray(purposes)) return purposes;
    const before = ctx.input['granted'];
    return consentScreen(ctx, purposes, new Set(Array.isArray(before) ? before.filter((id): id is string => typeof id === 'string') : []), {});
  },

  handlers: {
    async submit(ctx, submission) {
      const purposes = shownPurposes(ctx);
      if (!Array.isArray(purposes)) return purposes;
      const granted = purposes.filter((purpose) => isChecked(submission.values[fieldName(purpose)])).map((purpose) => purpose.id);
      const missing = purposes.filter((purpose) => purpose.required && !granted.includes(purpose.id));
      if (missing.length > 0) {
        const errors = Object.fromEntries(missing.map((purpose) => [purpose.id, { message: 'consent.requiredPurpose' }]));
        return consentScreen(ctx, purposes, new Set(granted), errors);
      }
      const denied = purposes.map((purpose) => purpose.id).filter((id) => !granted.includes(id));
      const decisions = Object.fromEntries(purposes.map((purpose) => [purpose.id, granted.includes(purpose.id)]));
      return { kind: 'next', port: 'granted', outputs: { granted, denied, decisions }, evidence: [evidenceOf(ctx, 'consent_recorded', { granted, denied })] };
    },
    decline: async () => ({ kind: 'next', port: 'declined' }),
  },
};

/** The configured purposes the step asks for: all, or those the `only` input names; an unknown id fails the step. */
function shownPurposes(ctx: NodeContext<ConsentConfig>): ConsentPurpose[] | NodeResult {
  const { purposes } = ctx.node.config;
  const only = ctx.input['only'];
  if (only === undefined || only === null) return purposes;
  const ids = (Array.isArray(only) ? only : [only]).map(String);
  const unknown = ids.filter((id) => !purposes.some((purpose) => purpose.id === id));
  if (ids.length === 0 || unknown.length > 0) {
    return {
      kind: 'fail',
      error: 'consent_purpose_unknown',
      message: `consent ${ctx.node.id}: ${ids.length === 0 ? 'the only input names no purpose' : `no configured purpose ${unknown.map((id) => `"${id}"`).join(', ')}`} (configured: ${purposes.map((purpose) => purpose.id).join(', ')})`,
    };
  }
  return [...new Set(ids)].map((id) => purposes.find((purpose) => purpose.id === id)!);
}

function consentScreen(
  ctx: NodeContext<ConsentConfig>,
  purposes: readonly ConsentPurpose[],
  granted: ReadonlySet<string>,
  errors: Record<string, UserMessage>,
) {
  const { title, intro, submitLabel = 'consent.submit', declineLabel = 'consent.decline' } = ctx.node.config;
  return waitOn(
    'consent',
    {
      title,
      intro,
      submitLabel,
      declineLabel,
      hasErrors: Object.keys(errors).length > 0,
      purposes: purposes.map((purpose) => ({
        ...purpose,
        required: purpose.required === true,
        field: fieldName(purpose),
        checked: granted.has(purpose.id),
        error: errors[purpose.id],
      })),
    },
    ['submit', 'decline'],
  );
}
