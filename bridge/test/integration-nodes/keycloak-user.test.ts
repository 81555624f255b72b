import { expect } from 'chai';
import type { CompensationContext } from '../../src/engine/node-type.js';
import type { DirectoryUser } from '../../src/engine/services.js';
import { keycloakUserNode, type KeycloakUserConfig } from '../../src/nodes/integration/keycloak-user-node.js';
import { baseContext, expectKind, fakeServices, harness } from '../nodes/support/node-harness.js';
import { MemoryDirectory } from '../../src/connectors/memory-directory.js';

const jane: DirectoryUser = {
  id: 'user-1',
  username: 'jane',
  email: 'jane.doe@example.com',
  emailVerified: true,
  firstName: 'Jane',
  enabled: true,
  attributes: { company: ['Old Corp'], plan: ['free'] },
};

function setup(config: KeycloakUserConfig, options: { input?: Record<string, unknown>; flow?: Record<string, unknown>; directory?: MemoryDirectory } = {}) {
  const directory = options.directory ?? new MemoryDirectory().add(jane);
  const services = { ...fakeServices(), users: directory };
  const run = harness(keycloakUserNode, config, { services, input: options.input, flow: options.flow });
  const compensate = (data: unknown) => {
    const ctx: CompensationContext = {
      context: baseContext,
      services,
      executionId: 'exec-1',
      node: { id: 'step1', type: 'keycloak-user', config: config as unknown as Record<string, unknown> },
    };
    return keycloakUserNode.compensate!(ctx, data);
  };
  return { directory, run, compensate };
}

describe('keycloak-user node', () => {
  describe('read', () => {
    it("outputs the handoff user's record", async () => {
      const { run } = setup({ operation: 'read' });
      const next = expectKind(await run.init(), 'next');
      expect(next.port).to.equal('success');
      expect(next.outputs).to.deep.equal({ user: jane });
      expect(next.compensation).to.equal(undefined);
    });

    it('ignores a userId input unless subject is "other": the journey\'s own user by default', async () => {
      const other = { ...jane, id: 'user-2', username: 'john' };
      expect(keycloakUserNode.inputs({ operation: 'read' })).to.deep.equal({});
      const { run } = setup({ operation: 'read' }, { input: { userId: 'user-2' }, directory: new MemoryDirectory().add(jane).add(other) });
      expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ user: jane });
    });

    it('reads the user named by the userId input with subject "other"', async () => {
      const other = { ...jane, id: 'user-2', username: 'john' };
      const { run } = setup({ operation: 'read', subject: 'other' }, { input: { userId: 'user-2' }, directory: new MemoryDirectory().add(jane).add(other) });
      expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ user: other });
    });

    it('with subject "other" and no userId, fails with keycloak_user_missing instead of using the own user', async () => {
      const { run, directory } = setup({ operation: 'update', subject: 'other', fields: { firstName: '"X"' } }, { input: { userId: '' } });
      expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ error: 'keycloak_user_missing' });
      expect(directory.calls).to.deep.equal([]);
    });

    it('fails with keycloak_user_not_found for an unknown user', async () => {
      const { run } = setup({ operation: 'read', subject: 'other' }, { input: { userId: 'ghost' } });
      expect(expectKind(await run.init(), 'next'))
        .to.include({ port: 'failure' })
        .and.to.have.deep.property('outputs', { error: 'keycloak_user_not_found' });
    });

    it('fails with keycloak_user_missing when no user is known', async () => {
      const directory = new MemoryDirectory();
      const services = { ...fakeServices(), users: directory };
      const { user: _user, ...anonymous } = baseContext;
      const run = harness(keycloakUserNode, { operation: 'read' }, { services, context: anonymous });
      expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ error: 'keycloak_user_missing' });
      expect(directory.calls).to.deep.equal([]);
    });
  });

  describe('update', () => {
    const config: KeycloakUserConfig = {
      operation: 'update',
      fields: { firstName: '"Jane"', lastName: 'input.lastName', emailVerified: 'true' },
      attributes: { company: 'flow.company', plan: '"free"', jobTitle: 'input.title', missing: 'flow.nothing' },
    };

    it('writes only what differs and registers the previous values of exactly those', async () => {
      const { run, directory } = setup(config, { input: { lastName: 'Doe', title: 'CTO' }, flow: { company: 'Acme' } });
      const next = expectKind(await run.init(), 'next');
      expect(next.port).to.equal('success');
      expect(next.outputs).to.deep.equal({ changed: ['lastName', 'attributes.company', 'attributes.jobTitle'] });
      expect(next.compensation).to.deep.equal({
        operation: 'update',
        userId: 'user-1',
        previous: { lastName: '', attributes: { company: ['Old Corp'], jobTitle: [] } },
      });
      expect(directory.users.get('user-1')).to.deep.equal({
        ...jane,
        lastName: 'Doe',
        attributes: { company: ['Acme'], plan: ['free'], jobTitle: ['CTO'] },
      });
    });

    it('compensation restores the user exactly as it was', async () => {
      const { run, directory, compensate } = setup(config, { input: { lastName: 'Doe', title: 'CTO' }, flow: { company: 'Acme' } });
      const { compensation } = expectKind(await run.init(), 'next');
      await compensate(compensation);
      expect(directory.users.get('user-1')).to.deep.equal(jane);
    });

    it('registers no compensation and writes nothing when nothing changes', async () => {
      const { run, directory } = setup({ operation: 'update', fields: { email: 'context.user.email' }, attributes: { plan: '["free"]' } });
      const next = expectKind(await run.init(), 'next');
      expect(next).to.deep.equal({ kind: 'next', port: 'success', outputs: { changed: [] } });
      expect(directory.writes()).to.deep.equal([]);
    });

    it('clears a value for null and takes arrays as multi-valued attributes', async () => {
      const { run, directory } = setup({ operation: 'update', fields: { firstName: 'null' }, attributes: { company: 'null', tags: '["a", "b"]' } });
      const next = expectKind(await run.init(), 'next');
      expect(next.compensation).to.deep.include({ previous: { firstName: 'Jane', attributes: { company: ['Old Corp'], tags: [] } } });
      const { firstName: _cleared, ...withoutFirstName } = jane;
      expect(directory.users.get('user-1')).to.deep.equal({ ...withoutFirstName, attributes: { plan: ['free'], tags: ['a', 'b'] } });
    });

    it('fails with the directory error code and registers nothing when the update is refused', async () => {
      const { run } = setup(config, { input: { lastName: 'Doe' }, directory: new MemoryDirectory().add(jane).failOn('updateUser') });
      const next = expectKind(await run.init(), 'next');
      expect(next).to.deep.equal({ kind: 'next', port: 'failure', outputs: { error: 'directory_unavailable' } });
    });

    it('uses directory_error for an untyped failure', async () => {
      const { run } = setup(config, { directory: new MemoryDirectory().add(jane).failOn('getUser', new Error('socket hang up')) });
      expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ error: 'directory_error' });
    });

    it("refuses to write what the realm's user profile does not let a user edit, and writes nothing", async () => {
      for (const fields of [{ emailVerified: 'false' }, { enabled: 'false' }]) {
        const { run, directory } = setup({ operation: 'update', fields });
        expect(expectKind(await run.init(), 'next'), JSON.stringify(fields)).to.deep.equal({
          kind: 'next',
          port: 'failure',
          outputs: { error: 'keycloak_write_not_allowed' },
        });
        expect(directory.writes()).to.deep.equal([]);
        expect(directory.users.get('user-1')).to.deep.equal(jane);
      }
      const { run, directory } = setup({ operation: 'update', attributes: { company: '"Acme"', plan: '"pro"' } });
      expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ error: 'keycloak_write_not_allowed' });
      expect(directory.users.get('user-1')).to.deep.equal(jane);
    });

    it('refuses an unmanaged attribute unless the realm lets users edit unmanaged attributes', async () => {
      const directory = new MemoryDirectory().add(jane);
      directory.profile = { ...directory.profile, unmanagedUserEditable: false };
      const { run } = setup({ operation: 'update', attributes: { tags: '"a"' } }, { directory });
      expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ error: 'keycloak_write_not_allowed' });
      expect(directory.writes()).to.deep.equal([]);
    });

    it('writes admin-level values the node declares in adminWrites, and is flagged for it', async () => {
      const config: KeycloakUserConfig = {
        operation: 'update',
        fields: { emailVerified: 'false' },
        attributes: { plan: '"pro"' },
        adminWrites: ['emailVerified', 'attributes.plan'],
      };
      const { run, directory } = setup(config);
      expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ changed: ['emailVerified', 'attributes.plan'] });
      expect(directory.users.get('user-1')).to.deep.include({ emailVerified: false, attributes: { company: ['Old Corp'], plan: ['pro'] } });
      expect(keycloakUserNode.warnings!(config)).to.deep.equal([
        "writes emailVerified, attributes.plan as an administrator, past the realm's user-profile rules (adminWrites)",
      ]);
      expect(keycloakUserNode.warnings!({ operation: 'update', subject: 'other' })[0]).to.match(/subject "other"/);
      expect(keycloakUserNode.warnings!({ operation: 'update', attributes: { plan: '"pro"' } })).to.deep.equal([]);
    });

    it('refuses a flag that is not a boolean', async () => {
      const { run } = setup({ operation: 'update', fields: { emailVerified: '"yes"' } });
      let error: unknown;
      await run.init().catch((caught) => (error = caught));
      expect(error).to.have.property('code', 'keycloak_invalid_value');
    });
  });

  describe('create', () => {
    const config: KeycloakUserConfig = {
      operation: 'create',
      username: 'input.username',
      fields: { email: 'input.email', firstName: 'input.first', emailVerified: 'true' },
      attributes: { company: 'input.company', empty: 'null' },
      adminWrites: ['emailVerified'],
    };

    it('refuses to create a user with values beyond the user profile that adminWrites does not declare', async () => {
      const { adminWrites: _declared, ...undeclared } = config;
      const { run, directory } = setup(undeclared, { input: { username: 'newbie' } });
      expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ error: 'keycloak_write_not_allowed' });
      expect(directory.writes()).to.deep.equal([]);
    });

    it('creates the user stamped with the journey that created it (io.journey = the correlation id), outputs its id and registers it for deletion', async () => {
      const { run, directory } = setup(config, { input: { username: 'newbie', email: 'new@example.com', company: 'Acme' } });
      const next = expectKind(await run.init(), 'next');
      expect(next.outputs).to.deep.equal({ userId: 'new-1' });
      expect(next.compensation).to.deep.equal({ operation: 'create', userId: 'new-1' });
      expect(directory.users.get('new-1')).to.deep.equal({
        id: 'new-1',
        username: 'newbie',
        email: 'new@example.com',
        emailVerified: true,
        enabled: true,
        attributes: { company: ['Acme'], 'io.journey': ['exec-1'] },
      });
    });

    it('stamps io.journey past the user-profile rules: no adminWrites needed, and a flow cannot set it', async () => {
      const { run, directory } = setup({ operation: 'create', username: 'input.username' }, { input: { username: 'newbie' } });
      expectKind(await run.init(), 'next');
      expect(directory.users.get('new-1')?.attributes).to.deep.equal({ 'io.journey': ['exec-1'] });
      const message = "io.journey is the journey that created the user: only create sets it, to the execution's correlation id";
      expect(keycloakUserNode.check!({ operation: 'create', username: 'input.u', attributes: { 'io.journey': "'forged'" } })).to.deep.equal([
        { field: 'attributes.io.journey', message },
      ]);
      expect(keycloakUserNode.check!({ operation: 'update', attributes: { 'io.journey': "'forged'" } })).to.deep.equal([
        { field: 'attributes.io.journey', message },
      ]);
    });

    it('compensation deletes the created user, and tolerates it being gone already', async () => {
      const { run, directory, compensate } = setup(config, { input: { username: 'newbie' } });
      const { compensation } = expectKind(await run.init(), 'next');
      await compensate(compensation);
      expect(directory.users.has('new-1')).to.equal(false);
      await compensate(compensation);
    });

    it('fails with directory_conflict for a taken username', async () => {
      const { run } = setup(config, { input: { username: 'jane' } });
      expect(expectKind(await run.init(), 'next')).to.deep.equal({ kind: 'next', port: 'failure', outputs: { error: 'directory_conflict' } });
    });

    it('gives the new user the required actions an expression names, one or a list, each once', async () => {
      const create = (requiredActions: string, credential: string) =>
        setup({ operation: 'create', username: 'input.username', requiredActions }, { input: { username: 'newbie', credential } });
      const passkey = create("input.credential = 'passkey' ? 'webauthn-register-passwordless' : 'UPDATE_PASSWORD'", 'passkey');
      expectKind(await passkey.run.init(), 'next');
      expect(passkey.directory.requiredActions.get('new-1')).to.deep.equal(['webauthn-register-passwordless']);
      const both = create("['UPDATE_PASSWORD', 'CONFIGURE_TOTP', 'UPDATE_PASSWORD']", 'password');
      expectKind(await both.run.init(), 'next');
      expect(both.directory.requiredActions.get('new-1')).to.deep.equal(['UPDATE_PASSWORD', 'CONFIGURE_TOTP']);
    });

    it('refuses a required action that is not an alias, with nothing written', async () => {
      const { run, directory } = setup(
        { operation: 'create', username: 'input.username', requiredActions: "'UPDATE PASSWORD'" },
        { input: { username: 'newbie' } },
      );
      expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ error: 'keycloak_invalid_value' });
      expect(directory.writes()).to.deep.equal([]);
      expect(keycloakUserNode.check!({ operation: 'update', requiredActions: "'UPDATE_PASSWORD'" })).to.deep.equal([
        { field: 'requiredActions', message: "only create sets required actions (an existing user gets them through the end node's add_required_action)" },
      ]);
    });

    it('fails with keycloak_invalid_value for an empty username', async () => {
      const { run, directory } = setup(config, { input: { username: '  ' } });
      expect(expectKind(await run.init(), 'next').outputs).to.deep.equal({ error: 'keycloak_invalid_value' });
      expect(directory.writes()).to.deep.equal([]);
    });
  });

  it('checks operation-specific config and expressions', () => {
    expect(keycloakUserNode.check!({ operation: 'create' })).to.deep.equal([{ field: 'username', message: 'create needs a username expression' }]);
    expect(keycloakUserNode.check!({ operation: 'read', attributes: { a: 'flow.a' } })).to.have.length(1);
    expect(keycloakUserNode.check!({ operation: 'update', attributes: { a: 'flow.(' } })[0]).to.include({ field: 'attributes.a' });
    expect(keycloakUserNode.inputs({ operation: 'update', subject: 'other' })).to.have.property('userId');
    expect(keycloakUserNode.check!({ operation: 'create', username: 'input.u', subject: 'self' })).to.deep.equal([
      { field: 'subject', message: 'create makes a new user: it takes no subject' },
    ]);
    expect(keycloakUserNode.check!({ operation: 'update', attributes: { company: 'flow.c' }, adminWrites: ['attributes.plan'] })).to.deep.equal([
      { field: 'adminWrites', message: '"attributes.plan" is not written by this node (it writes: attributes.company)' },
    ]);
    expect(keycloakUserNode.outputs({ operation: 'create' })).to.have.keys('userId', 'error');
  });
});
