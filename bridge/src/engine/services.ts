/**
 * Ports: everything a node or processor may do beyond computing. The engine passes them through;
 * adapters (src/connectors/, src/store/) implement them, and tests pass fakes. Keeping I/O
 * behind these interfaces is what keeps the engine free of express, Redis and network code.
 */
import type { ChallengeSources } from './processor.js';
import type { FlowDefinition } from './flow.js';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface RandomSource {
  /** Cryptographically strong random bytes. */
  bytes(length: number): Uint8Array;
  uuid(): string;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Outbound HTTP for integration nodes (host allow-lists are enforced by the node). */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}

/** A Keycloak user as integration nodes see it (attributes are multi-valued, as in Keycloak). */
export interface DirectoryUser {
  id: string;
  username: string;
  email?: string;
  emailVerified?: boolean;
  firstName?: string;
  lastName?: string;
  enabled: boolean;
  attributes: Record<string, string[]>;
}

export interface NewDirectoryUser {
  username: string;
  /** Aliases of Keycloak required actions the user must complete at their first sign-in. */
  requiredActions?: string[];
  email?: string;
  firstName?: string;
  lastName?: string;
  enabled?: boolean;
  emailVerified?: boolean;
  attributes?: Record<string, string[]>;
}

/** What the realm's user profile lets a user edit about themself (Keycloak's `permissions.edit` holds `user`). */
export interface UserProfileRules {
  /** Every attribute the profile declares (the others are "unmanaged"). */
  managed: string[];
  /** Profile attributes a user may edit, e.g. `email`, `firstName`, `company`. */
  userEditable: string[];
  /** Whether attributes outside the profile are user-editable (`unmanagedAttributePolicy: ENABLED`). */
  unmanagedUserEditable: boolean;
}

/**
 * Users, groups and roles of the realm an execution came from (Keycloak admin REST API). Every
 * call names the realm by the handoff's verified issuer (`{base}/realms/{realm}`), so the
 * adapter picks that realm's admin client and no other.
 */
/** A value the realm's user profile refuses, in Keycloak's words (the locale's, when the realm has it). */
export interface ProfileProblem {
  attribute: string;
  message: string;
}

export interface UserDirectory {
  getUser(issuer: string, userId: string): Promise<DirectoryUser | undefined>;
  findUserByUsername(issuer: string, username: string): Promise<DirectoryUser | undefined>;
  /** Replaces the listed fields and attributes; others stay as they are. */
  updateUser(issuer: string, userId: string, changes: Partial<Omit<DirectoryUser, 'id' | 'username'>>): Promise<void>;
  createUser(issuer: string, user: NewDirectoryUser): Promise<string>;
  deleteUser(issuer: string, userId: string): Promise<void>;
  /** Group by path (e.g. `/partners/acme`). */
  addToGroup(issuer: string, userId: string, groupPath: string): Promise<void>;
  removeFromGroup(issuer: string, userId: string, groupPath: string): Promise<void>;
  /** Realm role, or client role as `clientId:role`. */
  addRole(issuer: string, userId: string, role: string): Promise<void>;
  removeRole(issuer: string, userId: string, role: string): Promise<void>;
  userGroups(issuer: string, userId: string): Promise<string[]>;
  userRoles(issuer: string, userId: string): Promise<string[]>;
  /** The realm's user-profile rules (cached briefly by the adapter). */
  userProfile(issuer: string): Promise<UserProfileRules>;
  /**
   * Checks values for the user as their own update-profile submission (Keycloak's validators),
   * changing nothing: the refusals of the given attributes, none when all are accepted.
   */
  checkProfile(issuer: string, userId: string, attributes: Record<string, string[]>, locale?: string): Promise<ProfileProblem[]>;
}

/** A Keycloak Organization (Keycloak 26) as integration nodes see it. */
export interface DirectoryOrganization {
  id: string;
  name: string;
  enabled: boolean;
  /** Its internet domains, lower-case. */
  domains: string[];
  attributes: Record<string, string[]>;
}

export interface NewDirectoryOrganization {
  name: string;
  /** Keycloak's unique, space-free key of the organization (its name may have spaces). */
  alias: string;
  domains: string[];
  enabled: boolean;
  attributes: Record<string, string[]>;
}

/**
 * An invitation to an organization as Keycloak keeps it (Keycloak 26.7: *Organizations -> Invite*,
 * or its admin API). Keycloak deletes an invitation when it is accepted, so one that exists is not
 * used yet; `status` is Keycloak's own: `PENDING` until `expiresAt`, then `EXPIRED`.
 */
export interface DirectoryInvitation {
  id: string;
  organizationId: string;
  /** The invited address, lower-case. */
  email: string;
  firstName?: string;
  lastName?: string;
  /** Seconds since the epoch. */
  expiresAt: number;
  status: 'PENDING' | 'EXPIRED';
}

/**
 * The Organizations of the realm an execution came from (Keycloak 26's admin REST API): found by
 * domain, created and deleted, their members and their own groups. Every call names the realm by
 * the handoff's verified issuer, as for the UserDirectory.
 */
export interface OrganizationDirectory {
  /** The organizations one of whose domains is exactly `domain` (case-insensitive). */
  organizationsByDomain(issuer: string, domain: string): Promise<DirectoryOrganization[]>;
  createOrganization(issuer: string, organization: NewDirectoryOrganization): Promise<string>;
  deleteOrganization(issuer: string, organizationId: string): Promise<void>;
  addOrganizationMember(issuer: string, organizationId: string, userId: string): Promise<void>;
  removeOrganizationMember(issuer: string, organizationId: string, userId: string): Promise<void>;
  /** The id of the organization's top-level group named `name`, if it has one. */
  organizationGroup(issuer: string, organizationId: string, name: string): Promise<string | undefined>;
  createOrganizationGroup(issuer: string, organizationId: string, name: string): Promise<string>;
  deleteOrganizationGroup(issuer: string, organizationId: string, groupId: string): Promise<void>;
  joinOrganizationGroup(issuer: string, organizationId: string, groupId: string, userId: string): Promise<void>;
  leaveOrganizationGroup(issuer: string, organizationId: string, groupId: string, userId: string): Promise<void>;
  /** The ids of at most `max` of the organization's members. */
  organizationMemberIds(issuer: string, organizationId: string, max: number): Promise<string[]>;
  /** The organization's invitations of exactly `email` (case-insensitive), pending or expired. */
  organizationInvitations(issuer: string, organizationId: string, email: string): Promise<DirectoryInvitation[]>;
  /** One invitation of the organization; `directory_not_found` when it is gone (accepted, deleted). */
  organizationInvitation(issuer: string, organizationId: string, invitationId: string): Promise<DirectoryInvitation>;
  deleteOrganizationInvitation(issuer: string, organizationId: string, invitationId: string): Promise<void>;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
}

/** Counters and timestamps that outlive one execution (failed attempts, lockouts, rate limits). */
export interface CounterStore {
  /** Adds one and returns the new value; the key expires `ttlSeconds` after its first increment. */
  increment(key: string, ttlSeconds: number): Promise<number>;
  get(key: string): Promise<number>;
  reset(key: string): Promise<void>;
  /** Remembers a value (e.g. a timestamp) for `ttlSeconds`. */
  put(key: string, value: string, ttlSeconds: number): Promise<void>;
  read(key: string): Promise<string | undefined>;
}

/** Verifies a CAPTCHA response (pluggable: hCaptcha, Turnstile, reCAPTCHA, a test double...). */
export interface CaptchaVerifier {
  /** The widget a challenged screen shows to get a response. */
  readonly widget: CaptchaWidget;
  /** True when the provider confirms the response; throws when it cannot answer. */
  verify(response: string, clientIp: string | undefined): Promise<boolean>;
}

/** A CAPTCHA widget as the theme's `captcha` partial renders it. */
export interface CaptchaWidget {
  /** Which widget markup the partial renders (`hcaptcha`, `turnstile`). */
  provider: string;
  siteKey: string;
  scriptUrl: string;
  /** The form field the widget posts its response in. */
  responseField: string;
  /** The origins the widget loads from, per CSP directive. */
  sources: Readonly<ChallengeSources>;
}

export interface AuditEvent {
  type: string;
  executionId: string;
  flowId: string;
  stepId?: string;
  nodeId?: string;
  at: number;
  details?: Record<string, unknown>;
}

export interface AuditSink {
  record(event: AuditEvent): void;
}

/** Library flows by reference (`id` or `id@version`). Returns undefined for an unknown flow. */
export interface FlowSource {
  get(ref: string): FlowDefinition | undefined;
}

export interface Services {
  clock: Clock;
  random: RandomSource;
  http: HttpClient;
  users: UserDirectory;
  organizations: OrganizationDirectory;
  mail: Mailer;
  counters: CounterStore;
  captcha?: CaptchaVerifier;
  audit: AuditSink;
  flows: FlowSource;
}
