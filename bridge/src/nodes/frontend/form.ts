import type { VariableDeclaration } from '../../engine/flow.js';
import type { NodeContext, NodeResult, NodeType } from '../../engine/node-type.js';
import { evidenceOf } from '../shared/evidence.js';
import { isChecked, waitOn, type UserMessage } from '../shared/screens.js';
import { displayValue, fieldIssues, isTextLike, fieldSchema, maxLengthOf, parseField, variableTypeOf, type FieldValue, type FormField } from './form-fields.js';

export interface FormConfig {
  /** Message keys or literal texts. */
  title: string;
  intro?: string;
  submitLabel?: string;
  fields: FormField[];
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
    },
  },
  check: (config) => [
    ...fieldIssues(config.fields),
    ...config.fields.filter((field) => field.name === onlyInput).map(() => ({ field: 'fields', message: `"${onlyInput}" is reserved for the input that limits the fields shown` })),
  ],
  // Each field can be prefilled from the input of the same name; `only` limits the fields shown.
  inputs: (config) => ({
    ...declarations(config.fields),
    [onlyInput]: { type: 'array', description: 'Names of the configured fields to show, in this order (default: all)' },
  }),
  outputs: (config) => declarations(config.fields),
  ports: () => ['submitted'],

  async init(ctx) {
    const fields = shownFields(ctx);
    if (!Array.isArray(fields)) return fields;
    const prefill = Object.fromEntries(fields.map((field) => [field.name, ctx.input[field.name]])) as Values;
    return formScreen(ctx, fields, prefill, {});
  },

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
      return { kind: 'next', port: 'submitted', outputs, evidence: [evidenceOf(ctx, 'form_submitted', { fields: outputs })] };
    },
  },
};

function declarations(fields: readonly FormField[]): Record<string, VariableDeclaration> {
  return Object.fromEntries(fields.map((field) => [field.name, { type: variableTypeOf(field) }]));
}

/** The input that limits the configured fields to a subset (e.g. the attributes an obligation names). */
const onlyInput = 'only';

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
  const { title, intro, submitLabel = 'form.submit' } = ctx.node.config;
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
    },
    ['submit'],
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
