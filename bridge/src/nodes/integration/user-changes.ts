/**
 * The user fields and attributes a keycloak-user node writes: evaluated from its expressions,
 * then narrowed to what really differs from the stored user, so a compensation restores exactly
 * the values this step replaced and nothing else.
 */
import { evaluate, type Scopes } from '../../engine/expressions.js';
import type { DirectoryUser } from '../../engine/services.js';
import { IntegrationError } from './failures.js';

export type UserChanges = Partial<Omit<DirectoryUser, 'id' | 'username'>>;

export const textFields = ['email', 'firstName', 'lastName'] as const;
export const flagFields = ['emailVerified', 'enabled'] as const;
export type UserField = (typeof textFields)[number] | (typeof flagFields)[number];

/** Field and attribute expressions of a node's config. */
export interface UserValueExpressions {
  fields?: Partial<Record<UserField, string>>;
  attributes?: Record<string, string>;
}

/**
 * Evaluates the expressions. A result of nothing (`undefined`) leaves the value alone; `null`
 * clears it; attributes take a value or an array of values.
 */
export async function evaluateUserValues(expressions: UserValueExpressions, scopes: Scopes): Promise<UserChanges> {
  const values: UserChanges = {};
  for (const field of textFields) {
    const value = await evaluateIfSet(expressions.fields?.[field], scopes);
    if (value !== undefined) values[field] = value === null ? '' : String(value);
  }
  for (const field of flagFields) {
    const value = await evaluateIfSet(expressions.fields?.[field], scopes);
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw new IntegrationError('keycloak_invalid_value', `${field} must be true or false, not ${JSON.stringify(value)}`);
    values[field] = value;
  }
  for (const [name, source] of Object.entries(expressions.attributes ?? {})) {
    const value = await evaluate(source, scopes);
    if (value === undefined) continue;
    values.attributes = { ...values.attributes, [name]: attributeValues(value) };
  }
  return values;
}

function evaluateIfSet(source: string | undefined, scopes: Scopes): Promise<unknown> {
  return source === undefined ? Promise.resolve(undefined) : evaluate(source, scopes);
}

function attributeValues(value: unknown): string[] {
  if (value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((item) => item !== null && item !== undefined).map(String);
}

/** `desired` narrowed to what differs from `current`, and the values it replaces (absent ones as empty). */
export function diffUser(current: DirectoryUser, desired: UserChanges): { changes: UserChanges; previous: UserChanges } {
  const changes: UserChanges = {};
  const previous: UserChanges = {};
  for (const field of textFields) {
    const value = desired[field];
    if (value === undefined || value === (current[field] ?? '')) continue;
    changes[field] = value;
    previous[field] = current[field] ?? '';
  }
  for (const field of flagFields) {
    const value = desired[field];
    const was = current[field] ?? field === 'enabled';
    if (value === undefined || value === was) continue;
    changes[field] = value;
    previous[field] = was;
  }
  for (const [name, values] of Object.entries(desired.attributes ?? {})) {
    const was = current.attributes[name] ?? [];
    if (sameValues(was, values)) continue;
    changes.attributes = { ...changes.attributes, [name]: values };
    previous.attributes = { ...previous.attributes, [name]: was };
  }
  return { changes, previous };
}

/** Names of the changed fields and attributes (`attributes.<name>`), for the node's output. */
export function changedNames(changes: UserChanges): string[] {
  const { attributes, ...fields } = changes;
  return [...Object.keys(fields), ...Object.keys(attributes ?? {}).map((name) => `attributes.${name}`)];
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
