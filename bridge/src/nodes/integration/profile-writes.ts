/**
 * Writes go through the realm's user-profile rules: a keycloak-user node may write what the user
 * could edit themself (the attribute's `permissions.edit` holds `user`), and nothing else unless
 * the node declares it in `adminWrites` (a flagged, documented setting). `emailVerified` and
 * `enabled` are never user-editable. Names are as in the node's `changed` output: `email`,
 * `firstName`, `lastName`, `emailVerified`, `enabled`, `attributes.<name>`.
 */
import type { UserProfileRules } from '../../engine/services.js';
import { changedNames, type UserChanges } from './user-changes.js';

const profileFields = new Set(['email', 'firstName', 'lastName']);

/** The names in `changes` that neither the profile lets a user edit nor `adminWrites` declares. */
export function writesBeyondProfile(changes: UserChanges, rules: UserProfileRules, adminWrites: readonly string[] = []): string[] {
  return changedNames(changes).filter((name) => !adminWrites.includes(name) && !userEditable(name, rules));
}

function userEditable(name: string, rules: UserProfileRules): boolean {
  const attribute = name.startsWith('attributes.') ? name.slice('attributes.'.length) : profileFields.has(name) ? name : undefined;
  if (attribute === undefined) return false; // emailVerified, enabled
  return rules.userEditable.includes(attribute) || (rules.unmanagedUserEditable && !rules.managed.includes(attribute) && !profileFields.has(attribute));
}

export function adminWriteWarnings(adminWrites: readonly string[] | undefined): string[] {
  return adminWrites?.length ? [`writes ${adminWrites.join(', ')} as an administrator, past the realm's user-profile rules (adminWrites)`] : [];
}
