import { expect } from 'chai';
import type { CompensationContext } from '../../src/engine/node-type.js';
import { keycloakMembershipNode, type KeycloakMembershipConfig } from '../../src/nodes/integration/keycloak-membership-node.js';
import { baseContext, expectKind, fakeServices, harness } from '../nodes/support/node-harness.js';
import { MemoryDirectory } from '../../src/connectors/memory-directory.js';

const jane = { id: 'user-1', username: 'jane', enabled: true, attributes: {} };

function setup(config: KeycloakMembershipConfig, directory = new MemoryDirectory().add(jane, ['/partners'], ['legacy', 'portal:viewer'])) {
  const services = { ...fakeServices(), users: directory };
  const run = harness(keycloakMembershipNode, config, { services });
  const compensate = (data: unknown) => {
    const ctx: CompensationContext = { context: baseContext, services, executionId: 'exec-1', node: { id: 'step1', type: 'keycloak-membership' } };
    return keycloakMembershipNode.compensate!(ctx, data);
  };
  const memberships = () => ({ groups: [...directory.groups.get('user-1')!].sort(), roles: [...directory.roles.get('user-1')!].sort() });
  return { directory, run, compensate, memberships };
}

const config: KeycloakMembershipConfig = {
  add: { groups: ['/partners', '/partners/pro'], roles: ['partner', 'portal:viewer'] },
  remove: { groups: ['/old'], roles: ['legacy'] },
};

describe('keycloak-membership node', () => {
  it('changes only what is not so already and outputs what it changed', async () => {
    const { run, directory, memberships } = setup(config);
    const next = expectKind(await run.init(), 'next');
    const changes = [
      { op: 'add', kind: 'group', name: '/partners/pro' },
      { op: 'add', kind: 'role', name: 'partner' },
      { op: 'remove', kind: 'role', name: 'legacy' },
    ];
    expect(next.port).to.equal('success');
    expect(next.outputs).to.deep.equal({ changes });
    expect(next.compensation).to.deep.equal({ userId: 'user-1', applied: changes });
    expect(directory.writes()).to.deep.equal(['addToGroup /partners/pro', 'addRole partner', 'removeRole legacy']);
    expect(memberships()).to.deep.equal({ groups: ['/partners', '/partners/pro'], roles: ['partner', 'portal:viewer'] });
  });

  it('compensation undoes exactly the changes, newest first, and keeps memberships the user already had', async () => {
    const { run, directory, compensate, memberships } = setup(config);
    const before = memberships();
    const { compensation } = expectKind(await run.init(), 'next');
    directory.calls.length = 0;
    await compensate(compensation);
    expect(directory.writes()).to.deep.equal(['addRole legacy', 'removeRole partner', 'removeFromGroup /partners/pro']);
    expect(memberships()).to.deep.equal(before);
  });

  it('registers no compensation when nothing changes', async () => {
    const { run, directory } = setup({ add: { groups: ['/partners'] }, remove: { roles: ['absent'] } });
    expect(expectKind(await run.init(), 'next')).to.deep.equal({ kind: 'next', port: 'success', outputs: { changes: [] } });
    expect(directory.writes()).to.deep.equal([]);
  });

  it('on a failure part-way, fails with the error code and keeps what was applied registered for compensation', async () => {
    const directory = new MemoryDirectory().add(jane).failOn('addRole', undefined, 'partner');
    const { run, compensate, memberships } = setup({ add: { groups: ['/staff'], roles: ['partner'] } }, directory);
    const next = expectKind(await run.init(), 'next');
    expect(next.port).to.equal('failure');
    expect(next.outputs).to.deep.equal({ error: 'directory_unavailable', changes: [{ op: 'add', kind: 'group', name: '/staff' }] });
    await compensate(next.compensation);
    expect(memberships()).to.deep.equal({ groups: [], roles: [] });
  });

  it('fails without compensation when the memberships cannot be read', async () => {
    const { run } = setup(config, new MemoryDirectory().add(jane).failOn('userGroups'));
    expect(expectKind(await run.init(), 'next')).to.deep.equal({ kind: 'next', port: 'failure', outputs: { error: 'directory_unavailable', changes: [] } });
  });

  it("acts on the journey's own user by default, whatever a userId input says", async () => {
    const directory = new MemoryDirectory().add(jane).add({ ...jane, id: 'user-2' });
    const services = { ...fakeServices(), users: directory };
    expect(keycloakMembershipNode.inputs({ add: { roles: ['partner'] } })).to.deep.equal({});
    const run = harness(keycloakMembershipNode, { add: { roles: ['partner'] } }, { services, input: { userId: 'user-2' } });
    expectKind(await run.init(), 'next');
    expect([...directory.roles.get('user-1')!]).to.deep.equal(['partner']);
    expect([...directory.roles.get('user-2')!]).to.deep.equal([]);
  });

  it('acts on another user only with subject "other", which takes a server-side userId and is flagged', async () => {
    const directory = new MemoryDirectory().add(jane).add({ ...jane, id: 'user-2' });
    const services = { ...fakeServices(), users: directory };
    const other: KeycloakMembershipConfig = { subject: 'other', add: { roles: ['partner'] } };
    expect(keycloakMembershipNode.inputs(other)['userId']).to.include({ required: true, serverSideOnly: true });
    expect(keycloakMembershipNode.warnings!(other)).to.have.length(1);
    expect(keycloakMembershipNode.warnings!({ add: { roles: ['partner'] } })).to.deep.equal([]);
    expectKind(await harness(keycloakMembershipNode, other, { services, input: { userId: 'user-2' } }).init(), 'next');
    expect([...directory.roles.get('user-2')!]).to.deep.equal(['partner']);
    expect([...directory.roles.get('user-1')!]).to.deep.equal([]);
  });

  it('checks for empty, duplicate and contradictory entries', () => {
    expect(keycloakMembershipNode.check!({})).to.deep.equal([{ field: 'add', message: 'names no group or role to add or remove' }]);
    expect(keycloakMembershipNode.check!({ add: { groups: ['/a', '/a'] }, remove: { roles: ['r'] } })).to.deep.equal([
      { field: 'add.groups', message: '"/a" occurs more than once' },
    ]);
    expect(keycloakMembershipNode.check!({ add: { roles: ['r'] }, remove: { roles: ['r'] } })).to.deep.equal([
      { field: 'remove.roles', message: 'r is both added and removed' },
    ]);
  });
});
