import type { Action, Outcome } from '../engine/execution.js';
import { evaluate, evaluateCondition, type Scopes } from '../engine/expressions.js';
import type { ConfigIssue, NodeType } from '../engine/node-type.js';
import { expressionIssues, expressionScopes } from './shared/expression-scopes.js';

/**
 * An evidence action as a flow author writes it: the protocol's vocabulary with expressions in
 * place of values (evaluated when the end node is reached). `when`: the action only applies when
 * this condition holds.
 */
export type EndAction = { when?: string } & (
  | { type: 'set_session_note'; name: string; value: string }
  /** Attribute name -> expression, or one expression that gives an object of name -> value(s). */
  | { type: 'set_user_attributes'; attributes: Record<string, string> | string }
  | { type: 'mark_email_verified' }
  | { type: 'add_required_action'; action: string }
  | { type: 'remove_required_action'; action: string }
  | { type: 'record_terms_acceptance'; version: string }
  /** Expressions giving an object of purpose id -> true/false and (optional) purpose id -> version. */
  | { type: 'record_consent'; purposes: string; versions?: string }
  | { type: 'raise_acr'; level: string }
  /** Protocol 1.4: expression giving the id of the user this journey created (a keycloak-user create's `userId`). */
  | { type: 'sign_in_user'; user_id: string }
  /** Protocol 1.4: expression giving the email address a code was verified for in this journey. */
  | { type: 'identify_user'; email: string }
);

export interface EndConfig {
  outcome: Outcome;
  /** Stable error code carried in the evidence; required unless the outcome is success. */
  error?: string;
  /** Keycloak user-session note name (without the `io.` prefix) -> expression giving its value. */
  sessionNotes?: Record<string, string>;
  /** Evidence actions Keycloak applies when the journey succeeds (docs/nodes.md, *end*). */
  actions?: EndAction[];
}

const maxNoteValueLength = 2048;
const maxAttributeValues = 32;
const maxAttributeValueLength = 2048;
const identifier = /^[A-Za-z0-9_.:-]{1,128}$/;
const userId = /^[A-Za-z0-9_.:-]{1,255}$/;
const email = /^[^\s@]+@[^\s@]+$/u;
const maxEmailLength = 254;
const expression = { type: 'string', minLength: 1 } as const;
const noteName = '^[A-Za-z0-9_.-]{1,64}$';
/** A consent purpose's version (as the contract's record_consent.versions). */
const purposeVersion = /^[A-Za-z0-9._-]{1,64}$/;

/** One schema per action type: the vocabulary is closed and every field is named. */
const actionSchema = (type: string, required: string[], properties: Record<string, object> = {}) => ({
  type: 'object',
  additionalProperties: false,
  required: ['type', ...required],
  properties: { type: { const: type }, when: expression, ...properties },
});

export const endActionTypes = [
  'set_session_note',
  'set_user_attributes',
  'mark_email_verified',
  'add_required_action',
  'remove_required_action',
  'record_terms_acceptance',
  'record_consent',
  'raise_acr',
  'sign_in_user',
  'identify_user',
] as const;

const actionsSchema = {
  type: 'array',
  maxItems: 50,
  items: {
    type: 'object',
    required: ['type'],
    properties: { type: { enum: [...endActionTypes] } },
    allOf: [
      {
        if: { properties: { type: { const: 'set_session_note' } } },
        then: actionSchema('set_session_note', ['name', 'value'], { name: { type: 'string', pattern: noteName }, value: expression }),
      },
      {
        if: { properties: { type: { const: 'set_user_attributes' } } },
        then: actionSchema('set_user_attributes', ['attributes'], {
          attributes: {
            oneOf: [
              expression,
              { type: 'object', minProperties: 1, maxProperties: 100, propertyNames: { pattern: identifier.source }, additionalProperties: expression },
            ],
          },
        }),
      },
      { if: { properties: { type: { const: 'mark_email_verified' } } }, then: actionSchema('mark_email_verified', []) },
      { if: { properties: { type: { const: 'add_required_action' } } }, then: actionSchema('add_required_action', ['action'], { action: expression }) },
      { if: { properties: { type: { const: 'remove_required_action' } } }, then: actionSchema('remove_required_action', ['action'], { action: expression }) },
      {
        if: { properties: { type: { const: 'record_terms_acceptance' } } },
        then: actionSchema('record_terms_acceptance', ['version'], { version: expression }),
      },
      {
        if: { properties: { type: { const: 'record_consent' } } },
        then: actionSchema('record_consent', ['purposes'], { purposes: expression, versions: expression }),
      },
      { if: { properties: { type: { const: 'raise_acr' } } }, then: actionSchema('raise_acr', ['level'], { level: expression }) },
      { if: { properties: { type: { const: 'sign_in_user' } } }, then: actionSchema('sign_in_user', ['user_id'], { user_id: expression }) },
      { if: { properties: { type: { const: 'identify_user' } } }, then: actionSchema('identify_user', ['email'], { email: expression }) },
    ],
  },
} as const;

/** A value an action cannot carry: the flow fails with `action_invalid` instead of sending it. */
class ActionValueError extends Error {}

/** Ends the flow (or a library sub-flow) and turns values into the evidence actions Keycloak applies. */
export const endNode: NodeType<EndConfig> = {
  type: 'end',
  kind: 'backend',
  description: 'Ends the flow with success, failure or cancellation, and produces the evidence actions Keycloak applies.',
  interactive: false,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['outcome'],
    properties: {
      outcome: { enum: ['success', 'failure', 'cancelled'] },
      error: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' },
      sessionNotes: {
        type: 'object',
        propertyNames: { pattern: noteName },
        additionalProperties: { type: 'string', minLength: 1 },
      },
      actions: actionsSchema,
    },
    if: { properties: { outcome: { const: 'success' } } },
    then: { not: { required: ['error'] } },
    else: { required: ['error'] },
  },
  check: (config) => [
    ...Object.entries(config.sessionNotes ?? {}).flatMap(([name, source]) => expressionIssues(`sessionNotes.${name}`, source)),
    ...(config.actions ?? []).flatMap((action, index) => actionIssues(action, `actions[${index}]`)),
  ],
  inputs: () => ({}),
  outputs: () => ({}),
  ports: () => [],

  async init(ctx) {
    const { outcome, error, sessionNotes = {}, actions: configured = [] } = ctx.node.config;
    const scopes = expressionScopes(ctx);
    const actions: Action[] = [];
    for (const [name, source] of Object.entries(sessionNotes)) {
      const value = noteValue(await evaluate(source, scopes));
      // A note whose value was never filled (an optional field left empty) is simply not set.
      if (value) actions.push({ type: 'set_session_note', name, value });
    }
    try {
      for (const [index, action] of configured.entries()) {
        if (action.when !== undefined && !(await evaluateCondition(action.when, scopes))) continue;
        const built = await buildAction(action, scopes, `actions[${index}]`);
        if (built) actions.push(built);
      }
    } catch (problem) {
      if (problem instanceof ActionValueError) return { kind: 'fail', error: 'action_invalid', message: `end node ${ctx.node.id}: ${problem.message}` };
      throw problem;
    }
    return { kind: 'end', outcome, ...(error !== undefined ? { error } : {}), actions };
  },
};

function actionIssues(action: EndAction, at: string): ConfigIssue[] {
  const { type: _type, ...fields } = action as EndAction & Record<string, unknown>;
  const issues: ConfigIssue[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value === 'string') issues.push(...expressionIssues(`${at}.${field}`, value));
    else if (value && typeof value === 'object') {
      for (const [name, source] of Object.entries(value)) issues.push(...expressionIssues(`${at}.${field}.${name}`, source as string));
    }
  }
  return issues;
}

/**
 * Evaluates one configured action. A value that selects nothing leaves the action out (like an
 * optional field left empty); a value of the wrong shape is an ActionValueError.
 */
async function buildAction(action: EndAction, scopes: Scopes, at: string): Promise<Action | undefined> {
  const value = (source: string) => evaluate(source, scopes);
  switch (action.type) {
    case 'set_session_note': {
      const text = noteValue(await value(action.value));
      return text ? { type: 'set_session_note', name: action.name, value: text } : undefined;
    }
    case 'set_user_attributes': {
      const attributes = await attributeValues(action.attributes, scopes, at);
      return Object.keys(attributes).length > 0 ? { type: 'set_user_attributes', attributes } : undefined;
    }
    case 'mark_email_verified':
      return { type: 'mark_email_verified' };
    case 'add_required_action':
    case 'remove_required_action': {
      const alias = await value(action.action);
      if (isNothing(alias)) return undefined;
      if (typeof alias !== 'string' || !identifier.test(alias))
        throw new ActionValueError(`${at}.action must be a required action alias (${identifier.source}), got ${describe(alias)}`);
      return { type: action.type, action: alias };
    }
    case 'record_terms_acceptance': {
      const version = await value(action.version);
      if (isNothing(version)) return undefined;
      const text = typeof version === 'number' ? String(version) : version;
      if (typeof text !== 'string' || text.length > 64)
        throw new ActionValueError(`${at}.version must be a string of 1 to 64 characters, got ${describe(version)}`);
      return { type: 'record_terms_acceptance', version: text };
    }
    case 'record_consent': {
      const purposes = await value(action.purposes);
      if (isNothing(purposes) || (isObject(purposes) && Object.keys(purposes).length === 0)) return undefined;
      if (!isObject(purposes) || !Object.entries(purposes).every(([id, granted]) => identifier.test(id) && typeof granted === 'boolean')) {
        throw new ActionValueError(`${at}.purposes must be an object of purpose id -> true/false, got ${describe(purposes)}`);
      }
      const versions = action.versions === undefined ? undefined : consentVersions(await value(action.versions), purposes, at);
      return { type: 'record_consent', purposes: { ...(purposes as Record<string, boolean>) }, ...(versions ? { versions } : {}) };
    }
    case 'raise_acr': {
      const level = await value(action.level);
      if (isNothing(level)) return undefined;
      const text = typeof level === 'number' && Number.isInteger(level) ? String(level) : level;
      if (typeof text !== 'string' || !identifier.test(text))
        throw new ActionValueError(`${at}.level must be an acr value or an integer level, got ${describe(level)}`);
      return { type: 'raise_acr', level: text };
    }
    case 'sign_in_user': {
      const id = await value(action.user_id);
      if (isNothing(id)) return undefined;
      if (typeof id !== 'string' || !userId.test(id))
        throw new ActionValueError(`${at}.user_id must be a Keycloak user id (${userId.source}), got ${describe(id)}`);
      return { type: 'sign_in_user', user_id: id };
    }
    case 'identify_user': {
      const address = await value(action.email);
      if (isNothing(address)) return undefined;
      if (typeof address !== 'string' || !email.test(address) || address.length > maxEmailLength) {
        throw new ActionValueError(`${at}.email must be an email address of at most ${maxEmailLength} characters, got ${describe(address)}`);
      }
      return { type: 'identify_user', email: address };
    }
  }
}

/**
 * The versions of the recorded purposes: those of `given` (purpose id -> version) whose purpose the
 * action records; nothing selected or none left: no versions.
 */
function consentVersions(given: unknown, purposes: Record<string, unknown>, at: string): Record<string, string> | undefined {
  if (isNothing(given)) return undefined;
  if (!isObject(given)) throw new ActionValueError(`${at}.versions must be an object of purpose id -> version, got ${describe(given)}`);
  const versions: Record<string, string> = {};
  for (const [id, version] of Object.entries(given)) {
    if (!Object.hasOwn(purposes, id)) continue;
    const text = typeof version === 'number' ? String(version) : version;
    if (typeof text !== 'string' || !purposeVersion.test(text))
      throw new ActionValueError(`${at}.versions.${id} must be a version (${purposeVersion.source}), got ${describe(version)}`);
    versions[id] = text;
  }
  return Object.keys(versions).length > 0 ? versions : undefined;
}

/** name -> values as the protocol carries them: arrays of strings; empty values are left out. */
async function attributeValues(spec: Record<string, string> | string, scopes: Scopes, at: string): Promise<Record<string, string[]>> {
  let given: Record<string, unknown>;
  if (typeof spec === 'string') {
    const evaluated = await evaluate(spec, scopes);
    if (isNothing(evaluated)) return {};
    if (!isObject(evaluated)) throw new ActionValueError(`${at}.attributes must give an object of attribute name -> value(s), got ${describe(evaluated)}`);
    given = evaluated;
  } else {
    given = {};
    for (const [name, source] of Object.entries(spec)) given[name] = await evaluate(source, scopes);
  }
  const attributes: Record<string, string[]> = {};
  for (const [name, raw] of Object.entries(given)) {
    if (isNothing(raw) || raw === '') continue;
    if (!identifier.test(name)) throw new ActionValueError(`${at}: attribute name "${name}" must match ${identifier.source}`);
    const values = (Array.isArray(raw) ? [...raw] : [raw]).map((item) => {
      if (typeof item === 'string') return item;
      if (typeof item === 'number' || typeof item === 'boolean') return String(item);
      throw new ActionValueError(`${at}: attribute "${name}" values must be strings, numbers or booleans, got ${describe(item)}`);
    });
    if (values.length > maxAttributeValues || values.some((item) => item.length > maxAttributeValueLength)) {
      throw new ActionValueError(`${at}: attribute "${name}" allows at most ${maxAttributeValues} values of at most ${maxAttributeValueLength} characters`);
    }
    attributes[name] = values;
  }
  return attributes;
}

const isNothing = (value: unknown): value is undefined | null => value === undefined || value === null;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const describe = (value: unknown): string => (value === undefined ? 'nothing' : (JSON.stringify(value)?.slice(0, 80) ?? String(value)));

function noteValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.slice(0, maxNoteValueLength);
}
