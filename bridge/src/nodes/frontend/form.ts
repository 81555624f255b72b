import type { VariableDeclaration } from '../../engine/flow.js';
import type { NodeContext, NodeResult, NodeType } from '../../engine/node-type.js';
import { evidenceOf } from '../shared/evidence.js';
import { failureCode } from '../integration/failures.js';
import { isChecked, waitOn, type UserMessage } from '../shared/screens.js';
import { displayValue, fieldIssues, isTextLike, fieldSchema, maxLengthOf, parseField, variableTypeOf, type FieldValue, type FormField } from './form-fields.js';

export interface FormConfig {
  /** Message keys or literal texts. */
  title: string;
  intro?: string;
  submitLabel?: string;
  fields: FormField[];
  /** Offers a second button that leaves through `skipped` without validating (hidden when the input `skippable` is false). */
  skipLabel?: string;
  /**
   * Valid submissions are also checked by the realm's user profile for the journey's user (as the
   * user's own update-profile submission: Keycloak's validators); a refused value shows Keycloak's
   * message on its field.
   */
  checkUserProfile?: boolean;
}

type Values = Record<string, FieldValue | string | undefined>;

/** A screen with typed, validated fields; a valid submission becomes the node's outputs. */
export const formNode: NodeType<FormConfig> = {
  type: 'form',
  kind: 'frontend',
  description: 'Shows a form with typed, validated fields and outputs the submitted values.',
  interactive: true,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['title', 'fields'],
    properties: {
      title: { type: 'string', minLength: 1 },
      intro: { type: 'string' },
      submitLabel: { type: 'string', minLength: 1 },
      fields: { type: 'array', minItems: 1, maxItems: 50, items: fieldSchema },
      skipLabel: { type: 'string', minLength: 1 },
      checkUserProfile: { type: 'boolean' },
    },
  },
  check: (config) => [
    ...fieldIssues(config.fields),
    ...config.fields
      .filter((field) => reservedInputs.includes(field.name))
      .map((field) => ({ field: 'fields', message: `"${field.name}" is reserved for an input of the form itself` })),
  ],
  // Each field can be prefilled from the input of the same name; `only` limits the fields shown.
  inputs: (config) => ({
    ...declarations(config.fields),
    [onlyInput]: { type: 'array', description: 'Names of the configured fields to show, in this order (default: all)' },
    ...(config.skipLabel ? { [skippableInput]: { type: 'boolean', description: 'false hides the skip button (default: shown)' } } : {}),
  }),
  outputs: (config) => declarations(config.fields),
  ports: (config) => (config.skipLabel ? ['submitted', 'skipped'] : ['submitted']),

  init: async (ctx) => openForm(ctx),

  handlers: {
    async submit(ctx, submission) {
      const fields = shownFields(ctx);
      if (!Array.isArray(fields)) return fields;
      const outputs: Record<string, FieldValue> = {};
      const errors: Record<string, UserMessage> = {};
      for (const field of fields) {
        const { value, error } = parseField(field, submission.values[field.name]);
        if (error) errors[field.name] = error;
        else if (value !== undefined) outputs[field.name] = value;
      }
      if (Object.keys(errors).length > 0) return formScreen(ctx, fields, submission.values, errors);
      if (ctx.node.config.checkUserProfile) {
        const checked = await profileRefusals(ctx, outputs);
        if ('failed' in checked) return checked.failed;
        if (Object.keys(checked.refused).length > 0) return formScreen(ctx, fields, submission.values, checked.refused);
      }
      return { kind: 'next', port: 'submitted', outputs, evidence: [evidenceOf(ctx, 'form_submitted', { fields: outputs })] };
    },
    // Not offered (a mandatory form): a request that asks anyway gets the form again.
    skip: async (ctx) => (skippable(ctx) ? { kind: 'next', port: 'skipped' } : openForm(ctx)),
  },
};

/** The form as it opens: the fields shown, prefilled from the inputs of the same name. */
function openForm(ctx: NodeContext<FormConfig>): NodeResult {
  const fields = shownFields(ctx);
  if (!Array.isArray(fields)) return fields;
  const prefill = Object.fromEntries(fields.map((field) => [field.name, ctx.input[field.name]])) as Values;
  return formScreen(ctx, fields, prefill, {});
}

/** A skip button is configured and the `skippable` input does not hide it. */
const skippable = (ctx: NodeContext<FormConfig>): boolean => ctx.node.config.skipLabel !== undefined && ctx.input[skippableInput] !== false;

/**
 * What the realm's user profile refuses of the submitted values, per field, in Keycloak's words;
 * a journey without a user, or a directory that cannot answer, fails the step.
 */
async function profileRefusals(
  ctx: NodeContext<FormConfig>,
  values: Record<string, FieldValue>,
): Promise<{ refused: Record<string, UserMessage> } | { failed: NodeResult }> {
  const userId = ctx.context.user?.id;
  if (!userId) return { failed: { kind: 'fail', error: 'keycloak_user_missing', message: `form ${ctx.node.id}: checkUserProfile needs the journey's user` } };
  const attributes = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, [String(value)]]));
  if (Object.keys(attributes).length === 0) return { refused: {} };
  try {
    const problems = await ctx.services.users.checkProfile(ctx.context.issuer, userId, attributes, ctx.locale);
    return {
      refused: Object.fromEntries(
        problems.filter((problem) => Object.hasOwn(values, problem.attribute)).map((problem) => [problem.attribute, { message: problem.message }]),
      ),
    };
  } catch (error) {
    const message = `form ${ctx.node.id}: the user profile check failed: ${(error as Error).message}`;
    return { failed: { kind: 'fail', error: failureCode(error, 'directory_error'), message } };
  }
}

function declarations(fields: readonly FormField[]): Record<string, VariableDeclaration> {
  return Object.fromEntries(fields.map((field) => [field.name, { type: variableTypeOf(field) }]));
}

/** The input that limits the configured fields to a subset (e.g. the attributes an obligation names). */
const onlyInput = 'only';
/** The input that hides the skip button (e.g. false when an obligation is mandatory). */
const skippableInput = 'skippable';
const reservedInputs = [onlyInput, skippableInput];

/** The configured fields the step shows: all, or those `only` names, in its order; a name that is not configured fails the step. */
function shownFields(ctx: NodeContext<FormConfig>): FormField[] | NodeResult {
  const { fields } = ctx.node.config;
  const only = ctx.input[onlyInput];
  if (only === undefined || only === null) return fields;
  const names = (Array.isArray(only) ? only : [only]).map(String);
  const unknown = names.filter((name) => !fields.some((field) => field.name === name));
  if (names.length === 0 || unknown.length > 0) {
    return {
      kind: 'fail',
      error: 'form_field_unknown',
      message: `form ${ctx.node.id}: ${names.length === 0 ? 'the only input names no field' : `no configured field ${unknown.map((name) => `"${name}"`).join(', ')}`} (configured: ${fields.map((field) => field.name).join(', ')})`,
    };
  }
  return [...new Set(names)].map((name) => fields.find((field) => field.name === name)!);
}

function formScreen(ctx: NodeContext<FormConfig>, fields: readonly FormField[], values: Values, errors: Record<string, UserMessage>) {
  const { title, intro, submitLabel = 'form.submit', skipLabel } = ctx.node.config;
  const offersSkip = skippable(ctx);
  // Focus lands on the first invalid field, or the first field on a fresh screen.
  const focused = fields.find((field) => errors[field.name])?.name ?? fields[0]?.name;
  return waitOn(
    'form',
    {
      title,
      intro,
      submitLabel,
      hasErrors: Object.keys(errors).length > 0,
      fields: fields.map((field) => fieldModel(field, values[field.name], errors[field.name], field.name === focused)),
      ...(offersSkip ? { skipLabel } : {}),
    },
    offersSkip ? ['submit', 'skip'] : ['submit'],
  );
}

function fieldModel(field: FormField, value: unknown, error: UserMessage | undefined, autofocus: boolean) {
  const shown = displayValue(value);
  return {
    name: field.name,
    label: field.label,
    hint: field.hint,
    required: field.required === true,
    autocomplete: field.autocomplete,
    inputType: field.type,
    isCheckbox: field.type === 'checkbox',
    isSelect: field.type === 'select',
    value: shown,
    checked: field.type === 'checkbox' && (value === true || (typeof value === 'string' && isChecked(value))),
    options: field.options?.map((option) => ({ ...option, selected: option.value === shown })),
    minLength: field.minLength,
    maxLength: isTextLike(field) ? maxLengthOf(field) : undefined,
    // As text, so a bound of 0 still renders.
    min: field.min?.toString(),
    max: field.max?.toString(),
    error,
    autofocus,
  };
}
