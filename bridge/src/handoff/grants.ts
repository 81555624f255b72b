import { Ajv } from 'ajv';
import type { Action, ActionType } from '../engine/execution.js';
import { evidenceContract, grantFields } from './evidence-contract.js';

/**
 * What evidence may do (protocol 1.2): a handoff's `grants` claim and a flow's `permissions` are
 * arrays of grants, `{"type": <action type>, <field>: [names...]}`, the shape the contract gives
 * each action type. A grant of a type authorizes the actions of that type whose names its fields
 * list (the union over all grants of the type); no grant of a type authorizes none.
 */
export interface Grant {
  type: ActionType;
  /** The grant's lists, named as the contract names them for the type (`names`, `attributes`, ...). */
  [field: string]: string[] | string | undefined;
}

/** A grant's list `field`; undefined when the grant leaves it out. */
const listOf = (grant: Grant, field: string): string[] | undefined => {
  const value = grant[field];
  return Array.isArray(value) ? value : undefined;
};

const grantValue = { type: 'string', minLength: 1, maxLength: 128 } as const;

/** JSON Schema of one grant, derived from the contract's grant fields per action type. */
export const grantSchema = {
  type: 'object',
  required: ['type'],
  properties: { type: { enum: Object.keys(evidenceContract.actions) } },
  allOf: Object.keys(evidenceContract.actions).map((type) => {
    const fields = grantFields(type);
    return {
      if: { properties: { type: { const: type } } },
      then: {
        additionalProperties: false,
        required: ['type', ...fields.filter((field) => field.required).map((field) => field.name)],
        properties: {
          type: { const: type },
          ...Object.fromEntries(fields.map((field) => [field.name, { type: 'array', maxItems: 100, uniqueItems: true, items: grantValue }])),
        },
      },
    };
  }),
} as const;

export const grantsSchema = { type: 'array', maxItems: 50, items: grantSchema } as const;

const validateGrants = new Ajv({ allErrors: false, strict: false }).compile(grantsSchema);

/** The grants of a claim or definition, or a sentence saying what is wrong with them. */
export function parseGrants(value: unknown): { grants: Grant[] } | { problem: string } {
  if (validateGrants(value)) return { grants: value as Grant[] };
  const [error] = validateGrants.errors ?? [];
  return { problem: `${error?.instancePath || '(root)'} ${error?.message ?? 'is invalid'}` };
}

/** Per action type: which grant field covers it and the names the action needs covered. */
const coverage: Record<ActionType, { field?: string; names: (action: never) => string[] }> = {
  set_session_note: { field: 'names', names: (action: Extract<Action, { type: 'set_session_note' }>) => [action.name] },
  set_user_attributes: { field: 'attributes', names: (action: Extract<Action, { type: 'set_user_attributes' }>) => Object.keys(action.attributes) },
  mark_email_verified: { names: () => [] },
  add_required_action: { field: 'actions', names: (action: Extract<Action, { type: 'add_required_action' }>) => [action.action] },
  remove_required_action: { field: 'actions', names: (action: Extract<Action, { type: 'remove_required_action' }>) => [action.action] },
  record_terms_acceptance: { field: 'versions', names: (action: Extract<Action, { type: 'record_terms_acceptance' }>) => [action.version] },
  record_consent: { field: 'purposes', names: (action: Extract<Action, { type: 'record_consent' }>) => Object.keys(action.purposes) },
  raise_acr: { field: 'levels', names: (action: Extract<Action, { type: 'raise_acr' }>) => [action.level] },
  sign_in_user: { names: () => [] },
  identify_user: { names: () => [] },
};

/** The action types the bridge knows how to check (must equal the contract's vocabulary). */
export const coveredActionTypes = Object.keys(coverage) as ActionType[];

export function isKnownActionType(type: string): type is ActionType {
  return Object.hasOwn(coverage, type);
}

/**
 * True when the grants authorize `names` for an action type: a grant of the type exists and the
 * union of their lists holds every name. An optional field left out (terms `versions`) means any.
 */
export function coversNames(grants: readonly Grant[], type: ActionType, names: readonly string[] | undefined): boolean {
  const ofType = grants.filter((grant) => grant.type === type);
  if (ofType.length === 0) return false;
  const { field } = coverage[type];
  if (!field || names === undefined || ofType.some((grant) => listOf(grant, field) === undefined)) return true;
  const granted = new Set(ofType.flatMap((grant) => listOf(grant, field) ?? []));
  return names.every((name) => granted.has(name));
}

/** True when `grants` authorize at least what `grant` does (a flow's permissions over a library flow's). */
export function coversGrant(grants: readonly Grant[], grant: Grant): boolean {
  const { field } = coverage[grant.type];
  if (field && listOf(grant, field) === undefined) return grants.some((candidate) => candidate.type === grant.type && listOf(candidate, field) === undefined);
  return coversNames(grants, grant.type, field ? listOf(grant, field) : []);
}

/** True when the grants authorize this action (rule `granted` of the contract). */
export function covers(grants: readonly Grant[], action: Action): boolean {
  return coversNames(grants, action.type, coverage[action.type].names(action as never));
}
