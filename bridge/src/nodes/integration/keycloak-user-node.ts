import { evaluate, type Scopes } from '../../engine/expressions.js';
import { evidenceContract } from '../../handoff/evidence-contract.js';
import type { VariableDeclaration } from '../../engine/flow.js';
import type { ConfigIssue, NodeContext, NodeResult, NodeType } from '../../engine/node-type.js';
import type { NewDirectoryUser } from '../../engine/services.js';
import { expressionIssues, expressionScopes } from '../shared/expression-scopes.js';
import { failure, failureCode, hasCode } from './failures.js';
import { adminWriteWarnings, writesBeyondProfile } from './profile-writes.js';
import { noUser, subjectSchema, subjectWarnings, targetUserId, userIdInputs, type SubjectConfig } from './target-user.js';
import { changedNames, diffUser, evaluateUserValues, flagFields, textFields, type UserChanges, type UserValueExpressions } from './user-changes.js';

export const userOperations = ['read', 'update', 'create'] as const;

export interface KeycloakUserConfig extends UserValueExpressions, SubjectConfig {
  operation: (typeof userOperations)[number];
  /** Create only: expression for the new user's username. */
  username?: string;
  /** Create only: expression giving the required action alias(es) the new user must complete at their first sign-in. */
  requiredActions?: string;
  /** Names (as in `changed`) this node writes although the realm's user profile does not let a user edit them. */
  adminWrites?: string[];
}

/** What `compensate()` needs: the values an update replaced, or the user a create made. */
type UserCompensation = { operation: 'update'; userId: string; previous: UserChanges } | { operation: 'create'; userId: string };

const fieldNames = [...textFields, ...flagFields];
const { journeyAttribute } = evidenceContract;
const directoryFailure = 'directory_error';
/** A write the realm's user profile does not let a user make, and the node did not declare in `adminWrites`. */
const notEditable = 'keycloak_write_not_allowed';

const outputsByOperation: Record<KeycloakUserConfig['operation'], Record<string, VariableDeclaration>> = {
  read: { user: { type: 'object', description: 'id, username, email, emailVerified, firstName, lastName, enabled, attributes' } },
  update: { changed: { type: 'array', description: 'The fields and attributes (`attributes.<name>`) that changed' } },
  create: { userId: { type: 'string', description: 'The new user id', serverIssued: true } },
};

/** Reads, updates or creates a Keycloak user; updates and creates are undone if the flow fails later. */
export const keycloakUserNode: NodeType<KeycloakUserConfig> = {
  type: 'keycloak-user',
  kind: 'integration',
  description: "Reads, updates or creates a user in the execution's realm; updates and creates are compensated if the flow fails.",
  interactive: false,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['operation'],
    properties: {
      operation: { enum: userOperations },
      ...subjectSchema,
      username: { type: 'string', minLength: 1 },
      requiredActions: { type: 'string', minLength: 1 },
      adminWrites: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1 } },
      fields: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(fieldNames.map((name) => [name, { type: 'string', minLength: 1 }])),
      },
      attributes: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
    },
  },
  check: (config) => [
    ...operationIssues(config),
    ...adminWriteIssues(config),
    ...expressionIssues('username', config.username),
    ...expressionIssues('requiredActions', config.requiredActions),
    ...valueExpressionIssues(config),
  ],
  warnings: (config) => [...subjectWarnings(config), ...adminWriteWarnings(config.adminWrites)],
  inputs: (config) => (config.operation === 'create' ? {} : userIdInputs(config)),
  outputs: (config) => ({ ...outputsByOperation[config.operation], error: { type: 'string', description: 'On failure: the error code' } }),
  ports: () => ['success', 'failure'],

  async init(ctx) {
    const config = ctx.node.config;
    if (config.operation === 'create') return create(ctx);
    const userId = targetUserId(ctx);
    if (userId === undefined) return failure(noUser);
    return config.operation === 'read' ? read(ctx, userId) : update(ctx, userId);
  },

  async compensate(ctx, data) {
    const compensation = data as UserCompensation;
    if (compensation.operation === 'update') {
      await ctx.services.users.updateUser(ctx.context.issuer, compensation.userId, compensation.previous);
      return;
    }
    try {
      await ctx.services.users.deleteUser(ctx.context.issuer, compensation.userId);
    } catch (error) {
      // Already gone is what the compensation wants.
      if (!hasCode(error, 'directory_not_found')) throw error;
    }
  },
};

async function read(ctx: NodeContext<KeycloakUserConfig>, userId: string): Promise<NodeResult> {
  try {
    const user = await ctx.services.users.getUser(ctx.context.issuer, userId);
    return user ? { kind: 'next', port: 'success', outputs: { user } } : failure('keycloak_user_not_found');
  } catch (error) {
    return failure(failureCode(error, directoryFailure));
  }
}

async function update(ctx: NodeContext<KeycloakUserConfig>, userId: string): Promise<NodeResult> {
  const desired = await evaluateUserValues(ctx.node.config, expressionScopes(ctx));
  try {
    const { issuer } = ctx.context;
    const current = await ctx.services.users.getUser(issuer, userId);
    if (!current) return failure('keycloak_user_not_found');
    const { changes, previous } = diffUser(current, desired);
    const changed = changedNames(changes);
    if (changed.length === 0) return { kind: 'next', port: 'success', outputs: { changed } };
    if (await beyondProfile(ctx, changes)) return failure(notEditable);
    await ctx.services.users.updateUser(issuer, userId, changes);
    const compensation: UserCompensation = { operation: 'update', userId, previous };
    return { kind: 'next', port: 'success', outputs: { changed }, compensation };
  } catch (error) {
    return failure(failureCode(error, directoryFailure));
  }
}

/**
 * Creates the user, stamped with the journey that created it: attribute `io.journey` = the
 * execution's id, the handoff's correlation id. Keycloak signs in (protocol 1.4 `sign_in_user`)
 * only a user that carries its login's correlation id. The stamp is the node's own write, past the
 * user-profile check, and no flow can set or change it.
 */
async function create(ctx: NodeContext<KeycloakUserConfig>): Promise<NodeResult> {
  const scopes = expressionScopes(ctx);
  const username = await evaluate(ctx.node.config.username ?? '', scopes);
  if (typeof username !== 'string' || username.trim() === '') return failure('keycloak_invalid_value');
  const requiredActions = await requiredActionAliases(ctx.node.config.requiredActions, scopes);
  if (requiredActions === undefined) return failure('keycloak_invalid_value');
  const user = newUser(username.trim(), await evaluateUserValues(ctx.node.config, scopes));
  const { username: _name, ...written } = user;
  try {
    if (await beyondProfile(ctx, written)) return failure(notEditable);
    const stamped = {
      ...user,
      attributes: { ...user.attributes, [journeyAttribute]: [ctx.executionId] },
      ...(requiredActions.length > 0 ? { requiredActions } : {}),
    };
    const userId = await ctx.services.users.createUser(ctx.context.issuer, stamped);
    const compensation: UserCompensation = { operation: 'create', userId };
    return { kind: 'next', port: 'success', outputs: { userId }, compensation };
  } catch (error) {
    return failure(failureCode(error, directoryFailure));
  }
}

const requiredActionAlias = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The aliases `source` gives (one or a list; nothing: none), or undefined when one is not an alias. */
async function requiredActionAliases(source: string | undefined, scopes: Scopes): Promise<string[] | undefined> {
  if (source === undefined) return [];
  const value = await evaluate(source, scopes);
  const aliases = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  return aliases.every((alias) => typeof alias === 'string' && requiredActionAlias.test(alias)) ? [...new Set(aliases as string[])] : undefined;
}

/** Whether the write holds a value the realm's user profile does not let a user edit, and `adminWrites` does not declare. */
async function beyondProfile(ctx: NodeContext<KeycloakUserConfig>, changes: UserChanges): Promise<boolean> {
  const rules = await ctx.services.users.userProfile(ctx.context.issuer);
  return writesBeyondProfile(changes, rules, ctx.node.config.adminWrites).length > 0;
}

/** A new user has no values to clear: empty fields and attributes are left out. */
function newUser(username: string, values: UserChanges): NewDirectoryUser {
  const { attributes, ...fields } = values;
  const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ''));
  const nonEmpty = Object.fromEntries(Object.entries(attributes ?? {}).filter(([, list]) => list.length > 0));
  return { username, ...given, attributes: nonEmpty };
}

function operationIssues(config: KeycloakUserConfig): ConfigIssue[] {
  const stampIssues = Object.hasOwn(config.attributes ?? {}, journeyAttribute)
    ? [
        {
          field: `attributes.${journeyAttribute}`,
          message: `${journeyAttribute} is the journey that created the user: only create sets it, to the execution's correlation id`,
        },
      ]
    : [];
  if (config.operation === 'create') {
    return [
      ...stampIssues,
      ...(config.username ? [] : [{ field: 'username', message: 'create needs a username expression' }]),
      ...(config.subject ? [{ field: 'subject', message: 'create makes a new user: it takes no subject' }] : []),
    ];
  }
  const issues: ConfigIssue[] = [...stampIssues];
  if (config.username !== undefined) issues.push({ field: 'username', message: 'only create sets a username' });
  if (config.requiredActions !== undefined)
    issues.push({
      field: 'requiredActions',
      message: "only create sets required actions (an existing user gets them through the end node's add_required_action)",
    });
  if (config.operation === 'read' && (config.fields || config.attributes)) issues.push({ field: 'fields', message: 'read takes no fields or attributes' });
  return issues;
}

/** Every admin-level write names a field or attribute the node writes. */
function adminWriteIssues(config: KeycloakUserConfig): ConfigIssue[] {
  const written = [...Object.keys(config.fields ?? {}), ...Object.keys(config.attributes ?? {}).map((name) => `attributes.${name}`)];
  return (config.adminWrites ?? [])
    .filter((name) => !written.includes(name))
    .map((name) => ({ field: 'adminWrites', message: `"${name}" is not written by this node (it writes: ${written.join(', ') || 'nothing'})` }));
}

function valueExpressionIssues(config: UserValueExpressions): ConfigIssue[] {
  return [
    ...Object.entries(config.fields ?? {}).flatMap(([name, source]) => expressionIssues(`fields.${name}`, source)),
    ...Object.entries(config.attributes ?? {}).flatMap(([name, source]) => expressionIssues(`attributes.${name}`, source)),
  ];
}
