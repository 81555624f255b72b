import { expect } from 'chai';
import type { CompensationContext } from '../../src/engine/node-type.js';
import { IoError } from '../../src/errors.js';
import { MemoryDirectory } from '../../src/connectors/memory-directory.js';
import { keycloakOrganizationNode, type KeycloakOrganizationConfig } from '../../src/nodes/integration/keycloak-organization-node.js';
import { baseContext, expectKind, fakeServices, harness } from '../nodes/support/node-harness.js';

const partner = { id: 'user-9', username: 'pat@acme.example', enabled: true, attributes: {} };
const globex = { id: 'org-globex', name: 'Globex', enabled: true, domains: ['globex.example'], attributes: {} };

function setup(
  config: KeycloakOrganizationConfig,
  options: { input?: Record<string, unknown>; flow?: Record<string, unknown>; directory?: MemoryDirectory } = {},
) {
  const directory = options.directory ?? new MemoryDirectory().add(partner).addOrganization(globex);
  const services = { ...fakeServices(), organizations: directory };
  const run = harness(keycloakOrganizationNode, config, { services, input: options.input ?? {}, flow: options.flow ?? {}, executionId: 'exec-7' });
  const compensate = (data: unknown) => {
    const ctx: CompensationContext = { context: baseContext, services, executionId: 'exec-7', node: { id: 'step1', type: 'keycloak-organization' } };
    return keycloakOrganizationNode.compensate!(ctx, data);
  };
  return { directory, run, compensate };
}

const addAdmin: KeycloakOrganizationConfig = { operation: 'add-member', subject: 'other', groups: ['Admins'] };

describe('keycloak-organization node', () => {
  describe('find', () => {
    const config: KeycloakOrganizationConfig = { operation: 'find', domain: "$substringAfter(flow.email, '@')" };

    it('finds the organization that owns the domain, whatever its case', async () => {
      const { run } = setup(config, { flow: { email: 'pat@GLOBEX.example' } });
      expect(expectKind(await run.init(), 'next')).to.deep.equal({ kind: 'next', port: 'found', outputs: { organization: globex } });
    });

    it('leaves through not_found for a domain no organization has, writing nothing', async () => {
      const { run, directory } = setup(config, { flow: { email: 'pat@acme.example' } });
      expect(expectKind(await run.init(), 'next')).to.deep.equal({ kind: 'next', port: 'not_found', outputs: {} });
      expect(directory.writes()).to.deep.equal([]);
    });

    it('fails with keycloak_invalid_value for something that is not a domain, and with the directory code when Keycloak fails', async () => {
      expect(expectKind(await setup(config, { flow: { email: 'pat@localhost' } }).run.init(), 'next').outputs).to.deep.equal({
        error: 'keycloak_invalid_value',
      });
      const directory = new MemoryDirectory().failOn('organizationsByDomain', new IoError('directory_forbidden', 'no manage-organizations'));
      expect(expectKind(await setup(config, { flow: { email: 'pat@acme.example' }, directory }).run.init(), 'next').outputs).to.deep.equal({
        error: 'directory_forbidden',
      });
    });
  });

  describe('create', () => {
    const config: KeycloakOrganizationConfig = {
      operation: 'create',
      name: 'flow.company',
      domain: "$substringAfter(flow.email, '@')",
      enabled: "flow.mode != 'approval-required'",
      attributes: { tier: "'partner'", empty: 'null' },
    };

    it('creates the organization with its domain, stamped with the journey (io.journey = the correlation id), and registers it for deletion', async () => {
      const { run, directory } = setup(config, { flow: { company: ' Acme Rockets ', email: 'pat@Acme.example', mode: 'approval-required' } });
      const next = expectKind(await run.init(), 'next');
      expect(next).to.deep.include({ port: 'success', outputs: { organizationId: 'org-1' }, compensation: { operation: 'create', organizationId: 'org-1' } });
      const { members, groups, invitations, ...created } = directory.organizations.get('org-1')!;
      expect(created).to.deep.equal({
        id: 'org-1',
        name: 'Acme Rockets',
        alias: 'acme.example',
        enabled: false,
        domains: ['acme.example'],
        attributes: { tier: ['partner'], 'io.journey': ['exec-7'] },
      });
      expect([members.size, groups.size, invitations.size]).to.deep.equal([0, 0, 0]);
    });

    it('fails with directory_conflict for a taken name or domain, and with keycloak_invalid_value for bad values, creating nothing', async () => {
      const taken = setup(config, { flow: { company: 'Globex', email: 'pat@acme.example', mode: 'open' } });
      expect(expectKind(await taken.run.init(), 'next').outputs).to.deep.equal({ error: 'directory_conflict' });
      for (const flow of [
        { company: '  ', email: 'pat@acme.example', mode: 'open' },
        { company: 'Acme', email: 'pat@acme', mode: 'open' },
      ]) {
        const { run, directory } = setup(config, { flow });
        expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ error: 'keycloak_invalid_value' });
        expect(directory.writes()).to.deep.equal([]);
      }
      const notBoolean = setup({ ...config, enabled: 'flow.mode' }, { flow: { company: 'Acme', email: 'pat@acme.example', mode: 'open' } });
      expect(expectKind(await notBoolean.run.init(), 'next').outputs).to.deep.equal({ error: 'keycloak_invalid_value' });
    });

    it('compensation deletes the organization, and tolerates it being gone already', async () => {
      const { run, directory, compensate } = setup(config, { flow: { company: 'Acme', email: 'pat@acme.example', mode: 'open' } });
      const { compensation } = expectKind(await run.init(), 'next');
      await compensate(compensation);
      expect(directory.organizations.has('org-1')).to.equal(false);
      await compensate(compensation);
    });
  });

  describe('add-member', () => {
    it('adds the member and puts them in the groups, creating the ones the organization lacks', async () => {
      const directory = new MemoryDirectory().add(partner).addOrganization(globex);
      const { run } = setup(addAdmin, { directory, input: { organizationId: 'org-globex', userId: 'user-9' } });
      const next = expectKind(await run.init(), 'next');
      expect(next).to.deep.equal({
        kind: 'next',
        port: 'success',
        outputs: { groupIds: ['group-1'] },
        compensation: {
          operation: 'add-member',
          organizationId: 'org-globex',
          userId: 'user-9',
          member: true,
          createdGroups: ['group-1'],
          joinedGroups: ['group-1'],
        },
      });
      const organization = directory.organizations.get('org-globex')!;
      expect([...organization.members]).to.deep.equal(['user-9']);
      expect(organization.groups.get('group-1')).to.deep.equal({ name: 'Admins', members: new Set(['user-9']) });
    });

    it('compensation leaves the groups, deletes the groups it created and removes the membership; a deleted organization counts as undone', async () => {
      const directory = new MemoryDirectory().add(partner).addOrganization(globex);
      const { run, compensate } = setup(addAdmin, { directory, input: { organizationId: 'org-globex', userId: 'user-9' } });
      const { compensation } = expectKind(await run.init(), 'next');
      directory.calls.length = 0;
      await compensate(compensation);
      expect(directory.writes()).to.deep.equal([
        'leaveOrganizationGroup org-globex group-1 user-9',
        'deleteOrganizationGroup org-globex group-1',
        'removeOrganizationMember org-globex user-9',
      ]);
      expect(directory.organizations.get('org-globex')).to.deep.include({ members: new Set(), groups: new Map() });
      directory.organizations.delete('org-globex');
      await compensate(compensation);
    });

    it('keeps a group the organization had: joins it, and the compensation only leaves it', async () => {
      const directory = new MemoryDirectory().add(partner).addOrganization(globex);
      const existing = await directory.createOrganizationGroup(directory.issuer, 'org-globex', 'Admins');
      const { run, compensate } = setup(addAdmin, { directory, input: { organizationId: 'org-globex', userId: 'user-9' } });
      const { compensation } = expectKind(await run.init(), 'next');
      await compensate(compensation);
      expect(directory.organizations.get('org-globex')!.groups.get(existing)).to.deep.equal({ name: 'Admins', members: new Set() });
    });

    it('on a failure part-way, fails with the code and keeps what it did registered for compensation', async () => {
      const directory = new MemoryDirectory().add(partner).addOrganization(globex).failOn('joinOrganizationGroup');
      const { run } = setup(addAdmin, { directory, input: { organizationId: 'org-globex', userId: 'user-9' } });
      const next = expectKind(await run.init(), 'next');
      expect(next.port).to.equal('failure');
      expect(next.outputs).to.deep.equal({ error: 'directory_unavailable' });
      expect(next.compensation).to.deep.include({ member: true, createdGroups: ['group-1'], joinedGroups: [] });
    });

    it('fails without a user or an organization, registering nothing', async () => {
      expect(expectKind(await setup(addAdmin, { input: { organizationId: 'org-globex' } }).run.init(), 'next')).to.deep.equal({
        kind: 'next',
        port: 'failure',
        outputs: { error: 'keycloak_user_missing' },
      });
      expect(expectKind(await setup(addAdmin, { input: { userId: 'user-9' } }).run.init(), 'next')).to.deep.equal({
        kind: 'next',
        port: 'failure',
        outputs: { error: 'keycloak_invalid_value' },
      });
    });
  });

  describe('add-member with firstMemberGroups', () => {
    const join: KeycloakOrganizationConfig = { operation: 'add-member', subject: 'other', firstMemberGroups: ['Admins'] };

    it("puts the organization's first member in the first-member groups, counting members after the addition", async () => {
      const directory = new MemoryDirectory().add(partner).addOrganization(globex);
      const { run } = setup(join, { directory, input: { organizationId: 'org-globex', userId: 'user-9' } });
      expect(expectKind(await run.init(), 'next')).to.deep.include({ port: 'success', outputs: { groupIds: ['group-1'] } });
      expect(directory.calls.slice(0, 2)).to.deep.equal(['addOrganizationMember org-globex user-9', 'organizationMemberIds org-globex 2']);
      expect(directory.organizations.get('org-globex')!.groups.get('group-1')).to.deep.equal({ name: 'Admins', members: new Set(['user-9']) });
    });

    it('makes a later member a plain member', async () => {
      const directory = new MemoryDirectory()
        .add(partner)
        .add({ id: 'user-1', username: 'ann@globex.example', enabled: true, attributes: {} })
        .addOrganization(globex, ['user-1']);
      const { run, compensate } = setup(join, { directory, input: { organizationId: 'org-globex', userId: 'user-9' } });
      const next = expectKind(await run.init(), 'next');
      expect(next).to.deep.include({ port: 'success', outputs: { groupIds: [] } });
      expect(directory.organizations.get('org-globex')!.groups.size).to.equal(0);
      await compensate(next.compensation);
      expect([...directory.organizations.get('org-globex')!.members]).to.deep.equal(['user-1']);
    });

    it('keeps the membership registered for compensation when counting the members fails', async () => {
      const directory = new MemoryDirectory().add(partner).addOrganization(globex).failOn('organizationMemberIds');
      const { run } = setup(join, { directory, input: { organizationId: 'org-globex', userId: 'user-9' } });
      const next = expectKind(await run.init(), 'next');
      expect(next).to.deep.include({ port: 'failure', outputs: { error: 'directory_unavailable' } });
      expect(next.compensation).to.deep.include({ member: true, createdGroups: [], joinedGroups: [] });
    });
  });

  describe('find-invitation', () => {
    const config: KeycloakOrganizationConfig = { operation: 'find-invitation', email: 'flow.email' };
    const invitation = { id: 'inv-1', organizationId: 'org-globex', email: 'sam@globex.example', expiresAt: 1_900_000_000, status: 'PENDING' as const };
    const withInvitations = (...invitations: Array<typeof invitation | (Omit<typeof invitation, 'status'> & { status: 'EXPIRED' })>) => {
      const directory = new MemoryDirectory().addOrganization(globex);
      for (const entry of invitations) directory.addInvitation(entry);
      return directory;
    };

    it("finds Keycloak's pending invitation of exactly the address in the organization owning its domain, whatever its case", async () => {
      const directory = withInvitations({ ...invitation, id: 'inv-0', email: 'ann@globex.example' }, invitation);
      const { run } = setup(config, { directory, flow: { email: ' Sam@GLOBEX.example ' } });
      expect(expectKind(await run.init(), 'next')).to.deep.equal({
        kind: 'next',
        port: 'found',
        outputs: {
          invitation: {
            id: 'inv-1',
            organizationId: 'org-globex',
            organizationName: 'Globex',
            email: 'sam@globex.example',
            firstName: null,
            lastName: null,
            expiresAt: 1_900_000_000,
          },
        },
      });
      expect(directory.calls).to.deep.equal(['organizationsByDomain globex.example', 'organizationInvitations org-globex sam@globex.example']);
      expect(directory.writes()).to.deep.equal([]);
    });

    it('leaves through expired for an invitation Keycloak says expired, and prefers a pending one', async () => {
      const expired = { ...invitation, status: 'EXPIRED' as const };
      expect(expectKind(await setup(config, { directory: withInvitations(expired), flow: { email: 'sam@globex.example' } }).run.init(), 'next')).to.deep.equal({
        kind: 'next',
        port: 'expired',
        outputs: {},
      });
      const both = withInvitations({ ...expired, id: 'inv-old' }, invitation);
      expect(expectKind(await setup(config, { directory: both, flow: { email: 'sam@globex.example' } }).run.init(), 'next').port).to.equal('found');
    });

    it('leaves through not_found when the domain has no organization, or its organization no invitation of the address (an accepted one is gone)', async () => {
      const directory = withInvitations(invitation);
      expect(expectKind(await setup(config, { directory, flow: { email: 'pat@globex.example' } }).run.init(), 'next')).to.deep.equal({
        kind: 'next',
        port: 'not_found',
        outputs: {},
      });
      expect(expectKind(await setup(config, { directory, flow: { email: 'sam@acme.example' } }).run.init(), 'next')).to.deep.equal({
        kind: 'next',
        port: 'not_found',
        outputs: {},
      });
      expect(directory.calls).to.deep.equal([
        'organizationsByDomain globex.example',
        'organizationInvitations org-globex pat@globex.example',
        'organizationsByDomain acme.example',
      ]);
    });

    it('fails with keycloak_invalid_value for something that is not an address, and with the directory code when Keycloak fails', async () => {
      for (const email of ['globex.example', '@globex.example', 'sam@localhost', 42]) {
        expect(expectKind(await setup(config, { flow: { email } }).run.init(), 'next').outputs).to.deep.equal({ error: 'keycloak_invalid_value' });
      }
      const directory = withInvitations(invitation).failOn('organizationInvitations', new IoError('directory_forbidden', 'no manage-organizations'));
      expect(expectKind(await setup(config, { directory, flow: { email: 'sam@globex.example' } }).run.init(), 'next').outputs).to.deep.equal({
        error: 'directory_forbidden',
      });
    });
  });

  describe('accept-invitation', () => {
    const config: KeycloakOrganizationConfig = { operation: 'accept-invitation' };
    const input = { organizationId: 'org-globex', invitationId: 'inv-1' };
    const directoryWith = (status: 'PENDING' | 'EXPIRED') =>
      new MemoryDirectory()
        .addOrganization(globex)
        .addInvitation({ id: 'inv-1', organizationId: 'org-globex', email: 'sam@globex.example', expiresAt: 1_900_000_000, status });

    it('deletes the pending invitation, as Keycloak does when its link is accepted, and registers nothing to undo', async () => {
      const directory = directoryWith('PENDING');
      const { run } = setup(config, { directory, input });
      expect(expectKind(await run.init(), 'next')).to.deep.equal({ kind: 'next', port: 'success', outputs: {} });
      expect(directory.writes()).to.deep.equal(['deleteOrganizationInvitation org-globex inv-1']);
      expect(directory.organizations.get('org-globex')!.invitations.size).to.equal(0);
    });

    it('refuses an invitation that expired meanwhile (invitation_expired) and one that is gone (directory_not_found), deleting nothing', async () => {
      const expired = directoryWith('EXPIRED');
      expect(expectKind(await setup(config, { directory: expired, input }).run.init(), 'next')).to.deep.equal({
        kind: 'next',
        port: 'failure',
        outputs: { error: 'invitation_expired' },
      });
      expect(expired.writes()).to.deep.equal([]);
      const gone = new MemoryDirectory().addOrganization(globex);
      expect(expectKind(await setup(config, { directory: gone, input }).run.init(), 'next').outputs).to.deep.equal({ error: 'directory_not_found' });
    });

    it('fails without the organization or the invitation', async () => {
      expect(expectKind(await setup(config, { input: { organizationId: 'org-globex' } }).run.init(), 'next').outputs).to.deep.equal({
        error: 'keycloak_invalid_value',
      });
      expect(expectKind(await setup(config, { input: { invitationId: 'inv-1' } }).run.init(), 'next').outputs).to.deep.equal({
        error: 'keycloak_invalid_value',
      });
    });
  });

  it('checks each operation takes exactly its fields, and never lets a flow set io.journey', () => {
    expect(keycloakOrganizationNode.check!({ operation: 'find' })).to.deep.equal([{ field: 'domain', message: 'find needs domain' }]);
    expect(keycloakOrganizationNode.check!({ operation: 'create', domain: 'flow.d' })).to.deep.equal([{ field: 'name', message: 'create needs name' }]);
    expect(keycloakOrganizationNode.check!({ operation: 'find', domain: 'flow.d', groups: ['Admins'] })).to.deep.equal([
      { field: 'groups', message: 'find takes no groups' },
    ]);
    expect(keycloakOrganizationNode.check!({ operation: 'add-member', groups: ['Admins', 'Admins'] })).to.deep.equal([
      { field: 'groups', message: '"Admins" occurs more than once' },
    ]);
    expect(keycloakOrganizationNode.check!({ operation: 'create', name: 'flow.n', domain: 'flow.d', attributes: { 'io.journey': "'forged'" } })).to.deep.equal([
      {
        field: 'attributes.io.journey',
        message: "io.journey is the journey that created the organization: only create sets it, to the execution's correlation id",
      },
    ]);
    expect(keycloakOrganizationNode.inputs(addAdmin)).to.have.keys('organizationId', 'userId');
    expect(keycloakOrganizationNode.inputs(addAdmin)['organizationId']).to.include({ required: true, serverSideOnly: true });
    expect(keycloakOrganizationNode.outputs({ operation: 'create' })['organizationId']).to.include({ serverIssued: true });
    expect(keycloakOrganizationNode.ports({ operation: 'find' })).to.deep.equal(['found', 'not_found', 'failure']);
    expect(keycloakOrganizationNode.check!({ operation: 'find-invitation' })).to.deep.equal([{ field: 'email', message: 'find-invitation needs email' }]);
    expect(keycloakOrganizationNode.check!({ operation: 'accept-invitation', email: 'flow.email' })).to.deep.equal([
      { field: 'email', message: 'accept-invitation takes no email' },
    ]);
    expect(keycloakOrganizationNode.check!({ operation: 'find', domain: 'flow.d', firstMemberGroups: ['Admins'] })).to.deep.equal([
      { field: 'firstMemberGroups', message: 'find takes no firstMemberGroups' },
    ]);
    expect(keycloakOrganizationNode.ports({ operation: 'find-invitation' })).to.deep.equal(['found', 'expired', 'not_found', 'failure']);
    expect(keycloakOrganizationNode.outputs({ operation: 'find-invitation' })['invitation']).to.include({ serverIssued: true });
    const accept = keycloakOrganizationNode.inputs({ operation: 'accept-invitation' });
    expect(accept).to.have.keys('organizationId', 'invitationId');
    expect(Object.values(accept).every((input) => input.required === true && input.serverSideOnly === true)).to.equal(true);
  });
});
