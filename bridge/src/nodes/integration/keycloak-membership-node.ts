import type { ConfigIssue, NodeType } from '../../engine/node-type.js';
import type { UserDirectory } from '../../engine/services.js';
import { duplicateIssues } from '../shared/config-issues.js';
import { failure, failureCode } from './failures.js';
import { noUser, subjectSchema, subjectWarnings, targetUserId, userIdInputs, type SubjectConfig } from './target-user.js';

export interface Memberships {
  /** Group paths, e.g. `/partners/acme`. */
  groups?: string[];
  /** Realm roles, or client roles as `clientId:role`. */
  roles?: string[];
}

export interface KeycloakMembershipConfig extends SubjectConfig {
  add?: Memberships;
  remove?: Memberships;
}

/** One membership this step changed; compensations undo exactly these, newest first. */
export interface MembershipChange {
  op: 'add' | 'remove';
  kind: 'group' | 'role';
  name: string;
}

interface MembershipCompensation {
  userId: string;
  applied: MembershipChange[];
}

const membershipsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    groups: { type: 'array', items: { type: 'string', pattern: '^/.+' } },
    roles: { type: 'array', items: { type: 'string', minLength: 1 } },
  },
};

/** Adds the user to groups and roles, or removes them; changes are undone if the flow fails later. */
export const keycloakMembershipNode: NodeType<KeycloakMembershipConfig> = {
  type: 'keycloak-membership',
  kind: 'integration',
  description: 'Adds or removes group memberships and role mappings of a user; what changed is undone if the flow fails.',
  interactive: false,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { ...subjectSchema, add: membershipsSchema, remove: membershipsSchema },
  },
  check: (config) => [...emptyIssues(config), ...overlapIssues(config, 'groups'), ...overlapIssues(config, 'roles')],
  warnings: subjectWarnings,
  inputs: userIdInputs,
  outputs: () => ({
    changes: { type: 'array', description: 'What changed: [{op: add|remove, kind: group|role, name}]' },
    error: { type: 'string', description: 'On failure: the error code' },
  }),
  ports: () => ['success', 'failure'],

  async init(ctx) {
    const { issuer } = ctx.context;
    const users = ctx.services.users;
    const userId = targetUserId(ctx);
    if (userId === undefined) return failure(noUser);
    const applied: MembershipChange[] = [];
    try {
      const [groups, roles] = await Promise.all([users.userGroups(issuer, userId), users.userRoles(issuer, userId)]);
      for (const change of plannedChanges(ctx.node.config, new Set(groups), new Set(roles))) {
        await applyChange(users, issuer, userId, change);
        applied.push(change);
      }
    } catch (error) {
      // What was applied before the error stays registered, so a failing flow still undoes it.
      return failure(failureCode(error, 'directory_error'), { changes: applied }, compensationOf(userId, applied));
    }
    return { kind: 'next', port: 'success', outputs: { changes: applied }, ...(applied.length > 0 ? { compensation: compensationOf(userId, applied) } : {}) };
  },

  async compensate(ctx, data) {
    const { userId, applied } = data as MembershipCompensation;
    for (const change of [...applied].reverse()) {
      await applyChange(ctx.services.users, ctx.context.issuer, userId, { ...change, op: change.op === 'add' ? 'remove' : 'add' });
    }
  },
};

function compensationOf(userId: string, applied: MembershipChange[]): MembershipCompensation | undefined {
  return applied.length > 0 ? { userId, applied } : undefined;
}

/** Only what is not so already: adding a group the user is in, or removing a role they lack, changes nothing. */
function plannedChanges(config: KeycloakMembershipConfig, groups: Set<string>, roles: Set<string>): MembershipChange[] {
  const has = (kind: MembershipChange['kind'], name: string) => (kind === 'group' ? groups : roles).has(name);
  const changes = (op: MembershipChange['op'], memberships: Memberships | undefined): MembershipChange[] => [
    ...(memberships?.groups ?? []).map((name): MembershipChange => ({ op, kind: 'group', name })),
    ...(memberships?.roles ?? []).map((name): MembershipChange => ({ op, kind: 'role', name })),
  ];
  return [...changes('add', config.add), ...changes('remove', config.remove)].filter((change) => has(change.kind, change.name) === (change.op === 'remove'));
}

function applyChange(users: UserDirectory, issuer: string, userId: string, change: MembershipChange): Promise<void> {
  if (change.kind === 'group') return change.op === 'add' ? users.addToGroup(issuer, userId, change.name) : users.removeFromGroup(issuer, userId, change.name);
  return change.op === 'add' ? users.addRole(issuer, userId, change.name) : users.removeRole(issuer, userId, change.name);
}

function emptyIssues(config: KeycloakMembershipConfig): ConfigIssue[] {
  const count = [config.add, config.remove].reduce((sum, memberships) => sum + (memberships?.groups?.length ?? 0) + (memberships?.roles?.length ?? 0), 0);
  return count === 0 ? [{ field: 'add', message: 'names no group or role to add or remove' }] : [];
}

function overlapIssues(config: KeycloakMembershipConfig, kind: keyof Memberships): ConfigIssue[] {
  const added = config.add?.[kind] ?? [];
  const removed = config.remove?.[kind] ?? [];
  return [
    ...duplicateIssues(`add.${kind}`, added),
    ...duplicateIssues(`remove.${kind}`, removed),
    ...added.filter((name) => removed.includes(name)).map((name) => ({ field: `remove.${kind}`, message: `${name} is both added and removed` })),
  ];
}
