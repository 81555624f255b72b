/**
 * The OrganizationDirectory port on Keycloak 26's Organizations admin REST API, through the
 * issuer's own admin client (keycloak-admin-calls.ts). The realm must have Organizations enabled.
 *
 * The fewest realm-management roles that work (Keycloak 26.7's admin permission checks):
 * - `manage-organizations`: finding, creating and deleting organizations, their members and groups
 *   (it includes `view-organizations` and `query-organizations`);
 * - `manage-users` in addition: adding a user as a member, and joining or leaving an organization
 *   group, also check that the caller may manage that user (and its group membership).
 * Reading and deleting an organization's invitations needs only `manage-organizations` (Keycloak
 * checks that the caller may manage the organization).
 */
import type OrganizationInvitationRepresentation from '@keycloak/keycloak-admin-client/lib/defs/organizationInvitationRepresentation.js';
import type OrganizationRepresentation from '@keycloak/keycloak-admin-client/lib/defs/organizationRepresentation.js';
import type { DirectoryInvitation, DirectoryOrganization, OrganizationDirectory } from '../engine/services.js';
import { adminCalls, type KeycloakDirectoryOptions } from './keycloak-admin-calls.js';

/** Keycloak answers at most this many organizations per search; a domain belongs to one at most. */
const searchLimit = 100;

export function createKeycloakOrganizationDirectory(options: KeycloakDirectoryOptions): OrganizationDirectory {
  const call = adminCalls(options);
  return {
    organizationsByDomain: (issuer, domain) =>
      call(issuer, `finding the organizations of ${domain}`, async (client, realm) => {
        // `search` with `exact` matches a name or a domain exactly: keep those that have the domain.
        const found = await client.organizations.find({ realm, search: domain, exact: true, max: searchLimit });
        const wanted = domain.toLowerCase();
        return found.map(toDirectoryOrganization).filter((organization) => organization.domains.includes(wanted));
      }),

    createOrganization: (issuer, organization) =>
      call(issuer, `creating organization ${organization.name}`, async (client, realm) => {
        const { id } = await client.organizations.create({
          realm,
          name: organization.name,
          alias: organization.alias,
          enabled: organization.enabled,
          attributes: organization.attributes,
          domains: organization.domains.map((name) => ({ name, verified: false })),
        });
        return id;
      }),

    deleteOrganization: (issuer, organizationId) =>
      call(issuer, `deleting organization ${organizationId}`, (client, realm) => client.organizations.delById({ realm, id: organizationId })),

    addOrganizationMember: (issuer, organizationId, userId) =>
      call(issuer, `adding user ${userId} to organization ${organizationId}`, async (client, realm) => {
        await client.organizations.addMember({ realm, orgId: organizationId, userId });
      }),

    removeOrganizationMember: (issuer, organizationId, userId) =>
      call(issuer, `removing user ${userId} from organization ${organizationId}`, async (client, realm) => {
        await client.organizations.delMember({ realm, orgId: organizationId, userId });
      }),

    organizationGroup: (issuer, organizationId, name) =>
      call(issuer, `finding group ${name} of organization ${organizationId}`, async (client, realm) => {
        const groups = await client.organizations.groups(organizationId).find({ realm, search: name, exact: true, max: searchLimit });
        return groups.find((group) => group.name === name)?.id;
      }),

    createOrganizationGroup: (issuer, organizationId, name) =>
      call(issuer, `creating group ${name} of organization ${organizationId}`, async (client, realm) => {
        const { id } = await client.organizations.groups(organizationId).create({ realm, name });
        return id;
      }),

    deleteOrganizationGroup: (issuer, organizationId, groupId) =>
      call(issuer, `deleting group ${groupId} of organization ${organizationId}`, (client, realm) =>
        client.organizations.groups(organizationId).del({ realm, id: groupId }),
      ),

    joinOrganizationGroup: (issuer, organizationId, groupId, userId) =>
      call(issuer, `adding user ${userId} to group ${groupId} of organization ${organizationId}`, async (client, realm) => {
        await client.organizations.groups(organizationId).addMemberToOrgGroup({ realm, groupId, userId });
      }),

    leaveOrganizationGroup: (issuer, organizationId, groupId, userId) =>
      call(issuer, `removing user ${userId} from group ${groupId} of organization ${organizationId}`, async (client, realm) => {
        await client.organizations.groups(organizationId).removeMemberFromOrgGroup({ realm, groupId, userId });
      }),

    organizationMemberIds: (issuer, organizationId, max) =>
      call(issuer, `listing the members of organization ${organizationId}`, async (client, realm) => {
        const members = await client.organizations.listMembers({ realm, orgId: organizationId, max });
        return members.map((member) => member.id!);
      }),

    organizationInvitations: (issuer, organizationId, email) =>
      call(issuer, `finding the invitations of organization ${organizationId}`, async (client, realm) => {
        // Keycloak's `email` filter matches the whole address, ignoring case; keep exactly that address.
        const found = await client.organizations.listInvitations({ realm, orgId: organizationId, email, max: searchLimit });
        const wanted = email.toLowerCase();
        return found.map(toDirectoryInvitation).filter((invitation) => invitation.email === wanted);
      }),

    organizationInvitation: (issuer, organizationId, invitationId) =>
      call(issuer, `reading invitation ${invitationId} of organization ${organizationId}`, async (client, realm) =>
        toDirectoryInvitation(await client.organizations.findInvitation({ realm, orgId: organizationId, invitationId })),
      ),

    deleteOrganizationInvitation: (issuer, organizationId, invitationId) =>
      call(issuer, `deleting invitation ${invitationId} of organization ${organizationId}`, (client, realm) =>
        client.organizations.deleteInvitation({ realm, orgId: organizationId, invitationId }),
      ),
  };
}

export function toDirectoryOrganization(rep: OrganizationRepresentation): DirectoryOrganization {
  return {
    id: rep.id!,
    name: rep.name ?? '',
    enabled: rep.enabled !== false,
    domains: (rep.domains ?? []).map((domain) => (domain.name ?? '').toLowerCase()).filter((name) => name !== ''),
    attributes: rep.attributes ?? {},
  };
}

function toDirectoryInvitation(rep: OrganizationInvitationRepresentation): DirectoryInvitation {
  return {
    id: rep.id!,
    organizationId: rep.organizationId!,
    email: (rep.email ?? '').toLowerCase(),
    ...(rep.firstName ? { firstName: rep.firstName } : {}),
    ...(rep.lastName ? { lastName: rep.lastName } : {}),
    expiresAt: rep.expiresAt ?? 0,
    // Anything but Keycloak's PENDING counts as expired: only a pending invitation admits anyone.
    status: rep.status === 'PENDING' ? 'PENDING' : 'EXPIRED',
  };
}
