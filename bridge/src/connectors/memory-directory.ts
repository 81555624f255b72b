/**
 * An in-memory UserDirectory and OrganizationDirectory of one realm that records calls and can be
 * told to fail: the stand-in for Keycloak when flows run without it (flows-as-code tests, the
 * bridge's own tests).
 */
import type {
  DirectoryInvitation,
  DirectoryOrganization,
  DirectoryUser,
  NewDirectoryOrganization,
  NewDirectoryUser,
  OrganizationDirectory,
  ProfileProblem,
  UserDirectory,
  UserProfileRules,
} from '../engine/services.js';
import { IoError } from '../errors.js';

type Method = keyof UserDirectory | keyof OrganizationDirectory;

/** An organization with its members, its own groups (group id -> name and members) and its invitations by id. */
export interface MemoryOrganization extends DirectoryOrganization {
  alias?: string;
  members: Set<string>;
  groups: Map<string, { name: string; members: Set<string> }>;
  invitations: Map<string, DirectoryInvitation>;
}

export class MemoryDirectory implements UserDirectory, OrganizationDirectory {
  readonly users = new Map<string, DirectoryUser>();
  readonly groups = new Map<string, Set<string>>();
  readonly roles = new Map<string, Set<string>>();
  readonly organizations = new Map<string, MemoryOrganization>();
  /** Required actions given to created users, by user id. */
  readonly requiredActions = new Map<string, string[]>();
  readonly calls: string[] = [];
  private failures: Array<{ method: Method; arg?: string; error: Error }> = [];
  private nextId = 1;
  /** The realm's user profile: `plan` is managed but only an administrator may edit it (as in the demo realm). */
  profile: UserProfileRules = {
    managed: ['username', 'email', 'firstName', 'lastName', 'company', 'jobTitle', 'plan'],
    userEditable: ['username', 'email', 'firstName', 'lastName', 'company', 'jobTitle'],
    unmanagedUserEditable: true,
  };

  /** What the realm's user-profile validators say about a value (attribute -> message when refused). */
  validators: Record<string, (value: string) => string | undefined> = {};

  /** @param issuer the only realm (issuer) this directory answers for; another is a programming error */
  constructor(readonly issuer = 'https://kc.example.test/realms/demo') {}

  /** Makes `method` throw `error` (only for calls naming `arg`, when given). */
  failOn(method: Method, error: Error = new IoError('directory_unavailable', 'Keycloak is down'), arg?: string): this {
    this.failures.push({ method, arg, error });
    return this;
  }

  /** Its users with their groups and roles, as JSON (to keep between requests, e.g. a Try it run). */
  snapshot(): Array<{ user: DirectoryUser; groups: string[]; roles: string[] }> {
    return [...this.users.values()].map((user) => ({
      user: structuredClone(user),
      groups: [...(this.groups.get(user.id) ?? [])],
      roles: [...(this.roles.get(user.id) ?? [])],
    }));
  }

  /** A directory of `issuer` holding a snapshot's users. */
  static restore(issuer: string, snapshot: ReturnType<MemoryDirectory['snapshot']>): MemoryDirectory {
    const directory = new MemoryDirectory(issuer);
    for (const { user, groups, roles } of snapshot) directory.add(user, groups, roles);
    return directory;
  }

  add(user: DirectoryUser, groups: string[] = [], roles: string[] = []): this {
    this.users.set(user.id, structuredClone(user));
    this.groups.set(user.id, new Set(groups));
    this.roles.set(user.id, new Set(roles));
    return this;
  }

  async getUser(issuer: string, userId: string) {
    this.enter('getUser', issuer, userId);
    const user = this.users.get(userId);
    return user && structuredClone(user);
  }

  async findUserByUsername(issuer: string, username: string) {
    this.enter('findUserByUsername', issuer, username);
    return [...this.users.values()].find((user) => user.username === username);
  }

  async updateUser(issuer: string, userId: string, changes: Partial<Omit<DirectoryUser, 'id' | 'username'>>) {
    this.enter('updateUser', issuer, userId);
    const user = this.existing(userId);
    const { attributes, ...fields } = changes;
    for (const [name, value] of Object.entries(fields)) {
      if (value === '') delete (user as unknown as Record<string, unknown>)[name];
      else (user as unknown as Record<string, unknown>)[name] = value;
    }
    for (const [name, values] of Object.entries(attributes ?? {})) {
      if (values.length === 0) delete user.attributes[name];
      else user.attributes[name] = [...values];
    }
  }

  async createUser(issuer: string, user: NewDirectoryUser) {
    this.enter('createUser', issuer, user.username);
    if ([...this.users.values()].some((known) => known.username === user.username)) throw new IoError('directory_conflict', 'username taken');
    const { requiredActions, ...rest } = user;
    const id = `new-${this.nextId++}`;
    this.add({ ...rest, id, enabled: user.enabled ?? true, attributes: user.attributes ?? {} });
    if (requiredActions?.length) this.requiredActions.set(id, [...requiredActions]);
    return id;
  }

  async deleteUser(issuer: string, userId: string) {
    this.enter('deleteUser', issuer, userId);
    this.existing(userId);
    this.users.delete(userId);
  }

  async addToGroup(issuer: string, userId: string, path: string) {
    this.enter('addToGroup', issuer, path);
    this.groups.get(userId)!.add(path);
  }

  async removeFromGroup(issuer: string, userId: string, path: string) {
    this.enter('removeFromGroup', issuer, path);
    this.groups.get(userId)!.delete(path);
  }

  async addRole(issuer: string, userId: string, role: string) {
    this.enter('addRole', issuer, role);
    this.roles.get(userId)!.add(role);
  }

  async removeRole(issuer: string, userId: string, role: string) {
    this.enter('removeRole', issuer, role);
    this.roles.get(userId)!.delete(role);
  }

  async userGroups(issuer: string, userId: string) {
    this.enter('userGroups', issuer, userId);
    return [...this.groups.get(userId)!];
  }

  async userRoles(issuer: string, userId: string) {
    this.enter('userRoles', issuer, userId);
    return [...this.roles.get(userId)!];
  }

  async userProfile(issuer: string) {
    this.enter('userProfile', issuer, 'profile');
    return structuredClone(this.profile);
  }

  async checkProfile(issuer: string, userId: string, attributes: Record<string, string[]>) {
    this.enter('checkProfile', issuer, userId);
    this.existing(userId);
    const problems: ProfileProblem[] = [];
    for (const [attribute, values] of Object.entries(attributes)) {
      const managed = this.profile.managed.includes(attribute);
      if (managed ? !this.profile.userEditable.includes(attribute) : !this.profile.unmanagedUserEditable) {
        problems.push({ attribute, message: 'This value cannot be changed here.' });
        continue;
      }
      const refusal = values.map((value) => this.validators[attribute]?.(value)).find((message) => message !== undefined);
      if (refusal !== undefined) problems.push({ attribute, message: refusal });
    }
    return problems;
  }

  /** An organization of the realm (members and groups by user id). */
  addOrganization(organization: DirectoryOrganization & { alias?: string }, members: string[] = []): this {
    this.organizations.set(organization.id, { ...structuredClone(organization), members: new Set(members), groups: new Map(), invitations: new Map() });
    return this;
  }

  /** An invitation the organization `invitation.organizationId` keeps (made with Keycloak's *Invite*). */
  addInvitation(invitation: DirectoryInvitation): this {
    this.organization(invitation.organizationId).invitations.set(invitation.id, { ...structuredClone(invitation), email: invitation.email.toLowerCase() });
    return this;
  }

  async organizationsByDomain(issuer: string, domain: string) {
    this.enter('organizationsByDomain', issuer, domain);
    return [...this.organizations.values()].filter((organization) => organization.domains.includes(domain.toLowerCase())).map(publicOrganization);
  }

  async createOrganization(issuer: string, organization: NewDirectoryOrganization) {
    this.enter('createOrganization', issuer, organization.name);
    const taken = [...this.organizations.values()].find(
      (known) => known.name === organization.name || known.domains.some((domain) => organization.domains.includes(domain)),
    );
    if (taken) throw new IoError('directory_conflict', `organization name or domain taken by ${taken.id}`);
    const id = `org-${this.nextId++}`;
    this.addOrganization({ ...structuredClone(organization), id });
    return id;
  }

  async deleteOrganization(issuer: string, organizationId: string) {
    this.enter('deleteOrganization', issuer, organizationId);
    this.organization(organizationId);
    this.organizations.delete(organizationId);
  }

  async addOrganizationMember(issuer: string, organizationId: string, userId: string) {
    this.enter('addOrganizationMember', issuer, `${organizationId} ${userId}`);
    const organization = this.organization(organizationId);
    this.existing(userId);
    if (organization.members.has(userId)) throw new IoError('directory_conflict', 'already a member');
    organization.members.add(userId);
  }

  async removeOrganizationMember(issuer: string, organizationId: string, userId: string) {
    this.enter('removeOrganizationMember', issuer, `${organizationId} ${userId}`);
    if (!this.organization(organizationId).members.delete(userId)) throw new IoError('directory_not_found', 'not a member');
  }

  async organizationGroup(issuer: string, organizationId: string, name: string) {
    this.enter('organizationGroup', issuer, `${organizationId} ${name}`);
    return [...this.organization(organizationId).groups].find(([, group]) => group.name === name)?.[0];
  }

  async createOrganizationGroup(issuer: string, organizationId: string, name: string) {
    this.enter('createOrganizationGroup', issuer, `${organizationId} ${name}`);
    const id = `group-${this.nextId++}`;
    this.organization(organizationId).groups.set(id, { name, members: new Set() });
    return id;
  }

  async deleteOrganizationGroup(issuer: string, organizationId: string, groupId: string) {
    this.enter('deleteOrganizationGroup', issuer, `${organizationId} ${groupId}`);
    if (!this.organization(organizationId).groups.delete(groupId)) throw new IoError('directory_not_found', `no group ${groupId}`);
  }

  async joinOrganizationGroup(issuer: string, organizationId: string, groupId: string, userId: string) {
    this.enter('joinOrganizationGroup', issuer, `${organizationId} ${groupId} ${userId}`);
    const organization = this.organization(organizationId);
    if (!organization.members.has(userId)) throw new IoError('directory_rejected', 'not a member of the organization');
    this.organizationGroupOf(organization, groupId).members.add(userId);
  }

  async leaveOrganizationGroup(issuer: string, organizationId: string, groupId: string, userId: string) {
    this.enter('leaveOrganizationGroup', issuer, `${organizationId} ${groupId} ${userId}`);
    this.organizationGroupOf(this.organization(organizationId), groupId).members.delete(userId);
  }

  async organizationMemberIds(issuer: string, organizationId: string, max: number) {
    this.enter('organizationMemberIds', issuer, `${organizationId} ${max}`);
    return [...this.organization(organizationId).members].slice(0, max);
  }

  async organizationInvitations(issuer: string, organizationId: string, email: string) {
    this.enter('organizationInvitations', issuer, `${organizationId} ${email}`);
    return [...this.organization(organizationId).invitations.values()]
      .filter((invitation) => invitation.email === email.toLowerCase())
      .map((invitation) => structuredClone(invitation));
  }

  async organizationInvitation(issuer: string, organizationId: string, invitationId: string) {
    this.enter('organizationInvitation', issuer, `${organizationId} ${invitationId}`);
    return structuredClone(this.invitationOf(this.organization(organizationId), invitationId));
  }

  async deleteOrganizationInvitation(issuer: string, organizationId: string, invitationId: string) {
    this.enter('deleteOrganizationInvitation', issuer, `${organizationId} ${invitationId}`);
    const organization = this.organization(organizationId);
    this.invitationOf(organization, invitationId);
    organization.invitations.delete(invitationId);
  }

  /** Calls that changed something, as `method arg`. */
  writes(): string[] {
    return this.calls.filter(
      (call) =>
        !/^(getUser|findUserByUsername|userGroups|userRoles|userProfile|checkProfile|organizationsByDomain|organizationGroup|organizationMemberIds|organizationInvitations|organizationInvitation) /.test(
          call,
        ),
    );
  }

  private enter(method: Method, issuer: string, arg: string) {
    if (issuer !== this.issuer) throw new Error(`unexpected issuer ${issuer} (this directory holds ${this.issuer})`);
    this.calls.push(`${method} ${arg}`);
    const failure = this.failures.find((candidate) => candidate.method === method && (candidate.arg === undefined || candidate.arg === arg));
    if (failure) throw failure.error;
  }

  private organization(organizationId: string): MemoryOrganization {
    const organization = this.organizations.get(organizationId);
    if (!organization) throw new IoError('directory_not_found', `no organization ${organizationId}`);
    return organization;
  }

  private organizationGroupOf(organization: MemoryOrganization, groupId: string) {
    const group = organization.groups.get(groupId);
    if (!group) throw new IoError('directory_not_found', `no group ${groupId}`);
    return group;
  }

  private invitationOf(organization: MemoryOrganization, invitationId: string) {
    const invitation = organization.invitations.get(invitationId);
    if (!invitation) throw new IoError('directory_not_found', `no invitation ${invitationId}`);
    return invitation;
  }

  private existing(userId: string): DirectoryUser {
    const user = this.users.get(userId);
    if (!user) throw new IoError('directory_not_found', `no user ${userId}`);
    return user;
  }
}

function publicOrganization({
  members: _members,
  groups: _groups,
  invitations: _invitations,
  alias: _alias,
  ...organization
}: MemoryOrganization): DirectoryOrganization {
  return structuredClone(organization);
}
