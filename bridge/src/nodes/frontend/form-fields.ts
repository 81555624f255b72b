/**
 * The fields of a form: their declaration, how a submitted value is checked, and what typed value
 * it becomes. Kept apart from the node so the rules read in one place.
 */
import type { ConfigIssue } from '../../engine/node-type.js';
import type { VariableType } from '../../engine/flow.js';
import { duplicateIssues } from '../shared/config-issues.js';
import { regexIssues, wholeValueRegex } from '../shared/regex.js';
import { isChecked, type UserMessage } from '../shared/screens.js';

export const fieldTypes = ['text', 'email', 'tel', 'number', 'date', 'checkbox', 'select'] as const;
export type FieldType = (typeof fieldTypes)[number];

export interface SelectOption {
  value: string;
  /** Message key or literal text. */
  label: string;
}

export interface FormField {
  name: string;
  /** Message key or literal text. */
  label: string;
  type: FieldType;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  /** Regular expression the whole value must match (text-like fields). */
  pattern?: string;
  /** Bounds of a number field. */
  min?: number;
  max?: number;
  /** Choices of a select field. */
  options?: SelectOption[];
  /** Message key or literal text shown under the label. */
  hint?: string;
  autocomplete?: string;
}

export type FieldValue = string | number | boolean;

const defaultMaxLength = 1024;
const textLike: readonly FieldType[] = ['text', 'email', 'tel'];
const emailFormat = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
const telFormat = /^\+?[0-9 ()./-]{3,32}$/u;
const dateFormat = /^(\d{4})-(\d{2})-(\d{2})$/u;

export const fieldSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'label', 'type'],
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' },
    label: { type: 'string', minLength: 1 },
    type: { enum: [...fieldTypes] },
    required: { type: 'boolean' },
    minLength: { type: 'integer', minimum: 0, maximum: defaultMaxLength },
    maxLength: { type: 'integer', minimum: 1, maximum: defaultMaxLength },
    pattern: { type: 'string', minLength: 1 },
    min: { type: 'number' },
    max: { type: 'number' },
    options: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['value', 'label'],
        properties: { value: { type: 'string', minLength: 1, maxLength: 256 }, label: { type: 'string', minLength: 1 } },
      },
    },
    hint: { type: 'string' },
    autocomplete: { type: 'string', pattern: '^[a-z0-9 -]{1,64}$' },
  },
} as const;

export function fieldIssues(fields: readonly FormField[]): ConfigIssue[] {
  const issues = duplicateIssues(
    'fields',
    fields.map((field) => field.name),
  );
  fields.forEach((field, index) => {
    const at = `fields[${index}]`;
    issues.push(...regexIssues(`${at}.pattern`, field.pattern));
    if (field.pattern !== undefined && !isTextLike(field)) issues.push({ field: `${at}.pattern`, message: `applies only to ${textLike.join(', ')} fields` });
    if ((field.min !== undefined || field.max !== undefined) && field.type !== 'number')
      issues.push({ field: `${at}.min`, message: 'min and max apply only to number fields' });
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) issues.push({ field: `${at}.min`, message: 'is greater than max' });
    if ((field.minLength ?? 0) > (field.maxLength ?? defaultMaxLength)) issues.push({ field: `${at}.minLength`, message: 'is greater than maxLength' });
    if (field.type === 'select' && !field.options) issues.push({ field: `${at}.options`, message: 'a select field needs options' });
    if (field.type !== 'select' && field.options) issues.push({ field: `${at}.options`, message: 'apply only to select fields' });
    if (field.options)
      issues.push(
        ...duplicateIssues(
          `${at}.options`,
          field.options.map((option) => option.value),
        ),
      );
  });
  return issues;
}

export function variableTypeOf(field: FormField): VariableType {
  if (field.type === 'number') return 'number';
  if (field.type === 'checkbox') return 'boolean';
  return 'string';
}

export const isTextLike = (field: FormField): boolean => textLike.includes(field.type);

export const maxLengthOf = (field: FormField): number => field.maxLength ?? defaultMaxLength;

/** Checks one submitted value; returns the typed value (undefined for an empty optional field) or the error. */
export function parseField(field: FormField, raw: string | undefined): { value?: FieldValue; error?: UserMessage } {
  if (field.type === 'checkbox') {
    const checked = isChecked(raw);
    return field.required && !checked ? { error: { message: 'field.mustCheck' } } : { value: checked };
  }
  const value = (raw ?? '').trim();
  if (value === '') return field.required ? { error: { message: 'field.required' } } : {};
  const error = formatError(field, value);
  if (error) return { error };
  return { value: field.type === 'number' ? Number(value) : value };
}

function formatError(field: FormField, value: string): UserMessage | undefined {
  switch (field.type) {
    case 'number': {
      const number = Number(value);
      if (!/^-?\d+(\.\d+)?$/u.test(value) || !Number.isFinite(number)) return { message: 'field.number' };
      if (field.min !== undefined && number < field.min) return { message: 'field.min', args: { min: field.min } };
      if (field.max !== undefined && number > field.max) return { message: 'field.max', args: { max: field.max } };
      return undefined;
    }
    case 'date':
      return isCalendarDate(value) ? undefined : { message: 'field.date' };
    case 'select':
      return field.options?.some((option) => option.value === value) ? undefined : { message: 'field.option' };
    default:
      return textError(field, value);
  }
}

function textError(field: FormField, value: string): UserMessage | undefined {
  const length = [...value].length;
  if (length > maxLengthOf(field)) return { message: 'field.tooLong', args: { max: maxLengthOf(field) } };
  if (field.minLength !== undefined && length < field.minLength) return { message: 'field.tooShort', args: { min: field.minLength } };
  if (field.type === 'email' && !emailFormat.test(value)) return { message: 'field.email' };
  if (field.type === 'tel' && !telFormat.test(value)) return { message: 'field.tel' };
  if (field.pattern !== undefined && !wholeValueRegex(field.pattern).test(value)) return { message: 'field.pattern' };
  return undefined;
}

function isCalendarDate(value: string): boolean {
  const match = dateFormat.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A value as the screen shows it again (prefill from an input, or what the user typed). */
export function displayValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? '' : String(value);
}
