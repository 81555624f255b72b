/**
 * The bridge runs exactly what the realm published (issue 9, protocol 1.3): Keycloak names the flow
 * version in the handoff (id, version, digest), the bridge fetches that version from Keycloak with
 * its service account and runs it. A journey started on v1 finishes on v1 while v2 is published;
 * new logins follow the active version, a rollback and a rollout; publishing runs the bridge's own
 * validation.
 */
import { expect } from 'chai';
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { decodeJwt, type JWTPayload } from 'jose';
import { adminClient, useJourneyFlow } from './support/admin.js';
import { getStack } from './support/stack.js';
import {
  getRelyingParty,
  handoffOverHttp,
  handoffToken,
  journeysClosedAfterEach,
  postHandoff,
  startJourney,
  submitProfile,
  type JourneyRun,
} from './support/journey.js';
import { bridgeFlow, ioApi } from './support/io-admin.js';
import { partnerHandoffClaims, partnerSigner } from './support/partner.js';
import { createRelyingParty } from '../demo/relying-party.js';
import { DEMO_OBLIGATION_FLOWS, DEMO_TEMPLATES, installDemoFlows, masterAdminToken } from '../demo/install-flows.js';

const FLOW = 'e2e-versioned-profile';
const ROLLOUT_USERS = 80;
const ROLLOUT_PASSWORD = 'io-e2e-rollout-password';

/** The demo profile flow as FLOW, its form titled `title` (what tells the versions apart on screen). */
function titled(title: string) {
  const definition = bridgeFlow('demo-profile', { id: FLOW, name: 'E2E versioned profile' });
  definition.nodes[0].config.title = title;
  return definition;
}

interface FlowVersionClaim {
  id: string;
  version: number;
  digest: string;
}

const flowVersionsOf = (claims: JWTPayload) => claims['flow_versions'] as FlowVersionClaim[] | undefined;

describe('published flow versions: Keycloak names the version, the bridge runs it', function () {
  this.timeout(240_000);
  let admin: KcAdminClient;
  let restoreClient: () => Promise<void>;
  const journey = journeysClosedAfterEach();
  // A new token for every call: these tests outlive an admin access token.
  const adminToken = () => masterAdminToken(getStack().keycloak.url)();
  const api = async (method: string, path: string, body?: unknown) => ioApi(await adminToken(), method, path, body);

  async function publish(title: string, comment: string) {
    expect((await api('PUT', `/flows/${FLOW}`, titled(title))).status, 'draft saved').to.equal(200);
    const published = await api('POST', `/flows/${FLOW}/versions`, { comment, activate: true });
    expect(published.status, JSON.stringify(published.body)).to.equal(201);
    return published.body as { version: number; digest: string };
  }

  async function title(run: JourneyRun): Promise<string> {
    return (await run.page.locator('h1').first().textContent())!.trim();
  }

  before(async () => {
    admin = await adminClient();
    await api('DELETE', `/flows/${FLOW}`);
    expect((await api('POST', '/flows', titled('Version one'))).status).to.equal(201);
    restoreClient = await useJourneyFlow(FLOW);
  });

  after(async () => {
    await restoreClient?.();
    await api('DELETE', `/flows/${FLOW}`);
  });

  it('refuses to publish what the bridge would refuse, naming the node and field, and publishes nothing', async () => {
    const broken = titled('Broken');
    // Only the bridge knows its node types' configuration: the provider's own checks pass this.
    broken.nodes[0].config.fields[0].type = 'telepathy';
    expect((await api('PUT', `/flows/${FLOW}`, broken)).status).to.equal(200);
    const refused = await api('POST', `/flows/${FLOW}/versions`, { comment: 'broken' });
    expect(refused.status).to.equal(400);
    expect(refused.body.errors.map((error: { node?: string }) => error.node)).to.include('profile');
    expect((await api('GET', `/flows/${FLOW}/versions`)).body).to.deep.equal([]);
  });

  it('a user on v1 finishes on v1 while v2 is published; the next login gets v2; a rollback sends new logins to v1', async () => {
    const v1 = await publish('Version one', 'first');
    const onV1 = await journey();
    expect(await title(onV1)).to.equal('Version one');
    const claims = decodeJwt(handoffToken(onV1.handoffs[0]!));
    expect(flowVersionsOf(claims)?.[0]).to.deep.equal({ id: FLOW, version: v1.version, digest: v1.digest });
    expect(claims['grants'], "grants are the version's permissions").to.deep.equal([{ type: 'set_session_note', names: ['company'] }]);

    const v2 = await publish('Version two', 'second');
    expect(v2.version).to.equal(v1.version + 1);
    const onV2 = await journey();
    expect(await title(onV2)).to.equal('Version two');

    // The first user, still on v1's screen, finishes that journey and signs in.
    await submitProfile(onV1, 'Acme v1');
    const callbackUrl = new URL(onV1.page.url());
    expect(callbackUrl.href.startsWith(getStack().callback.redirectUri), `ended on ${callbackUrl.href}`).to.equal(true);
    const tokens = await (await getRelyingParty()).completeLogin(callbackUrl, onV1.pending);
    expect(tokens.claims()!['company']).to.equal('Acme v1');

    const rolledBack = await api('PUT', `/flows/${FLOW}/active`, { version: v1.version });
    expect(rolledBack.status).to.equal(200);
    expect(rolledBack.body.rollback).to.equal(true);
    const afterRollback = await journey();
    expect(await title(afterRollback)).to.equal('Version one');
  });

  describe('a 30 % rollout', () => {
    const users: string[] = [];

    before(async () => {
      admin = await adminClient();
      for (let i = 0; i < ROLLOUT_USERS; i++) {
        const username = `io-e2e-rollout-${i}`;
        const existing = await admin.users.find({ username, exact: true });
        for (const user of existing) await admin.users.del({ id: user.id! });
        const { id } = await admin.users.create({
          username,
          enabled: true,
          emailVerified: true,
          email: `${username}@example.test`,
          firstName: 'Roll',
          lastName: `Out ${i}`,
          credentials: [{ type: 'password', value: ROLLOUT_PASSWORD, temporary: false }],
        });
        users.push(id);
      }
    });

    after(async () => {
      admin = await adminClient();
      for (const id of users) await admin.users.del({ id });
      await api('DELETE', `/flows/${FLOW}/rollout`);
    });

    it('sends about that share of distinct users to v2, and the same user always to the same version', async () => {
      const versions = ((await api('GET', `/flows/${FLOW}/versions`)).body as Array<{ version: number }>).map((entry) => entry.version);
      const [newest, older] = versions;
      expect((await api('PUT', `/flows/${FLOW}/active`, { version: older })).status).to.equal(200);
      expect((await api('PUT', `/flows/${FLOW}/rollout`, { version: newest, percentage: 30 })).status).to.equal(200);

      const chosen = new Map<number, number>();
      for (let i = 0; i < ROLLOUT_USERS; i++) {
        chosen.set(i, flowVersionsOf(await handoffOverHttp(`io-e2e-rollout-${i}`, ROLLOUT_PASSWORD))![0]!.version);
      }
      const onNewest = [...chosen.values()].filter((version) => version === newest).length;
      // Binomial(80, 0.3): mean 24, standard deviation 4.1; this band is about three of them either side.
      expect(onNewest, `${onNewest} of ${ROLLOUT_USERS} users on v${newest}`).to.be.within(12, 36);
      expect([...chosen.values()].every((version) => version === newest || version === older)).to.equal(true);

      for (let i = 0; i < 10; i++) {
        const again = flowVersionsOf(await handoffOverHttp(`io-e2e-rollout-${i}`, ROLLOUT_PASSWORD))![0]!.version;
        expect(again, `user ${i} again`).to.equal(chosen.get(i));
      }
    });
  });

  describe('across realms (demo and partner, both trusted by the bridge)', () => {
    const DEMO_ONLY = 'e2e-demo-only-published';
    const partnerApi = async (method: string, path: string, body?: unknown) => ioApi(await adminToken(), method, path, body, 'partner');
    let run: JourneyRun | undefined;

    after(async () => {
      await run?.context.close();
      const [client] = ((await partnerApi('GET', '/clients')).body as Array<{ id: string; clientId: string }>).filter(
        (entry) => entry.clientId === 'partner-app',
      );
      if (client) await partnerApi('PUT', `/clients/${client.id}`, { enabled: true, flow: null });
      await partnerApi('DELETE', `/flows/${FLOW}`);
      await api('DELETE', `/flows/${DEMO_ONLY}`);
    });

    it('a flow exported from realm demo and imported into realm partner runs a login in partner', async () => {
      const exported = await api('GET', `/flows/${FLOW}/export?version=1`);
      expect(exported.status).to.equal(200);
      await partnerApi('DELETE', `/flows/${FLOW}`);
      const imported = await partnerApi('POST', '/import?ids=keep', exported.body);
      expect(imported.status, JSON.stringify(imported.body)).to.equal(201);
      const published = await partnerApi('POST', `/flows/${FLOW}/versions`, { comment: 'imported from demo', activate: true });
      expect(published.status, JSON.stringify(published.body)).to.equal(201);
      const [client] = ((await partnerApi('GET', '/clients')).body as Array<{ id: string; clientId: string }>).filter(
        (entry) => entry.clientId === 'partner-app',
      );
      expect((await partnerApi('PUT', `/clients/${client!.id}`, { enabled: true, flow: FLOW })).status).to.equal(200);

      const { partner, callback } = getStack();
      const relyingParty = await createRelyingParty({ issuer: partner.issuer, clientId: 'partner-app', redirectUri: callback.redirectUri });
      run = await startJourney(relyingParty);
      expect((await run.page.locator('h1').first().textContent())!.trim()).to.equal('Version one');
      const claims = decodeJwt(handoffToken(run.handoffs[0]!));
      expect(claims.iss).to.equal(partner.issuer);
      expect(flowVersionsOf(claims)?.[0]).to.deep.include({ id: FLOW, version: published.body.version, digest: published.body.digest });
      await submitProfile(run, 'Partner Corp');
      const callbackUrl = new URL(run.page.url());
      expect(callbackUrl.href.startsWith(callback.redirectUri), `ended on ${callbackUrl.href}`).to.equal(true);
      const tokens = await relyingParty.completeLogin(callbackUrl, run.pending);
      expect(tokens.claims()!['company']).to.equal('Partner Corp');
    });

    it("realm partner cannot run realm demo's flow: the bridge fetches versions from the handoff's own realm only", async () => {
      const { bridge } = getStack();
      await api('DELETE', `/flows/${DEMO_ONLY}`);
      expect((await api('POST', '/flows', bridgeFlow('demo-profile', { id: DEMO_ONLY, name: 'Only in demo' }))).status).to.equal(201);
      const demoOnly = await api('POST', `/flows/${DEMO_ONLY}/versions`, { activate: true });
      expect(demoOnly.status).to.equal(201);
      const sign = await partnerSigner();
      const context = await getStack().browser.newContext();
      try {
        // Control: partner's own published version (the import above) runs.
        const own = (await partnerApi('GET', `/flows/${FLOW}/versions`)).body[0] as { version: number; digest: string };
        const accepted = await postHandoff(
          await context.newPage(),
          bridge.url,
          await sign(partnerHandoffClaims({ flow: FLOW, flow_versions: [{ id: FLOW, version: own.version, digest: own.digest }] })),
        );
        expect(accepted!.status()).to.equal(200);

        const sessionsBefore = await bridge.store.count();
        const page = await context.newPage();
        const refused = await postHandoff(
          page,
          bridge.url,
          await sign(
            partnerHandoffClaims({ flow: DEMO_ONLY, flow_versions: [{ id: DEMO_ONLY, version: demoOnly.body.version, digest: demoOnly.body.digest }] }),
          ),
        );
        expect(refused!.status()).to.equal(503);
        expect(await page.content()).to.contain('flow_version_unavailable');
        expect(await bridge.store.count(), 'no session').to.equal(sessionsBefore);
      } finally {
        await context.close();
      }
    });
  });

  describe("the quick start's way: the demo realm's flows installed from the built-in templates", () => {
    let restore: (() => Promise<void>) | undefined;

    after(async () => {
      // Leave the realm as the other suites expect it: its flows from the bridge's files.
      await api('PUT', '/obligation-flows', {});
      restore = await useJourneyFlow('e2e-department');
      for (const template of DEMO_TEMPLATES) await api('DELETE', `/flows/${template}`);
      await restore();
    });

    it('installs them published and active with the obligations mapped, once; alice signs in through the published demo-profile', async () => {
      const installed = await installDemoFlows({ keycloakUrl: getStack().keycloak.url, token: adminToken });
      expect(installed).to.have.members(DEMO_TEMPLATES);
      const flows = (await api('GET', '/flows')).body as Array<{ id: string; activeVersion: number | null }>;
      for (const template of DEMO_TEMPLATES) expect(flows.find((flow) => flow.id === template)?.activeVersion, template).to.equal(1);
      expect((await api('GET', '/obligation-flows')).body).to.deep.equal(DEMO_OBLIGATION_FLOWS);
      expect(await installDemoFlows({ keycloakUrl: getStack().keycloak.url, token: adminToken }), 'a second start installs nothing').to.deep.equal([]);

      restore = await useJourneyFlow('demo-profile');
      try {
        const run = await journey();
        const claims = decodeJwt(handoffToken(run.handoffs[0]!));
        expect(flowVersionsOf(claims)?.map((entry) => `${entry.id}@${entry.version}`)).to.deep.equal(['demo-profile@1']);
        await submitProfile(run, 'Quick Start Ltd');
        const tokens = await (await getRelyingParty()).completeLogin(new URL(run.page.url()), run.pending);
        expect(tokens.claims()!['company']).to.equal('Quick Start Ltd');
      } finally {
        await restore();
      }
    });
  });
});
