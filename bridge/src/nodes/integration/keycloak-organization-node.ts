/**
 * Keycloak Organizations (Keycloak 26): find the organization that owns an internet domain, create
 * one with its domain, add a member and put them in the organization's own groups, find the pending
 * invitation of an address and accept it. Every write but the acceptance is undone if the flow fails
 * later (saga), like the keycloak-user and keycloak-membership nodes; accepting deletes the
 * invitation, as Keycloak does when its own link is used, which nothing can undo: make it the last write.
 */
import type { DirectoryInvitation } from '../../engine/services.js';
import { evaluate, type Scopes } from '../../engine/expressions.js';
import type { VariableDeclaration } from '../../engine/flow.js';
import type { ConfigIssue, NodeContext, NodeNext, NodeResult, NodeType } from '../../engine/node-type.js';
import { evidenceContract } from '../../handoff/evidence-contract.js';
import { duplicateIssues } from '../shared/config-issues.js';
import { expressionIssues, expressionScopes } from '../shared/expression-scopes.js';
import { failure, failureCode, hasCode } from './failures.js';
import { noUser, subjectSchema, subjectWarnings, targetUserId, userIdInputs, type SubjectConfig } from './target-user.js';

export const organizationOperations = ['find', 'create', 'add-member', 'find-invitation', 'accept-invitation'] as const;

export interface KeycloakOrganizationConfig extends SubjectConfig {
  operation: (typeof organizationOperations)[number];
  /** find, create: expression for the internet domain, e.g. the part of a verified email after `@`. */
  domain?: string;
  /** create: expression for the organization's name. */
  name?: string;
  /** create: expression giving true or false (default true); a disabled organization waits for an operator. */
  enabled?: string;
  /** create: attribute name -> expression (a value or an array of values). */
  attributes?: Record<string, string>;
  /** add-member: the organization's own groups to put the member in, created when the organization lacks them. */
  groups?: string[];
  /** add-member: further groups, only for the organization's first member (its only member once added). */
  firstMemberGroups?: string[];
  /** find-invitation: expression for the invited address; use an address the journey verified. */
  email?: string;
}

/** What `compensate()` undoes: the organization a create made, or what an add-member changed. */
type OrganizationCompensation =
  | { operation: 'create'; organizationId: string }
  | { operation: 'add-member'; organizationId: string; userId: string; member: boolean; createdGroups: string[]; joinedGroups: string[] };

const { journeyAttribute } = evidenceContract;
const invalidValue = 'keycloak_invalid_value';
const directoryFailure = 'directory_error';
/** An internet domain: labels of letters, digits and hyphens, a dot between them, lower-case. */
const domainPattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const maxNameLength = 255;
/** Whether an address is the organization's first member: it and at most one more are listed. */
const firstMemberProbe = 2;
const invitationExpired = 'invitation_expired';

const outputsByOperation: Record<KeycloakOrganizationConfig['operation'], Record<string, VariableDeclaration>> = {
  find: { organization: { type: 'object', description: 'found: id, name, enabled, domains, attributes' } },
  create: { organizationId: { type: 'string', description: 'The new organization id', serverIssued: true } },
  'add-member': { groupIds: { type: 'array', description: "The ids of the organization's groups the member is in" } },
  'find-invitation': {
    invitation: {
      type: 'object',
      description:
        "found: Keycloak's pending invitation (id, organizationId, organizationName, email, firstName, lastName, expiresAt); the organization is the one owning the address's domain",
      serverIssued: true,
    },
  },
  'accept-invitation': {},
};

const portsByOperation: Record<KeycloakOrganizationConfig['operation'], readonly string[]> = {
  find: ['found', 'not_found', 'failure'],
  create: ['success', 'failure'],
  'add-member': ['success', 'failure'],
  'find-invitation': ['found', 'expired', 'not_found', 'failure'],
  'accept-invitation': ['success', 'failure'],
};

const groupsSchema = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^/]+$' } };

/** Finds and creates organizations and adds members; creates and additions are compensated if the flow fails. */
export const keycloakOrganizationNode: NodeType<KeycloakOrganizationConfig> = {
  type: 'keycloak-organization',
  kind: 'integration',
  description:
    "Finds an organization by domain, creates one, adds a member to one (and to its groups), finds the pending invitation of an address in the organization owning its domain, or accepts (deletes) an invitation, in the execution's realm; writes but the acceptance are compensated if the flow fails.",
  interactive: false,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['operation'],
    properties: {
      operation: { enum: organizationOperations },
      ...subjectSchema,
      domain: { type: 'string', minLength: 1 },
      name: { type: 'string', minLength: 1 },
      enabled: { type: 'string', minLength: 1 },
      attributes: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
      groups: groupsSchema,
      firstMemberGroups: groupsSchema,
      email: { type: 'string', minLength: 1 },
    },
  },
  check: (config) => [...operationIssues(config), ...expressionFieldIssues(config)],
  warnings: (config) => (config.operation === 'add-member' ? subjectWarnings(config) : []),
  inputs: (config): Record<string, VariableDeclaration> =>
    config.operation === 'add-member'
      ? {
          organizationId: {
            type: 'string',
            required: true,
            serverSideOnly: true,
            description: 'The organization to add the member to; never from a screen or the request',
          },
          ...userIdInputs(config),
        }
      : config.operation === 'accept-invitation'
        ? {
            organizationId: {
              type: 'string',
              required: true,
              serverSideOnly: true,
              description: "The invitation's organization (find-invitation's invitation.organizationId)",
            },
            invitationId: { type: 'string', required: true, serverSideOnly: true, description: "The invitation (find-invitation's invitation.id)" },
          }
        : {},
  outputs: (config) => ({ ...outputsByOperation[config.operation], error: { type: 'string', description: 'On failure: the error code' } }),
  // An operation picks the ports; a config without one (the designer's empty node) has none yet.
  ports: (config) => portsByOperation[config.operation] ?? [],

  async init(ctx) {
    const scopes = expressionScopes(ctx);
    try {
      if (ctx.node.config.operation === 'find') return await find(ctx, scopes);
      if (ctx.node.config.operation === 'create') return await create(ctx, scopes);
      if (ctx.node.config.operation === 'find-invitation') return await findInvitation(ctx, scopes);
      if (ctx.node.config.operation === 'accept-invitation') return await acceptInvitation(ctx);
      return await addMember(ctx);
    } catch (error) {
      return failure(failureCode(error, directoryFailure));
    }
  },

  async compensate(ctx, data) {
    const compensation = data as OrganizationCompensation;
    const organizations = ctx.services.organizations;
    const { issuer } = ctx.context;
    const { organizationId } = compensation;
    if (compensation.operation === 'create') {
      await alreadyGoneIsDone(organizations.deleteOrganization(issuer, organizationId));
      return;
    }
    for (const groupId of [...compensation.joinedGroups].reverse()) {
      await alreadyGoneIsDone(organizations.leaveOrganizationGroup(issuer, organizationId, groupId, compensation.userId));
    }
    for (const groupId of [...compensation.createdGroups].reverse()) {
      await alreadyGoneIsDone(organizations.deleteOrganizationGroup(issuer, organizationId, groupId));
    }
    if (compensation.member) await alreadyGoneIsDone(organizations.removeOrganizationMember(issuer, organizationId, compensation.userId));
  },
};

async function find(ctx: NodeContext<KeycloakOrganizationConfig>, scopes: Scopes): Promise<NodeResult> {
  const domain = await domainOf(ctx.node.config.domain!, scopes);
  if (domain === undefined) return failure(invalidValue);
  const [organization] = await ctx.services.organizations.organizationsByDomain(ctx.context.issuer, domain);
  return organization ? { kind: 'next', port: 'found', outputs: { organization } } : { kind: 'next', port: 'not_found', outputs: {} };
}

/**
 * Creates the organization with its domain, stamped with the journey that created it: attribute
 * `io.journey` = the execution's id (the handoff's correlation id), as keycloak-user create stamps
 * the user, so Keycloak can tell which organization a sign-up made (IO's sign-up approvals).
 */
async function create(ctx: NodeContext<KeycloakOrganizationConfig>, scopes: Scopes): Promise<NodeResult> {
  const { config } = ctx.node;
  const domain = await domainOf(config.domain!, scopes);
  const name = await evaluate(config.name!, scopes);
  const enabled = config.enabled === undefined ? true : await evaluate(config.enabled, scopes);
  if (domain === undefined || typeof name !== 'string' || name.trim() === '' || name.trim().length > maxNameLength || typeof enabled !== 'boolean')
    return failure(invalidValue);
  const attributes: Record<string, string[]> = {};
  for (const [attribute, source] of Object.entries(config.attributes ?? {})) {
    const value = await evaluate(source, scopes);
    const values = (Array.isArray(value) ? value : [value]).filter((item) => item !== null && item !== undefined).map(String);
    if (values.length > 0) attributes[attribute] = values;
  }
  attributes[journeyAttribute] = [ctx.executionId];
  // The domain is the alias: unique as the domain is, and without the spaces a name may have.
  const organizationId = await ctx.services.organizations.createOrganization(ctx.context.issuer, {
    name: name.trim(),
    alias: domain,
    domains: [domain],
    enabled,
    attributes,
  });
  const compensation: OrganizationCompensation = { operation: 'create', organizationId };
  return { kind: 'next', port: 'success', outputs: { organizationId }, compensation };
}

/** Adds the member, then puts them in each group (creating the groups the organization lacks); what was done stays registered even when a later call fails. */
async function addMember(ctx: NodeContext<KeycloakOrganizationConfig>): Promise<NodeResult> {
  const organizationId = ctx.input['organizationId'];
  const userId = targetUserId(ctx);
  if (userId === undefined) return failure(noUser);
  if (typeof organizationId !== 'string' || organizationId === '') return failure(invalidValue);
  const organizations = ctx.services.organizations;
  const { issuer } = ctx.context;
  const done: OrganizationCompensation & { operation: 'add-member' } = {
    operation: 'add-member',
    organizationId,
    userId,
    member: false,
    createdGroups: [],
    joinedGroups: [],
  };
  const leave = (port: 'success' | 'failure', outputs: Record<string, unknown>): NodeNext => {
    const changed = done.member || done.createdGroups.length > 0 || done.joinedGroups.length > 0;
    return { kind: 'next', port, outputs, ...(changed ? { compensation: done } : {}) };
  };
  try {
    await organizations.addOrganizationMember(issuer, organizationId, userId);
    done.member = true;
    const groups = [...(ctx.node.config.groups ?? [])];
    if ((ctx.node.config.firstMemberGroups ?? []).length > 0) {
      // Counted after the addition: of two people joining at once, neither counts as the first.
      const members = await organizations.organizationMemberIds(issuer, organizationId, firstMemberProbe);
      if (members.length === 1 && members[0] === userId) groups.push(...ctx.node.config.firstMemberGroups!.filter((name) => !groups.includes(name)));
    }
    for (const name of groups) {
      let groupId = await organizations.organizationGroup(issuer, organizationId, name);
      if (groupId === undefined) {
        groupId = await organizations.createOrganizationGroup(issuer, organizationId, name);
        done.createdGroups.push(groupId);
      }
      await organizations.joinOrganizationGroup(issuer, organizationId, groupId, userId);
      done.joinedGroups.push(groupId);
    }
  } catch (error) {
    return leave('failure', { error: failureCode(error, directoryFailure) });
  }
  return leave('success', { groupIds: done.joinedGroups });
}

/**
 * Keycloak's invitation of exactly this address in the organization that owns the address's domain:
 * found when it is pending, `expired` when Keycloak says it expired, `not_found` when the domain has
 * no organization or the organization no invitation for the address (an accepted invitation is gone).
 */
async function findInvitation(ctx: NodeContext<KeycloakOrganizationConfig>, scopes: Scopes): Promise<NodeResult> {
  const value = await evaluate(ctx.node.config.email!, scopes);
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  const at = email.lastIndexOf('@');
  const domain = at > 0 ? asDomain(email.slice(at + 1)) : undefined;
  if (domain === undefined) return failure(invalidValue);
  const organizations = ctx.services.organizations;
  const { issuer } = ctx.context;
  const [organization] = await organizations.organizationsByDomain(issuer, domain);
  if (!organization) return { kind: 'next', port: 'not_found', outputs: {} };
  const invitations = (await organizations.organizationInvitations(issuer, organization.id, email)).filter((invitation) => invitation.email === email);
  const pending = invitations.find((invitation) => invitation.status === 'PENDING');
  if (pending) return { kind: 'next', port: 'found', outputs: { invitation: invitationOutput(pending, organization.name) } };
  return { kind: 'next', port: invitations.length > 0 ? 'expired' : 'not_found', outputs: {} };
}

function invitationOutput(invitation: DirectoryInvitation, organizationName: string): Record<string, unknown> {
  const { id, organizationId, email, firstName, lastName, expiresAt } = invitation;
  return { id, organizationId, organizationName, email, firstName: firstName ?? null, lastName: lastName ?? null, expiresAt };
}

/**
 * Marks the invitation used the way Keycloak does when its own link is accepted: deletes it, after
 * checking it is still pending (Keycloak refuses an expired one too). Not compensated: a deleted
 * invitation cannot come back without Keycloak mailing a new one.
 */
async function acceptInvitation(ctx: NodeContext<KeycloakOrganizationConfig>): Promise<NodeResult> {
  const organizationId = ctx.input['organizationId'];
  const invitationId = ctx.input['invitationId'];
  if (typeof organizationId !== 'string' || organizationId === '' || typeof invitationId !== 'string' || invitationId === '') return failure(invalidValue);
  const organizations = ctx.services.organizations;
  const { issuer } = ctx.context;
  const invitation = await organizations.organizationInvitation(issuer, organizationId, invitationId);
  if (invitation.status !== 'PENDING') return failure(invitationExpired);
  await organizations.deleteOrganizationInvitation(issuer, organizationId, invitationId);
  return { kind: 'next', port: 'success', outputs: {} };
}

async function domainOf(source: string, scopes: Scopes): Promise<string | undefined> {
  return asDomain(await evaluate(source, scopes));
}

function asDomain(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const domain = value.trim().toLowerCase();
  return domainPattern.test(domain) ? domain : undefined;
}

/** A compensation whose target is gone already (e.g. the organization was deleted) has nothing left to undo. */
async function alreadyGoneIsDone(call: Promise<void>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!hasCode(error, 'directory_not_found')) throw error;
  }
}

const fieldsByOperation: Record<
  KeycloakOrganizationConfig['operation'],
  { required: Array<keyof KeycloakOrganizationConfig>; allowed: Array<keyof KeycloakOrganizationConfig> }
> = {
  find: { required: ['domain'], allowed: ['domain'] },
  create: { required: ['domain', 'name'], allowed: ['domain', 'name', 'enabled', 'attributes'] },
  'add-member': { required: [], allowed: ['subject', 'groups', 'firstMemberGroups'] },
  'find-invitation': { required: ['email'], allowed: ['email'] },
  'accept-invitation': { required: [], allowed: [] },
};

function operationIssues(config: KeycloakOrganizationConfig): ConfigIssue[] {
  const { required, allowed } = fieldsByOperation[config.operation];
  const given = (Object.keys(config) as Array<keyof KeycloakOrganizationConfig>).filter((field) => field !== 'operation');
  return [
    ...required.filter((field) => config[field] === undefined).map((field) => ({ field, message: `${config.operation} needs ${field}` })),
    ...given.filter((field) => !allowed.includes(field)).map((field) => ({ field, message: `${config.operation} takes no ${field}` })),
    ...(Object.hasOwn(config.attributes ?? {}, journeyAttribute)
      ? [
          {
            field: `attributes.${journeyAttribute}`,
            message: `${journeyAttribute} is the journey that created the organization: only create sets it, to the execution's correlation id`,
          },
        ]
      : []),
    ...duplicateIssues('groups', config.groups ?? []),
    ...duplicateIssues('firstMemberGroups', config.firstMemberGroups ?? []),
  ];
}

function expressionFieldIssues(config: KeycloakOrganizationConfig): ConfigIssue[] {
  return [
    ...expressionIssues('domain', config.domain),
    ...expressionIssues('name', config.name),
    ...expressionIssues('enabled', config.enabled),
    ...expressionIssues('email', config.email),
    ...Object.entries(config.attributes ?? {}).flatMap(([name, source]) => expressionIssues(`attributes.${name}`, source)),
  ];
}
