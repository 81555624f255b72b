/**
 * The runtime endpoint adapter against a stand-in Keycloak holding two realms: the realm (and its
 * service-account token) always comes from the issuer it is given.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createKeycloakFlowVersions } from '../../src/connectors/keycloak-flow-versions.js';
import { createServiceAccount } from '../../src/connectors/keycloak-service-account.js';
import { codeOf } from '../support/error-code.js';
import { askPhone } from '../support/published-definitions.js';
import { RuntimeEndpoint } from '../support/runtime-endpoint.js';

describe('Keycloak runtime endpoint: published flow versions', () => {
  let keycloak: RuntimeEndpoint;
  let server: Server;
  let base: string;
  beforeEach(async () => {
    keycloak = new RuntimeEndpoint();
    server = createServer((request, response) => {
      if (!keycloak.routes(request, response)) response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const fetcher = (issuers: string[]) => createKeycloakFlowVersions({ account: createServiceAccount({ clientId: 'io-bridge', clientSecret: 's', issuers }) });

  it("reads a version from the issuer's own realm with that realm's token", async () => {
    const [alpha, beta] = [`${base}/realms/alpha`, `${base}/realms/beta`];
    const inAlpha = keycloak.publish('alpha', askPhone, 2, { en: { 'phone.title': 'Phone' } });
    keycloak.publish('beta', { ...askPhone, name: 'Beta' }, 2);
    const fetchVersion = fetcher([alpha, beta]);

    const served = await fetchVersion(alpha, inAlpha);
    expect(served).to.deep.include({ id: 'ask-phone', version: 2, digest: inAlpha.digest, messages: { en: { 'phone.title': 'Phone' } } });
    expect(JSON.parse(served.definition)).to.include({ name: 'Ask for a phone number', version: '2' });
    expect(keycloak.seen.filter((request) => request.path.startsWith('/admin/'))).to.deep.equal([
      { method: 'GET', path: '/admin/realms/alpha/io/runtime/flows/ask-phone/versions/2', token: 'token:alpha' },
    ]);
  });

  it('refuses an issuer it does not trust without any request', async () => {
    const fetchVersion = fetcher([`${base}/realms/alpha`]);
    expect(await codeOf(fetchVersion(`${base}/realms/beta`, { id: 'ask-phone', version: 2, digest: `sha-256:${'0'.repeat(64)}` }))).to.equal(
      'flow_version_unavailable',
    );
    expect(keycloak.seen).to.deep.equal([]);
  });

  it('answers flow_version_unavailable for an unknown version, a missing role, a Keycloak down or unreachable', async () => {
    const alpha = `${base}/realms/alpha`;
    const ref = keycloak.publish('alpha', askPhone, 2);
    expect(await codeOf(fetcher([alpha])(alpha, { ...ref, version: 9 })), '404').to.equal('flow_version_unavailable');
    keycloak.down = true;
    expect(await codeOf(fetcher([alpha])(alpha, ref)), '503').to.equal('flow_version_unavailable');
    keycloak.down = false;
    // A token of another realm (as a service account without io-runtime gets): 403.
    const forbidden = createKeycloakFlowVersions({ account: { endpoint: () => ({ baseUrl: base, realm: 'alpha' }), token: async () => 'token:beta' } });
    expect(await codeOf(forbidden(alpha, ref)), '403').to.equal('flow_version_unavailable');
    expect(await codeOf(fetcher(['http://127.0.0.1:9/realms/alpha'])('http://127.0.0.1:9/realms/alpha', ref)), 'unreachable').to.equal(
      'flow_version_unavailable',
    );
  });

  it('answers flow_version_invalid for an answer without the definition text', async () => {
    const alpha = `${base}/realms/alpha`;
    const ref = keycloak.publish('alpha', askPhone, 2);
    keycloak.tamper('alpha', ref, (served) => ({ ...served, definition: JSON.parse(served.definition) as string }));
    expect(await codeOf(fetcher([alpha])(alpha, ref))).to.equal('flow_version_invalid');
  });
});
