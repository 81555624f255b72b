/**
 * IO's admin REST API against the real Keycloak: who may read and change what, how bad input is
 * refused (400 with the fields, nothing written), the flow lifecycle (draft, publish, diff,
 * activate, roll back, rollout), messages, realm settings, client settings read from the clients'
 * own attributes, export/import, admin events, realm removal, and (with IO_KC_DB=postgres) a second
 * Keycloak node on the same database, the data surviving a restart, and a login afterwards.
 */
import { expect } from 'chai';
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { adminClient } from './support/admin.js';
import { getStack } from './support/stack.js';
import { startKeycloak } from './support/keycloak.js';
import { startJourney, submitProfile, getRelyingParty } from './support/journey.js';
import { OTHER_REALM, bridgeFlow, createAdmins, digestOf, ioApi, passwordToken, type Admins } from './support/io-admin.js';

const FLOW = 'e2e-admin-profile';
const LIBRARY = 'e2e-admin-terms';
/** A rule whose obligation every user owes until they accept terms of that version. */
const TERMS_RULE = {
  type: 'require_terms_acceptance',
  params: { version: '2099-01' },
  when: { attributeOlderThan: { attribute: 'io_terms_version', value: '2099-01' } },
};
/** The realm's policy as imported: no rules, obligations only for clients with IO on. */
const NO_RULES = { rules: [], scope: 'io-clients' };

/** The demo profile flow as FLOW; `extra` adds a node linked from nowhere. */
function profileFlow(extra?: Record<string, unknown>) {
  const definition = bridgeFlow('demo-profile', { id: FLOW, name: 'E2E admin profile' });
  if (extra) definition.nodes = [...definition.nodes, extra];
  return definition;
}

/** FLOW calling LIBRARY through a call-flow node before its end; it may do what the library may (the bridge checks). */
function callingFlow() {
  const definition = profileFlow();
  definition.permissions = [...definition.permissions, ...bridgeFlow('accept-terms').permissions];
  definition.nodes = [
    ...definition.nodes,
    { id: 'terms', type: 'call-flow', config: { flow: LIBRARY }, inputs: { version: "'2026-12'" } },
    { id: 'refused', type: 'end', config: { outcome: 'failure', error: 'terms_refused' } },
  ];
  definition.links = [
    { from: 'profile', output: 'submitted', to: 'terms' },
    { from: 'terms', output: 'success', to: 'done' },
    { from: 'terms', output: 'failure', to: 'refused' },
  ];
  return definition;
}

describe('IO admin API (/admin/realms/{realm}/io)', function () {
  this.timeout(180_000);

  let admin: KcAdminClient;
  let admins: Admins;
  let manager: string;
  let viewer: string;
  let eventsBefore: { adminEventsEnabled?: boolean; adminEventsDetailsEnabled?: boolean };

  /** The master admin's token, current at each call (a token taken once expires while realms are created and removed). */
  const masterToken = async () => (await admin.getAccessToken())!;
  const customEvents = async () => admin.realms.findAdminEvents({ realm: 'demo', resourceTypes: 'CUSTOM', max: 1000 });

  before(async () => {
    admin = await adminClient();
    const realm = await admin.realms.findOne({ realm: 'demo' });
    eventsBefore = { adminEventsEnabled: realm!.adminEventsEnabled, adminEventsDetailsEnabled: realm!.adminEventsDetailsEnabled };
    await admin.realms.update({ realm: 'demo' }, { adminEventsEnabled: true, adminEventsDetailsEnabled: true });
    admins = await createAdmins(admin);
    manager = await admins.manager();
    viewer = await admins.viewer();
  });

  after(async () => {
    admin = await adminClient(); // a restart (PostgreSQL test) ended the earlier admin session
    const token = await admins.manager();
    for (const client of (await ioApi(token, 'GET', '/clients')).body as Array<{ id: string; clientId: string }>) {
      if (client.clientId === 'demo-app-plain') await ioApi(token, 'PUT', `/clients/${client.id}`, { enabled: false, flow: null });
    }
    await ioApi(token, 'PUT', '/obligation-flows', {});
    await ioApi(token, 'PUT', '/obligation-rules', NO_RULES);
    // The realm's theme and processor lists apply to every login (realm_settings): leave none behind.
    await ioApi(token, 'DELETE', '/theme');
    for (const category of Object.keys((await ioApi(token, 'GET', '/processors')).body ?? {})) await ioApi(token, 'DELETE', `/processors/${category}`);
    for (const flow of (await ioApi(token, 'GET', '/flows')).body as Array<{ id: string }>) {
      if (flow.id.startsWith('e2e-admin')) await ioApi(token, 'DELETE', `/flows/${flow.id}`);
    }
    await admins.remove(admin);
    await admin.realms.update({ realm: 'demo' }, eventsBefore);
  });

  /** Every endpoint, with a body a manager could send; used by the authorization tests. */
  const endpoints = (): Array<[method: string, path: string, body?: unknown]> => [
    ['GET', '/flows'],
    ['POST', '/flows', profileFlow()],
    ['GET', `/flows/${FLOW}`],
    ['PUT', `/flows/${FLOW}`, profileFlow()],
    ['DELETE', `/flows/${FLOW}`],
    ['GET', `/flows/${FLOW}/versions`],
    ['POST', `/flows/${FLOW}/versions`, { comment: 'x' }],
    ['GET', `/flows/${FLOW}/versions/1`],
    ['GET', `/flows/${FLOW}/diff?from=1`],
    ['PUT', `/flows/${FLOW}/active`, { version: 1 }],
    ['PUT', `/flows/${FLOW}/rollout`, { version: 1, percentage: 10 }],
    ['DELETE', `/flows/${FLOW}/rollout`],
    ['GET', `/flows/${FLOW}/messages`],
    ['GET', `/flows/${FLOW}/messages/en`],
    ['PUT', `/flows/${FLOW}/messages/en`, { a: 'b' }],
    ['GET', `/flows/${FLOW}/messages/missing`],
    ['GET', `/flows/${FLOW}/export`],
    ['GET', '/clients'],
    ['GET', '/clients/any-client'],
    ['PUT', '/clients/any-client', { enabled: false }],
    ['GET', '/processors'],
    ['GET', '/processors/authentication'],
    ['PUT', '/processors/authentication', { processors: ['audit'] }],
    ['GET', '/obligation-flows'],
    ['PUT', '/obligation-flows', {}],
    ['GET', '/theme'],
    ['PUT', '/theme', { theme: 'default' }],
    ['GET', '/obligation-rules'],
    ['PUT', '/obligation-rules', { rules: [TERMS_RULE], scope: 'all' }],
    ['POST', '/obligation-rules/validate', { rules: [TERMS_RULE], scope: 'all' }],
    ['POST', '/import', profileFlow()],
    ['POST', `/flows/${FLOW}/validate`],
    ['GET', '/templates'],
    ['POST', '/templates/consent/install', { publish: false }],
    ['POST', `/flows/${FLOW}/try`, {}],
    ['POST', `/flows/${FLOW}/try/any-run`, { stepId: 's', handler: 'submit', values: {} }],
    ['GET', `/flows/${FLOW}/executions`],
    ['GET', `/flows/${FLOW}/funnel`],
    ['DELETE', '/theme'],
    ['DELETE', '/processors/authentication'],
  ];

  describe('authorization', () => {
    it('answers 401 to every endpoint without a token, and with an expired one', async () => {
      const expired = await admins.expired();
      for (const [method, path, body] of endpoints()) {
        expect((await ioApi(undefined, method, path, body)).status, `${method} ${path} without a token`).to.equal(401);
        expect((await ioApi(expired, method, path, body)).status, `${method} ${path} with an expired token`).to.equal(401);
      }
      expect((await ioApi(manager, 'GET', `/flows/${FLOW}`)).status, 'nothing was created').to.equal(404);
    });

    it('answers 403 to an admin of another realm on every endpoint of the demo realm, who sees their own realm', async () => {
      const other = await admins.otherRealmAdmin();
      for (const [method, path, body] of endpoints()) {
        expect((await ioApi(other, method, path, body)).status, `${method} ${path}`).to.equal(403);
      }
      expect((await ioApi(manager, 'GET', `/flows/${FLOW}`)).status, 'nothing was created').to.equal(404);
      expect((await ioApi(manager, 'GET', '/obligation-rules')).body, 'no rule was written').to.deep.equal(NO_RULES);
      expect(await ioApi(other, 'GET', '/flows', undefined, OTHER_REALM)).to.deep.include({ status: 200, body: [] });
    });

    it('lets a view-realm admin read but answers 403 to each change, which writes nothing', async () => {
      const eventCount = (await customEvents()).length;
      for (const [method, path, body] of endpoints()) {
        const answer = await ioApi(viewer, method, path, body);
        if (method === 'GET') expect(answer.status, `${method} ${path}`).to.be.oneOf([200, 404]);
        else expect(answer.status, `${method} ${path}`).to.equal(403);
      }
      expect((await ioApi(viewer, 'GET', '/flows')).status).to.equal(200);
      expect((await ioApi(manager, 'GET', `/flows/${FLOW}`)).status, 'nothing was created').to.equal(404);
      expect((await ioApi(manager, 'GET', '/theme')).body.theme).to.equal(undefined);
      expect((await ioApi(viewer, 'GET', '/obligation-rules')).body, 'no rule was written').to.deep.equal(NO_RULES);
      expect((await customEvents()).length, 'no admin event for a refused change').to.equal(eventCount);
    });

    it("reads published versions at /io/runtime for the io-runtime role only: the bridge's service account, not the realm's admins", async () => {
      const path = `/runtime/flows/${FLOW}/versions/1`;
      expect((await ioApi(undefined, 'GET', path)).status, 'no token').to.equal(401);
      for (const [who, token] of [
        ['manager', manager],
        ['viewer', viewer],
        ['other realm', await admins.otherRealmAdmin()],
      ] as const) {
        expect((await ioApi(token, 'GET', path)).status, who).to.equal(403);
      }
      const response = await fetch(`${getStack().keycloak.url}/realms/demo/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'io-bridge', client_secret: 'io-bridge-dev-secret' }),
      });
      const { access_token: bridgeToken } = (await response.json()) as { access_token: string };
      const answer = await ioApi(bridgeToken, 'GET', path);
      expect(answer.status, 'the service account passes the role check; the flow does not exist').to.equal(404);
      expect((await ioApi(bridgeToken, 'GET', '/flows')).status, 'and may do nothing else').to.equal(403);
    });
  });

  describe('flows and versions', () => {
    it('refuses a definition without a valid id, name or category with 400 naming the fields, and writes nothing', async () => {
      const answer = await ioApi(manager, 'POST', '/flows', { id: '1-not-an-id', nodes: [] });
      expect(answer.status).to.equal(400);
      expect(answer.body.error).to.equal('invalid_input');
      expect(answer.body.errors.map((error: { field: string }) => error.field)).to.have.members(['id', 'name', 'category']);
      expect((await ioApi(manager, 'POST', '/flows', '{"id": ')).status, 'not JSON').to.equal(400);
      expect((await ioApi(manager, 'GET', '/flows')).body.filter((flow: { id: string }) => flow.id.startsWith('e2e-admin'))).to.deep.equal([]);
    });

    it('creates a draft, saves invalid drafts with their problems, publishes only a sound one, and keeps versions immutable', async () => {
      const created = await ioApi(manager, 'POST', '/flows', profileFlow());
      expect(created.status).to.equal(201);
      expect(created.body).to.deep.include({ id: FLOW, status: 'draft', createdBy: 'io-e2e-manager' });
      expect(created.body.problems).to.deep.equal([]);
      expect((await ioApi(manager, 'POST', '/flows', profileFlow())).status, 'same id again').to.equal(409);

      // A draft may be saved with problems; they come back naming the node and the field.
      const broken = profileFlow({ id: 'orphan', type: 'end', config: { outcome: 'success' } });
      broken.links = [...broken.links, { from: 'orphan', output: 'next', to: 'nowhere' }];
      const saved = await ioApi(manager, 'PUT', `/flows/${FLOW}`, broken);
      expect(saved.status).to.equal(200);
      expect(saved.body.problems).to.deep.include({ field: 'links/1/to', node: 'orphan', message: 'no node "nowhere"' });
      expect((await ioApi(manager, 'PUT', `/flows/${FLOW}`, { ...broken, id: 'renamed' })).status, 'the id is fixed').to.equal(400);

      const refused = await ioApi(manager, 'POST', `/flows/${FLOW}/versions`, { comment: 'broken' });
      expect(refused.status).to.equal(400);
      expect(refused.body.errors).to.deep.include({ field: 'draft/links/1/to', node: 'orphan', message: 'no node "nowhere"' });
      expect((await ioApi(manager, 'GET', `/flows/${FLOW}/versions`)).body, 'no version written').to.deep.equal([]);

      await ioApi(manager, 'PUT', `/flows/${FLOW}`, profileFlow());
      const v1 = await ioApi(manager, 'POST', `/flows/${FLOW}/versions`, { comment: 'first' });
      expect(v1.status).to.equal(201);
      expect(v1.body).to.deep.include({ flow: FLOW, version: 1, author: 'io-e2e-manager', comment: 'first' });
      const stored = await ioApi(viewer, 'GET', `/flows/${FLOW}/versions/1`);
      expect(stored.body.definition.version, 'publishing numbers the definition').to.equal('1');
      expect(stored.body.digest).to.equal(v1.body.digest).and.to.equal(digestOf(stored.body.definition));

      // v2 ends on a new node instead (the bridge refuses a version with an unreachable node); the draft changes later do not touch v1.
      const v2Draft = profileFlow({ id: 'thanks', type: 'end', config: { outcome: 'success' } });
      v2Draft.nodes = v2Draft.nodes.filter((node: { id: string }) => node.id !== 'done');
      v2Draft.links = [{ from: 'profile', output: 'submitted', to: 'thanks' }];
      await ioApi(manager, 'PUT', `/flows/${FLOW}`, v2Draft);
      expect((await ioApi(manager, 'POST', `/flows/${FLOW}/versions`, { comment: 'second' })).body.version).to.equal(2);
      await ioApi(manager, 'PUT', `/flows/${FLOW}`, profileFlow({ id: 'later', type: 'end', config: { outcome: 'success' } }));
      expect((await ioApi(viewer, 'GET', `/flows/${FLOW}/versions/1`)).body).to.deep.equal(stored.body);

      const versions = (await ioApi(viewer, 'GET', `/flows/${FLOW}/versions`)).body;
      expect(
        versions.map((version: { version: number }) => version.version),
        'newest first',
      ).to.deep.equal([2, 1]);

      const diff = (await ioApi(viewer, 'GET', `/flows/${FLOW}/diff?from=1&to=2`)).body.diff;
      expect(diff.nodes).to.deep.equal({ added: ['thanks'], removed: ['done'], changed: [] });
      expect(diff.links).to.deep.equal({ added: ['profile.submitted->thanks'], removed: ['profile.submitted->done'] });
      expect(diff.fields).to.deep.equal(['version']);
      expect((await ioApi(viewer, 'GET', `/flows/${FLOW}/diff?from=7`)).status, 'no version 7').to.equal(400);
    });

    it('activates a version, rolls back to an older one and splits a rollout, refusing impossible ones', async () => {
      expect((await ioApi(manager, 'PUT', `/flows/${FLOW}/rollout`, { version: 2, percentage: 30 })).status, 'nothing active yet').to.equal(400);
      expect((await ioApi(manager, 'PUT', `/flows/${FLOW}/active`, { version: 2 })).body).to.deep.include({ activeVersion: 2, rollback: false });
      const rollback = await ioApi(manager, 'PUT', `/flows/${FLOW}/active`, { version: 1 });
      expect(rollback.body).to.deep.include({ activeVersion: 1, previousVersion: 2, rollback: true });
      expect((await ioApi(manager, 'PUT', `/flows/${FLOW}/active`, { version: 9 })).status).to.equal(400);

      for (const bad of [
        { version: 2, percentage: 0 },
        { version: 2, percentage: 100 },
        { version: 2, percentage: 'half' },
        { version: 1, percentage: 30 },
        { version: 5, percentage: 30 },
      ]) {
        expect((await ioApi(manager, 'PUT', `/flows/${FLOW}/rollout`, bad)).status, JSON.stringify(bad)).to.equal(400);
      }
      expect((await ioApi(manager, 'PUT', `/flows/${FLOW}/rollout`, { version: 2, percentage: 30 })).status).to.equal(200);
      const flow = (await ioApi(viewer, 'GET', `/flows/${FLOW}`)).body;
      expect(flow).to.deep.include({ status: 'active', activeVersion: 1, latestVersion: 2, rollout: { version: 2, percentage: 30 } });
      expect((await ioApi(manager, 'DELETE', `/flows/${FLOW}/rollout`)).status).to.equal(204);
      expect((await ioApi(viewer, 'GET', `/flows/${FLOW}`)).body.rollout).to.equal(undefined);
    });

    it('refuses to delete a flow while a client uses it (409, nothing removed), and deletes it once unused', async () => {
      const clients = (await ioApi(viewer, 'GET', '/clients')).body as Array<{ id: string; clientId: string }>;
      const plain = clients.find((client) => client.clientId === 'demo-app-plain')!;
      expect((await ioApi(manager, 'PUT', `/clients/${plain.id}`, { enabled: false, flow: `${FLOW}@1` })).status).to.equal(200);

      const refused = await ioApi(manager, 'DELETE', `/flows/${FLOW}`);
      expect(refused.status).to.equal(409);
      expect(refused.body.usedBy.clients).to.deep.equal([{ id: plain.id, clientId: 'demo-app-plain', enabled: false }]);
      expect((await ioApi(viewer, 'GET', `/flows/${FLOW}/versions`)).body).to.have.length(2);

      await ioApi(manager, 'PUT', `/clients/${plain.id}`, { enabled: false, flow: null });
      expect((await ioApi(manager, 'DELETE', `/flows/${FLOW}`)).status).to.equal(204);
      expect((await ioApi(viewer, 'GET', `/flows/${FLOW}`)).status).to.equal(404);
    });
  });

  describe('client settings', () => {
    it("shows each client's own io.enabled and io.flow, where the old IO tab showed the last saved values of any client", async () => {
      const clients = (await ioApi(viewer, 'GET', '/clients')).body as Array<Record<string, unknown>>;
      expect(clients.find((client) => client.clientId === 'demo-app')).to.deep.include({ enabled: true, flow: 'demo-profile' });
      expect(clients.find((client) => client.clientId === 'demo-app-plain')).to.deep.include({ enabled: false });
      // The console no longer offers the tab that could show and save another client's values.
      const serverInfo = await admin.serverInfo.find();
      expect(Object.keys(serverInfo.providers?.['ui-tab']?.providers ?? {})).to.not.include('IO');
    });

    it('writes the client attributes, refusing a missing switch or an unknown flow without changing anything', async () => {
      const [plain] = await admin.clients.find({ realm: 'demo', clientId: 'demo-app-plain' });
      const before = plain!.attributes;
      const missing = await ioApi(manager, 'PUT', `/clients/${plain!.id}`, { flow: 'demo-profile' });
      expect(missing).to.deep.include({ status: 400 });
      expect(missing.body.errors, 'every problem at once').to.deep.equal([
        { field: 'enabled', message: 'required: true or false' },
        { field: 'flow', message: 'no flow "demo-profile" in this realm' },
      ]);
      const unknown = await ioApi(manager, 'PUT', `/clients/${plain!.id}`, { enabled: true, flow: 'no-such-flow' });
      expect(unknown.status).to.equal(400);
      expect(unknown.body.errors[0].field).to.equal('flow');
      expect((await admin.clients.findOne({ realm: 'demo', id: plain!.id! }))!.attributes).to.deep.equal(before);
      expect((await ioApi(manager, 'PUT', '/clients/no-such-client', { enabled: true })).status).to.equal(404);
    });
  });

  describe('messages, processors, obligations and theme', () => {
    before(async () => {
      expect((await ioApi(manager, 'POST', '/flows', bridgeFlow('accept-terms', { id: LIBRARY }))).status).to.equal(201);
      expect((await ioApi(manager, 'POST', '/flows', callingFlow())).status).to.equal(201);
    });

    it('keeps messages per locale with the draft, reports missing keys and freezes them on publish', async () => {
      expect((await ioApi(manager, 'PUT', `/flows/${FLOW}/messages/en`, { 'profile.title': 'Your work', 'profile.intro': 'Hi' })).status).to.equal(200);
      expect((await ioApi(manager, 'PUT', `/flows/${FLOW}/messages/de`, { 'profile.title': 'Ihre Arbeit' })).status).to.equal(200);
      const bad = await ioApi(manager, 'PUT', `/flows/${FLOW}/messages/not a locale`, { 'bad key': 3 });
      expect(bad.status).to.equal(400);
      expect(bad.body.errors.map((error: { field: string }) => error.field)).to.have.members(['locale', 'bad key']);
      expect((await ioApi(viewer, 'GET', `/flows/${FLOW}/messages/missing`)).body.missing).to.deep.equal({ de: ['profile.intro'], en: [] });

      await ioApi(manager, 'POST', `/flows/${LIBRARY}/versions`, { activate: true });
      expect((await ioApi(manager, 'POST', `/flows/${FLOW}/versions`, { comment: 'with messages' })).status).to.equal(201);
      await ioApi(manager, 'PUT', `/flows/${FLOW}/messages/en`, { 'profile.title': 'Changed later' });
      expect((await ioApi(viewer, 'GET', `/flows/${FLOW}/messages/en?version=1`)).body).to.deep.equal({ 'profile.intro': 'Hi', 'profile.title': 'Your work' });
      expect((await ioApi(viewer, 'GET', `/flows/${FLOW}/messages/en`)).body).to.deep.equal({ 'profile.title': 'Changed later' });
    });

    it('keeps processor lists per category, the obligation mapping to library flows and the theme, refusing bad values', async () => {
      expect((await ioApi(manager, 'PUT', '/processors/authentication', { processors: ['audit', 'audit', ''] })).body.errors).to.have.length(2);
      expect((await ioApi(manager, 'PUT', '/processors/no-category', { processors: [] })).status).to.equal(404);
      expect((await ioApi(manager, 'PUT', '/processors/authentication', { processors: ['audit', 'rate-limit'] })).status).to.equal(200);
      expect((await ioApi(viewer, 'GET', '/processors')).body.authentication).to.deep.equal(['audit', 'rate-limit']);

      const notLibrary = await ioApi(manager, 'PUT', '/obligation-flows', { require_terms_acceptance: LIBRARY, require_consent: FLOW });
      expect(notLibrary.status).to.equal(400);
      expect(notLibrary.body.errors.map((error: { field: string }) => error.field)).to.deep.equal(['require_consent']);
      expect((await ioApi(viewer, 'GET', '/obligation-flows')).body, 'nothing written').to.deep.equal({});
      expect((await ioApi(manager, 'PUT', '/obligation-flows', { require_terms_acceptance: LIBRARY })).status).to.equal(200);
      expect((await ioApi(manager, 'DELETE', `/flows/${LIBRARY}`)).body.usedBy).to.deep.include({ obligations: ['require_terms_acceptance'], flows: [FLOW] });

      expect((await ioApi(manager, 'PUT', '/theme', { theme: '../etc' })).status).to.equal(400);
      expect((await ioApi(manager, 'PUT', '/theme', { theme: 'example-child' })).status).to.equal(200);
      expect((await ioApi(viewer, 'GET', '/theme')).body).to.deep.equal({ theme: 'example-child' });
    });

    it("keeps the obligation rules and their scope in the realm's attributes, refusing an invalid rule by its place with nothing written", async () => {
      const attributes = async () => (await (await adminClient()).realms.findOne({ realm: 'demo' }))!.attributes ?? {};
      expect((await ioApi(viewer, 'GET', '/obligation-rules')).body).to.deep.equal(NO_RULES);
      const eventCount = (await customEvents()).length;

      const typo = { type: 'require_attributes', when: { attributeMissing: ['company'] } };
      for (const path of ['/obligation-rules', '/obligation-rules/validate']) {
        const refused = await ioApi(manager, path === '/obligation-rules' ? 'PUT' : 'POST', path, { rules: [TERMS_RULE, typo], scope: 'all' });
        expect(refused.status, path).to.equal(400);
        expect(refused.body).to.deep.equal({
          error: 'invalid_input',
          errors: [{ field: 'rules/1', message: "rules[1].when has unknown condition 'attributeMissing'" }],
        });
      }
      const fields = await ioApi(manager, 'PUT', '/obligation-rules', { rules: {}, scope: 'some', extra: true });
      expect(fields.body.errors.map((error: { field: string }) => error.field)).to.deep.equal(['extra', 'scope', 'rules']);
      // validate answers what PUT would store, and writes nothing either.
      expect((await ioApi(manager, 'POST', '/obligation-rules/validate', { rules: [TERMS_RULE], scope: 'all' })).body).to.deep.equal({
        rules: [TERMS_RULE],
        scope: 'all',
      });
      expect((await ioApi(viewer, 'GET', '/obligation-rules')).body, 'nothing written').to.deep.equal(NO_RULES);
      expect(await attributes()).not.to.have.any.keys('io.obligations', 'io.obligations.clients');
      expect((await customEvents()).length, 'no admin event').to.equal(eventCount);

      const policy = { rules: [TERMS_RULE, { type: 'require_attributes', mode: 'soft', when: { attributesMissing: ['company'] } }], scope: 'all' };
      expect(await ioApi(manager, 'PUT', '/obligation-rules', policy)).to.deep.equal({ status: 200, body: policy });
      expect((await ioApi(viewer, 'GET', '/obligation-rules')).body).to.deep.equal(policy);
      // The attributes the IO journey required action reads at every login.
      const stored = await attributes();
      expect(JSON.parse(stored['io.obligations'])).to.deep.equal(policy.rules);
      expect(stored['io.obligations.clients']).to.equal('all');
      const [event] = await customEvents();
      expect([event!.operationType, event!.resourcePath]).to.deep.equal(['UPDATE', 'io/obligation-rules']);
      expect(JSON.parse(event!.representation!)).to.deep.equal(policy);

      // Rules set as a realm attribute by hand, and invalid: shown with the parser's message (logins fail closed on them).
      await (await adminClient()).realms.update({ realm: 'demo' }, { attributes: { ...stored, 'io.obligations': JSON.stringify([typo]) } });
      expect((await ioApi(viewer, 'GET', '/obligation-rules')).body).to.deep.equal({
        rules: [typo],
        scope: 'all',
        problem: "rules[0].when has unknown condition 'attributeMissing'",
      });

      expect(await ioApi(manager, 'PUT', '/obligation-rules', NO_RULES)).to.deep.include({ status: 200 });
      expect(await attributes()).not.to.have.any.keys('io.obligations', 'io.obligations.clients');
    });

    it('records every change as a CUSTOM admin event with what was written', async () => {
      const before = (await customEvents()).length;
      await ioApi(manager, 'PUT', '/theme', { theme: 'default' });
      await ioApi(manager, 'PUT', `/flows/${FLOW}/messages/fr`, { 'profile.title': 'Votre travail' });
      await ioApi(manager, 'POST', `/flows/${FLOW}/versions`, { comment: 'evented' });
      const events = (await customEvents()).slice(0, (await customEvents()).length - before);
      expect(events.map((event) => [event.operationType, event.resourcePath])).to.deep.equal([
        ['CREATE', `io/flows/${FLOW}/versions`],
        ['UPDATE', `io/flows/${FLOW}/messages/fr`],
        ['UPDATE', 'io/theme'],
      ]);
      expect(JSON.parse(events[2]!.representation!)).to.deep.equal({ theme: 'default' });
      expect(events.every((event) => event.authDetails?.userId && event.realmId)).to.equal(true);
    });

    it('exports a flow with the library flow it calls and their messages, and imports it into another realm', async () => {
      const file = (await ioApi(viewer, 'GET', `/flows/${FLOW}/export?version=1`)).body;
      expect(file).to.deep.include({ format: 'io-flows', formatVersion: 1, root: FLOW });
      expect(file.flows.map((flow: { definition: { id: string } }) => flow.definition.id)).to.deep.equal([FLOW, LIBRARY]);
      expect(file.flows[0].messages.en).to.deep.equal({ 'profile.intro': 'Hi', 'profile.title': 'Your work' });

      const imported = await ioApi(await masterToken(), 'POST', '/import?ids=keep', file, OTHER_REALM);
      expect(imported.status).to.equal(201);
      const flows = (await ioApi(await masterToken(), 'GET', '/flows', undefined, OTHER_REALM)).body;
      expect(flows.map((flow: { id: string }) => flow.id)).to.have.members([FLOW, LIBRARY]);
      expect((await ioApi(await masterToken(), 'GET', `/flows/${FLOW}/messages/en`, undefined, OTHER_REALM)).body).to.deep.equal(file.flows[0].messages.en);

      // Same ids again: refused whole.
      const again = await ioApi(await masterToken(), 'POST', '/import?ids=keep', file, OTHER_REALM);
      expect(again.status).to.equal(400);
      expect(again.body.errors.map((error: { field: string }) => error.field)).to.deep.equal(['flows/0/definition/id', 'flows/1/definition/id']);

      // Renewed ids, and the call follows the renamed library flow.
      const renewed = await ioApi(await masterToken(), 'POST', '/import?ids=renew', file, OTHER_REALM);
      expect(renewed.status).to.equal(201);
      const ids = Object.fromEntries(renewed.body.flows.map((flow: { id: string; importedFrom: string }) => [flow.importedFrom, flow.id]));
      expect(ids[FLOW]).to.match(new RegExp(`^${FLOW}-[0-9a-f]{6}$`));
      const caller = (await ioApi(await masterToken(), 'GET', `/flows/${ids[FLOW]}`, undefined, OTHER_REALM)).body.draft;
      expect(caller.nodes.find((node: { id: string }) => node.id === 'terms').config.flow).to.equal(ids[LIBRARY]);
    });

    it('refuses a whole import when one flow of it is wrong, writing none of the others', async () => {
      const before = (await ioApi(await masterToken(), 'GET', '/flows', undefined, OTHER_REALM)).body.length;
      const good = bridgeFlow('consent', { id: 'e2e-admin-good' });
      const bad = bridgeFlow('verify-email', { id: 'e2e-admin-bad', start: 'missing-node' });
      const answer = await ioApi(
        await masterToken(),
        'POST',
        '/import',
        { format: 'io-flows', formatVersion: 1, flows: [{ definition: good }, { definition: bad, messages: { en: { ok: 1 } } }] },
        OTHER_REALM,
      );
      expect(answer.status).to.equal(400);
      expect(answer.body.errors).to.deep.include({ field: 'flows/1/definition/start', message: 'no node "missing-node"' });
      expect(answer.body.errors).to.deep.include({ field: 'flows/1/messages/en/ok', message: 'text of up to 10000 characters' });
      expect((await ioApi(await masterToken(), 'GET', '/flows', undefined, OTHER_REALM)).body).to.have.length(before);
      // A bare definition (format 0, as in bridge/flows) is migrated.
      expect((await ioApi(await masterToken(), 'POST', '/import', good, OTHER_REALM)).status).to.equal(201);
    });
  });

  it("removes a realm's IO data with the realm", async () => {
    const realm = { id: 'io-e2e-doomed-id', realm: 'io-e2e-doomed', enabled: true };
    await admin.realms.create(realm);
    expect((await ioApi(await masterToken(), 'POST', '/flows', profileFlow(), realm.realm)).status).to.equal(201);
    await ioApi(await masterToken(), 'PUT', '/theme', { theme: 'default' }, realm.realm);
    await admin.realms.del({ realm: realm.realm });
    await admin.realms.create(realm); // the same realm id again: nothing of the old one may show
    try {
      expect((await ioApi(await masterToken(), 'GET', '/flows', undefined, realm.realm)).body).to.deep.equal([]);
      expect((await ioApi(await masterToken(), 'GET', '/theme', undefined, realm.realm)).body).to.deep.equal({});
    } finally {
      await admin.realms.del({ realm: realm.realm });
    }
  });

  describe('on PostgreSQL (IO_KC_DB=postgres)', () => {
    before(function () {
      if (process.env.IO_KC_DB !== 'postgres') this.skip();
    });

    it('shows a second Keycloak node on the same database each change made on the first, and the other way round', async () => {
      const stack = getStack();
      const port = Number(new URL(stack.keycloak.url).port) + 50;
      const offset = Number(process.env.IO_E2E_PORT_OFFSET ?? 0);
      const second = await startKeycloak({
        port,
        managementPort: 19050 + offset,
        clusterPort: 7850 + offset,
        bridgeUrl: stack.bridge.config.publicUrl,
        demoRedirectUri: stack.callback.redirectUri,
        logName: 'keycloak-second-node.log',
      });
      const onSecond = async (method: string, path: string, body?: unknown) => {
        const token = await passwordToken('demo', 'io-e2e-manager', 'admin-cli', second.url);
        return ioApi(token, method, path, body, 'demo', second.url);
      };
      const first = await admins.manager();
      try {
        expect((await onSecond('GET', `/flows/${FLOW}/versions/1`)).body).to.deep.equal((await ioApi(first, 'GET', `/flows/${FLOW}/versions/1`)).body);
        await ioApi(first, 'PUT', '/theme', { theme: 'first-node' });
        expect((await onSecond('GET', '/theme')).body).to.deep.equal({ theme: 'first-node' });
        expect((await onSecond('PUT', `/flows/${FLOW}/active`, { version: 2 })).status).to.equal(200);
        expect((await ioApi(first, 'GET', `/flows/${FLOW}`)).body.activeVersion).to.equal(2);
      } finally {
        await second.stop();
      }
    });

    it('keeps flows, versions and settings across a Keycloak restart, and a login runs afterwards', async () => {
      const published = (await ioApi(manager, 'GET', `/flows/${FLOW}/versions/1`)).body;
      const stack = getStack();
      await stack.keycloak.stop();
      const port = Number(new URL(stack.keycloak.url).port);
      const offset = Number(process.env.IO_E2E_PORT_OFFSET ?? 0);
      stack.keycloak = await startKeycloak({
        port,
        managementPort: 19000 + offset,
        clusterPort: 7800 + offset,
        bridgeUrl: stack.bridge.config.publicUrl,
        demoRedirectUri: stack.callback.redirectUri,
      });
      const token = await admins.manager();
      expect((await ioApi(token, 'GET', `/flows/${FLOW}/versions/1`)).body).to.deep.equal(published);
      expect((await ioApi(token, 'GET', '/processors/authentication')).body.processors).to.deep.equal(['audit', 'rate-limit']);

      await getRelyingParty();
      const run = await startJourney();
      try {
        await submitProfile(run, 'Postgres Inc');
        const tokens = await (await getRelyingParty()).completeLogin(new URL(run.page.url()), run.pending);
        expect(tokens.claims()!.company).to.equal('Postgres Inc');
      } finally {
        await run.context.close();
      }
    });
  });
});
