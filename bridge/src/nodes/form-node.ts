import type { FieldErrors } from '../engine/flow-state.js';
import type { NodeType } from '../engine/node-type.js';

export interface FormField {
  name: string;
  /** Message key or literal text. */
  label: string;
  type: 'text' | 'email';
  required?: boolean;
  maxLength?: number;
  /** Regular expression the whole value must match. */
  pattern?: string;
  /** Message key or literal text shown under the field. */
  hint?: string;
  autocomplete?: string;
}

export interface FormConfig {
  title: string;
  intro?: string;
  submitLabel?: string;
  fields: FormField[];
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const defaultMaxLength = 1024;

/** A screen with typed fields; on a valid submission it stores each non-empty field as a variable. */
export const formNode: NodeType<FormConfig> = {
  type: 'form',
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['title', 'fields'],
    properties: {
      title: { type: 'string', minLength: 1 },
      intro: { type: 'string' },
      submitLabel: { type: 'string', minLength: 1 },
      fields: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'label', 'type'],
          properties: {
            name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' },
            label: { type: 'string', minLength: 1 },
            type: { enum: ['text', 'email'] },
            required: { type: 'boolean' },
            maxLength: { type: 'integer', minimum: 1, maximum: defaultMaxLength },
            pattern: { type: 'string', minLength: 1 },
            hint: { type: 'string' },
            autocomplete: { type: 'string' },
          },
        },
      },
    },
  },

  check(config) {
    const issues: string[] = [];
    const names = new Set<string>();
    for (const field of config.fields) {
      if (names.has(field.name)) issues.push(`field "${field.name}" is declared twice`);
      names.add(field.name);
      if (field.pattern !== undefined && !compiles(field.pattern)) issues.push(`field "${field.name}": pattern is not a valid regular expression`);
    }
    return issues;
  },

  outputs: () => ['submitted'],

  screen(node, feedback) {
    const { title, intro, submitLabel = 'form.submit', fields } = node.config;
    const errors = feedback?.errors ?? {};
    // Focus lands on the first invalid field, or the first field on a fresh screen.
    const focused = fields.find((field) => errors[field.name])?.name ?? fields[0]?.name;
    return {
      partial: 'form',
      model: {
        title,
        intro,
        submitLabel,
        hasErrors: Object.keys(errors).length > 0,
        fields: fields.map((field) => ({
          ...field,
          inputType: field.type,
          maxLength: field.maxLength ?? defaultMaxLength,
          value: feedback?.values[field.name] ?? '',
          error: errors[field.name],
          autofocus: field.name === focused,
        })),
      },
    };
  },

  run(node, { input = {}, now }) {
    const values: Record<string, string> = {};
    const errors: FieldErrors = {};
    for (const field of node.config.fields) {
      const value = (input[field.name] ?? '').trim();
      values[field.name] = value;
      const error = fieldError(field, value);
      if (error) errors[field.name] = error;
    }
    if (Object.keys(errors).length > 0) return { kind: 'rejected', feedback: { values, errors } };
    const filled = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
    return {
      kind: 'next',
      output: 'submitted',
      variables: filled,
      evidence: [{ type: 'form_submitted', step: node.id, at: now, payload: { fields: filled } }],
    };
  },
};

function fieldError(field: FormField, value: string): FieldErrors[string] | undefined {
  if (value === '') return field.required ? { message: 'field.required' } : undefined;
  const maxLength = field.maxLength ?? defaultMaxLength;
  if ([...value].length > maxLength) return { message: 'field.tooLong', args: { max: maxLength } };
  if (field.type === 'email' && !emailPattern.test(value)) return { message: 'field.email' };
  if (field.pattern !== undefined && !new RegExp(`^(?:${field.pattern})$`, 'u').test(value)) return { message: 'field.pattern' };
  return undefined;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
