import { expect } from 'chai';
import { createServiceAccount } from '../../src/connectors/keycloak-service-account.js';
import { createKeycloakUserDirectory } from '../../src/connectors/keycloak-user-directory.js';
import {
  issuerEndpoints,
  mergeUserRepresentation,
  parseRealmIssuer,
  parseRoleName,
  roleNames,
  toDirectoryUser,
  userProfileRules,
} from '../../src/connectors/keycloak-representation.js';

describe('Keycloak representations (pure parts of the user directory)', () => {
  it('finds the admin base URL and realm in a trusted issuer', () => {
    expect(parseRealmIssuer('http://localhost:8080/realms/demo')).to.deep.equal({ baseUrl: 'http://localhost:8080', realm: 'demo' });
    expect(parseRealmIssuer('https://sso.example.com/auth/realms/my%20realm/')).to.deep.equal({ baseUrl: 'https://sso.example.com/auth', realm: 'my realm' });
    expect(() => parseRealmIssuer('https://sso.example.com/oauth2')).to.throw(/not a Keycloak realm issuer/);
  });

  it('keys admin endpoints by issuer, so one realm name at two Keycloak URLs stays two realms', () => {
    expect([...issuerEndpoints(['http://a:8080/realms/demo', 'http://a:8080/realms/other/', 'http://b/realms/demo'])]).to.deep.equal([
      ['http://a:8080/realms/demo', { baseUrl: 'http://a:8080', realm: 'demo' }],
      ['http://a:8080/realms/other', { baseUrl: 'http://a:8080', realm: 'other' }],
      ['http://b/realms/demo', { baseUrl: 'http://b', realm: 'demo' }],
    ]);
  });

  it("reads which attributes a user may edit from the realm's user profile configuration", () => {
    const config = {
      attributes: [
        { name: 'email', permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] } },
        { name: 'plan', permissions: { view: ['admin', 'user'], edit: ['admin'] } },
        { name: 'internal' },
      ],
    };
    expect(userProfileRules(config)).to.deep.equal({ managed: ['email', 'plan', 'internal'], userEditable: ['email'], unmanagedUserEditable: false });
    expect(userProfileRules({ ...config, unmanagedAttributePolicy: 'ENABLED' as never }).unmanagedUserEditable).to.equal(true);
  });

  it('merges changes into the full representation, keeping every other attribute and field', () => {
    const current = {
      id: 'u1',
      username: 'jane',
      firstName: 'Jane',
      email: 'jane@example.com',
      requiredActions: ['VERIFY_EMAIL'],
      attributes: { company: ['Old'], plan: ['free'], unmanaged: ['kept'] },
    };
    expect(mergeUserRepresentation(current, { firstName: 'Janet', attributes: { company: ['Acme'], plan: [] } })).to.deep.equal({
      ...current,
      firstName: 'Janet',
      attributes: { company: ['Acme'], unmanaged: ['kept'] },
    });
    expect(current.attributes.company).to.deep.equal(['Old']);
  });

  it('maps a representation to a directory user', () => {
    expect(toDirectoryUser({ id: 'u1', username: 'jane' })).to.deep.equal({
      id: 'u1',
      username: 'jane',
      email: undefined,
      emailVerified: undefined,
      firstName: undefined,
      lastName: undefined,
      enabled: true,
      attributes: {},
    });
  });

  it('names realm roles plainly and client roles as clientId:role', () => {
    expect(parseRoleName('partner')).to.deep.equal({ name: 'partner' });
    expect(parseRoleName('portal:viewer')).to.deep.equal({ clientId: 'portal', name: 'viewer' });
    expect(parseRoleName('urn:example:app:admin')).to.deep.equal({ clientId: 'urn:example:app', name: 'admin' });
    expect(
      roleNames({
        realmMappings: [{ name: 'partner' }],
        clientMappings: { portal: { id: 'c-1', client: 'portal', mappings: [{ name: 'viewer' }, { name: 'editor' }] } },
      }),
    ).to.deep.equal(['partner', 'portal:viewer', 'portal:editor']);
  });

  it('needs client credentials and refuses realms it does not trust', async () => {
    expect(() => createServiceAccount({ clientId: '', clientSecret: 's', issuers: [] })).to.throw(/keycloakAdminClientId/);
    const directory = createKeycloakUserDirectory({
      account: createServiceAccount({ clientId: 'io-bridge', clientSecret: 's', issuers: ['http://127.0.0.1:9/realms/demo'] }),
    });
    let error: unknown;
    await directory.getUser('elsewhere', 'u1').catch((caught) => (error = caught));
    expect(error).to.have.property('code', 'directory_unknown_realm');
  });
});
