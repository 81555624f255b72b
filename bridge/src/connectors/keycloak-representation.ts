/**
 * Pure translations between Keycloak's admin REST representations and the UserDirectory port:
 * no I/O here, so they are unit-tested without a Keycloak.
 */
import type UserRepresentation from '@keycloak/keycloak-admin-client/lib/defs/userRepresentation.js';
import type MappingsRepresentation from '@keycloak/keycloak-admin-client/lib/defs/mappingsRepresentation.js';
import type { UserProfileConfig } from '@keycloak/keycloak-admin-client/lib/defs/userProfileMetadata.js';
import type { DirectoryUser, UserProfileRules } from '../engine/services.js';
import { ConfigError } from '../errors.js';

export type UserChanges = Partial<Omit<DirectoryUser, 'id' | 'username'>>;

/** Where a realm's admin API lives, from its trusted issuer URL `{base}/realms/{realm}`. */
export interface RealmEndpoint {
  baseUrl: string;
  realm: string;
}

export function parseRealmIssuer(issuer: string): RealmEndpoint {
  const match = /^(https?:\/\/[^?#]+?)\/realms\/([^/?#]+)\/?$/.exec(issuer);
  if (!match) throw new ConfigError('trustedIssuers', `${issuer} is not a Keycloak realm issuer ({base}/realms/{realm})`);
  return { baseUrl: match[1]!, realm: decodeURIComponent(match[2]!) };
}

/** Trusted issuer (without a trailing slash) -> its realm's admin endpoint: one admin client per issuer. */
export function issuerEndpoints(issuers: readonly string[]): Map<string, RealmEndpoint> {
  return new Map(issuers.map((issuer) => [withoutTrailingSlash(issuer), parseRealmIssuer(issuer)]));
}

export function withoutTrailingSlash(issuer: string): string {
  return issuer.replace(/\/+$/, '');
}

/** The user-editable attributes of a realm's user profile configuration (`GET .../users/profile`). */
export function userProfileRules(config: UserProfileConfig): UserProfileRules {
  return {
    managed: (config.attributes ?? []).map((attribute) => attribute.name!),
    userEditable: (config.attributes ?? []).filter((attribute) => attribute.permissions?.edit?.includes('user')).map((attribute) => attribute.name!),
    unmanagedUserEditable: String(config.unmanagedAttributePolicy) === 'ENABLED',
  };
}

export function toDirectoryUser(rep: UserRepresentation): DirectoryUser {
  return {
    id: rep.id!,
    username: rep.username!,
    email: rep.email,
    emailVerified: rep.emailVerified,
    firstName: rep.firstName,
    lastName: rep.lastName,
    enabled: rep.enabled ?? true,
    attributes: { ...(rep.attributes as Record<string, string[]> | undefined) },
  };
}

/**
 * The full representation to PUT: Keycloak 26 treats the attributes of an update as the complete
 * set (omitted ones are removed), so the changes are merged into what was read. An attribute
 * changed to no values is left out, which removes it.
 */
export function mergeUserRepresentation(current: UserRepresentation, changes: UserChanges): UserRepresentation {
  const { attributes: attributeChanges, ...fieldChanges } = changes;
  const attributes: Record<string, string[]> = { ...(current.attributes as Record<string, string[]> | undefined) };
  for (const [name, values] of Object.entries(attributeChanges ?? {})) {
    if (values.length === 0) delete attributes[name];
    else attributes[name] = values;
  }
  const defined = Object.fromEntries(Object.entries(fieldChanges).filter(([, value]) => value !== undefined));
  return { ...current, ...defined, attributes };
}

/** A role name from the port: `role` (realm role) or `clientId:role` (client role; split at the last colon, as client ids may hold colons). */
export function parseRoleName(role: string): { clientId?: string; name: string } {
  const colon = role.lastIndexOf(':');
  return colon <= 0 ? { name: role } : { clientId: role.slice(0, colon), name: role.slice(colon + 1) };
}

/** A user's directly mapped roles, named as the port names them. */
export function roleNames(mappings: MappingsRepresentation): string[] {
  const realmRoles = (mappings.realmMappings ?? []).map((role) => role.name!);
  const clientRoles = Object.entries(mappings.clientMappings ?? {}).flatMap(([clientId, mapping]) =>
    ((mapping as { mappings?: Array<{ name: string }> }).mappings ?? []).map((role) => `${clientId}:${role.name}`),
  );
  return [...realmRoles, ...clientRoles];
}
