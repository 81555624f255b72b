/**
 * Keycloak Organizations (Keycloak 26): find the organization that owns an internet domain, create
 * one with its domain, add a member and put them in the organization's own groups. Every write is
 * undone if the flow fails later (saga), like the keycloak-user and keycloak-membership nodes.
 */
import { evaluate, type Scopes } from '../../engine/expressions.js';
import type { VariableDeclaration } from '../../engine/flow.js';
import type { ConfigIssue, NodeContext, NodeNext, NodeResult, NodeType } from '../../engine/node-type.js';
import { evidenceContract } from '../../handoff/evidence-contract.js';
import { duplicateIssues } from '../shared/config-issues.js';
import { expressionIssues, expressionScopes } from '../shared/expression-scopes.js';
import { failure, failureCode } from './failures.js';
import { noUser, subjectSchema, subjectWarnings, targetUserId, userIdInputs, type SubjectConfig } from './target-user.js';

export const organizationOperations = ['find', 'create', 'add-member'] as const;

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

const outputsByOperation: Record<KeycloakOrganizationConfig['operation'], Record<string, VariableDeclaration>> = {
  find: { organization: { type: 'object', description: 'found: id, name, enabled, domains, attributes' } },
  create: { organizationId: { type: 'string', description: 'The new organization id', serverIssued: true } },
  'add-member': { groupIds: { type: 'array', description: "The ids of the organization's groups the member is in" } },
};

const portsByOperation: Record<KeycloakOrganizationConfig['operation'], readonly string[]> = {
  find: ['found', 'not_found', 'failure'],
  create: ['success', 'failure'],
  'add-member': ['success', 'failure'],
};

/** Finds and creates organizations and adds members; creates and additions are compensated if the flow fails. */
export const keycloakOrganizationNode: NodeType<KeycloakOrganizationConfig> = {
  type: 'keycloak-organization',
  kind: 'integration',
  description: "Finds an organization by domain, creates one, or adds a member to one (and to its groups) in the execution's realm; writes are compensated if the flow fails.",
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
      groups: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^/]+$' } },
    },
  },
  check: (config) => [...operationIssues(config), ...expressionFieldIssues(config)],
  warnings: (config) => (config.operation === 'add-member' ? subjectWarnings(config) : []),
  inputs: (config) =>
    config.operation === 'add-member'
      ? {
          organizationId: { type: 'string', required: true, serverSideOnly: true, description: 'The organization to add the member to; never from a screen or the request' },
          ...userIdInputs(config),
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
  if (domain === undefined || typeof name !== 'string' || name.trim() === '' || name.trim().length > maxNameLength || typeof enabled !== 'boolean') return failure(invalidValue);
  const attributes: Record<string, string[]> = {};
  for (const [attribute, source] of Object.entries(config.attributes ?? {})) {
    const value = await evaluate(source, scopes);
    const values = (Array.isArray(value) ? value : [value]).filter((item) => item !== null && item !== undefined).map(String);
    if (values.length > 0) attributes[attribute] = values;
  }
  attributes[journeyAttribute] = [ctx.executionId];
  // The domain is the alias: unique as the domain is, and without the spaces a name may have.
  const organizationId = await ctx.services.organizations.createOrganization(ctx.context.issuer, { name: name.trim(), alias: domain, domains: [domain], enabled, attributes });
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
  const done: OrganizationCompensation & { operation: 'add-member' } = { operation: 'add-member', organizationId, userId, member: false, createdGroups: [], joinedGroups: [] };
  const leave = (port: 'success' | 'failure', outputs: Record<string, unknown>): NodeNext => {
    const changed = done.member || done.createdGroups.length > 0 || done.joinedGroups.length > 0;
    return { kind: 'next', port, outputs, ...(changed ? { compensation: done } : {}) };
  };
  try {
    await organizations.addOrganizationMember(issuer, organizationId, userId);
    done.member = true;
    for (const name of ctx.node.config.groups ?? []) {
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

async function domainOf(source: string, scopes: Scopes): Promise<string | undefined> {
  const value = await evaluate(source, scopes);
  if (typeof value !== 'string') return undefined;
  const domain = value.trim().toLowerCase();
  return domainPattern.test(domain) ? domain : undefined;
}

/** A compensation whose target is gone already (e.g. the organization was deleted) has nothing left to undo. */
async function alreadyGoneIsDone(call: Promise<void>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (failureCode(error, '') !== 'directory_not_found') throw error;
  }
}

const fieldsByOperation: Record<KeycloakOrganizationConfig['operation'], { required: Array<keyof KeycloakOrganizationConfig>; allowed: Array<keyof KeycloakOrganizationConfig> }> = {
  find: { required: ['domain'], allowed: ['domain'] },
  create: { required: ['domain', 'name'], allowed: ['domain', 'name', 'enabled', 'attributes'] },
  'add-member': { required: [], allowed: ['subject', 'groups'] },
};

function operationIssues(config: KeycloakOrganizationConfig): ConfigIssue[] {
  const { required, allowed } = fieldsByOperation[config.operation];
  const given = (Object.keys(config) as Array<keyof KeycloakOrganizationConfig>).filter((field) => field !== 'operation');
  return [
    ...required.filter((field) => config[field] === undefined).map((field) => ({ field, message: `${config.operation} needs ${field}` })),
    ...given.filter((field) => !allowed.includes(field)).map((field) => ({ field, message: `${config.operation} takes no ${field}` })),
    ...(Object.hasOwn(config.attributes ?? {}, journeyAttribute)
      ? [{ field: `attributes.${journeyAttribute}`, message: `${journeyAttribute} is the journey that created the organization: only create sets it, to the execution's correlation id` }]
      : []),
    ...duplicateIssues('groups', config.groups ?? []),
  ];
}

function expressionFieldIssues(config: KeycloakOrganizationConfig): ConfigIssue[] {
  return [
    ...expressionIssues('domain', config.domain),
    ...expressionIssues('name', config.name),
    ...expressionIssues('enabled', config.enabled),
    ...Object.entries(config.attributes ?? {}).flatMap(([name, source]) => expressionIssues(`attributes.${name}`, source)),
  ];
}
