import { evaluate } from '../../engine/expressions.js';
import type { VariableDeclaration } from '../../engine/flow.js';
import type { ConfigIssue, NodeContext, NodeResult, NodeType } from '../../engine/node-type.js';
import type { NewDirectoryUser } from '../../engine/services.js';
import { expressionIssues, expressionScopes } from '../shared/expression-scopes.js';
import { failure, failureCode } from './failures.js';
import { noUser, targetUserId, userIdInput } from './target-user.js';
import { changedNames, diffUser, evaluateUserValues, flagFields, textFields, type UserChanges, type UserValueExpressions } from './user-changes.js';

export const userOperations = ['read', 'update', 'create'] as const;

export interface KeycloakUserConfig extends UserValueExpressions {
  operation: (typeof userOperations)[number];
  /** Create only: expression for the new user's username. */
  username?: string;
}

/** What `compensate()` needs: the values an update replaced, or the user a create made. */
type UserCompensation = { operation: 'update'; userId: string; previous: UserChanges } | { operation: 'create'; userId: string };

const fieldNames = [...textFields, ...flagFields];
const directoryFailure = 'directory_error';

const outputsByOperation: Record<KeycloakUserConfig['operation'], Record<string, VariableDeclaration>> = {
  read: { user: { type: 'object', description: 'id, username, email, emailVerified, firstName, lastName, enabled, attributes' } },
  update: { changed: { type: 'array', description: 'The fields and attributes (`attributes.<name>`) that changed' } },
  create: { userId: { type: 'string', description: 'The new user id' } },
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
      username: { type: 'string', minLength: 1 },
      fields: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(fieldNames.map((name) => [name, { type: 'string', minLength: 1 }])),
      },
      attributes: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
    },
  },
  check: (config) => [...operationIssues(config), ...expressionIssues('username', config.username), ...valueExpressionIssues(config)],
  inputs: (config) => (config.operation === 'create' ? {} : userIdInput),
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
      await ctx.services.users.updateUser(ctx.context.realm, compensation.userId, compensation.previous);
      return;
    }
    try {
      await ctx.services.users.deleteUser(ctx.context.realm, compensation.userId);
    } catch (error) {
      // Already gone is what the compensation wants.
      if (failureCode(error, '') !== 'directory_not_found') throw error;
    }
  },
};

async function read(ctx: NodeContext<KeycloakUserConfig>, userId: string): Promise<NodeResult> {
  try {
    const user = await ctx.services.users.getUser(ctx.context.realm, userId);
    return user ? { kind: 'next', port: 'success', outputs: { user } } : failure('keycloak_user_not_found');
  } catch (error) {
    return failure(failureCode(error, directoryFailure));
  }
}

async function update(ctx: NodeContext<KeycloakUserConfig>, userId: string): Promise<NodeResult> {
  const desired = await evaluateUserValues(ctx.node.config, expressionScopes(ctx));
  try {
    const current = await ctx.services.users.getUser(ctx.context.realm, userId);
    if (!current) return failure('keycloak_user_not_found');
    const { changes, previous } = diffUser(current, desired);
    const changed = changedNames(changes);
    if (changed.length === 0) return { kind: 'next', port: 'success', outputs: { changed } };
    await ctx.services.users.updateUser(ctx.context.realm, userId, changes);
    const compensation: UserCompensation = { operation: 'update', userId, previous };
    return { kind: 'next', port: 'success', outputs: { changed }, compensation };
  } catch (error) {
    return failure(failureCode(error, directoryFailure));
  }
}

async function create(ctx: NodeContext<KeycloakUserConfig>): Promise<NodeResult> {
  const scopes = expressionScopes(ctx);
  const username = await evaluate(ctx.node.config.username ?? '', scopes);
  if (typeof username !== 'string' || username.trim() === '') return failure('keycloak_invalid_value');
  const user = newUser(username.trim(), await evaluateUserValues(ctx.node.config, scopes));
  try {
    const userId = await ctx.services.users.createUser(ctx.context.realm, user);
    const compensation: UserCompensation = { operation: 'create', userId };
    return { kind: 'next', port: 'success', outputs: { userId }, compensation };
  } catch (error) {
    return failure(failureCode(error, directoryFailure));
  }
}

/** A new user has no values to clear: empty fields and attributes are left out. */
function newUser(username: string, values: UserChanges): NewDirectoryUser {
  const { attributes, ...fields } = values;
  const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ''));
  const nonEmpty = Object.fromEntries(Object.entries(attributes ?? {}).filter(([, list]) => list.length > 0));
  return { username, ...given, attributes: nonEmpty };
}

function operationIssues(config: KeycloakUserConfig): ConfigIssue[] {
  if (config.operation === 'create') return config.username ? [] : [{ field: 'username', message: 'create needs a username expression' }];
  const issues: ConfigIssue[] = [];
  if (config.username !== undefined) issues.push({ field: 'username', message: 'only create sets a username' });
  if (config.operation === 'read' && (config.fields || config.attributes)) issues.push({ field: 'fields', message: 'read takes no fields or attributes' });
  return issues;
}

function valueExpressionIssues(config: UserValueExpressions): ConfigIssue[] {
  return [
    ...Object.entries(config.fields ?? {}).flatMap(([name, source]) => expressionIssues(`fields.${name}`, source)),
    ...Object.entries(config.attributes ?? {}).flatMap(([name, source]) => expressionIssues(`attributes.${name}`, source)),
  ];
}
