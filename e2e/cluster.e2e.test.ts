/**
 * Keycloak in a two-node cluster (IO_KC_CLUSTER=1 on PostgreSQL, scripts/keycloak.sh): the stack's
 * Keycloak is node A; node B joins its cluster (distributed Infinispan caches, discovery through the
 * database) under the same hostname, so both issue the same issuer. A login handed off on A resumes
 * on B; its evidence is then refused on A; a version published through A's admin API is what B's
 * next handoff names.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { getStack, KEYCLOAK_CLUSTER_PORT } from './support/stack.js';
import { startKeycloak, type RunningKeycloak } from './support/keycloak.js';
import { adminClient, useJourneyFlow } from './support/admin.js';
import { getRelyingParty, handoffOverHttp, journeysClosedAfterEach, submitProfile, TEST_USER, type JourneyRun } from './support/journey.js';
import { bridgeFlow, ioApi } from './support/io-admin.js';
import { masterAdminToken } from '../demo/install-flows.js';

const FLOW = 'e2e-cluster-profile';

/** From now on, the evidence this journey posts into Keycloak goes to `node` instead (same host, so the same cookies). */
async function resumeOn(run: JourneyRun, node: RunningKeycloak): Promise<string[]> {
  const { keycloak } = getStack();
  const rerouted: string[] = [];
  await run.page.route(`${keycloak.url}/realms/demo/login-actions/**`, async (route) => {
    const request = route.request();
    if (request.method() !== 'POST' || !/(^|&)io_evidence=/.test(request.postData() ?? '')) return route.continue();
    const url = node.address + request.url().slice(keycloak.url.length);
    rerouted.push(url);
    return route.continue({ url });
  });
  return rerouted;
}

describe('Keycloak in a two-node cluster (IO_KC_CLUSTER=1)', function () {
  this.timeout(600_000);
  let nodeB: RunningKeycloak | undefined;
  const journey = journeysClosedAfterEach();

  before(async function () {
    if (process.env.IO_KC_DB !== 'postgres' || process.env.IO_KC_CLUSTER !== '1') return this.skip();
    const stack = getStack();
    const offset = Number(process.env.IO_E2E_PORT_OFFSET ?? 0);
    nodeB = await startKeycloak({
      port: Number(new URL(stack.keycloak.address).port) + 60,
      managementPort: 19060 + offset,
      clusterPort: KEYCLOAK_CLUSTER_PORT + 60,
      publicUrl: stack.keycloak.url,
      bridgeUrl: stack.bridge.config.publicUrl,
      demoRedirectUri: stack.callback.redirectUri,
      logName: 'keycloak-cluster-node-b.log',
    });
  });

  after(async () => {
    await nodeB?.stop();
  });

  it("has node B join node A's cluster view, and both name the same issuer", async () => {
    // Infinispan logs each new view: node B's first one already holds both nodes.
    const views = readFileSync(nodeB!.logFile, 'utf8').match(/ISPN000094: Received new cluster view for channel \S+: \[[^\]]*\] \((\d+)\)/g) ?? [];
    expect(
      views.some((view) => view.endsWith('(2)')),
      `node B's cluster views: ${views.join(' | ') || 'none'}`,
    ).to.equal(true);
    const discovery = (await (await fetch(`${nodeB!.address}/realms/demo/.well-known/openid-configuration`)).json()) as { issuer: string };
    expect(discovery.issuer).to.equal(getStack().keycloak.issuer);
  });

  it("resumes on node B a login handed off on node A, issues the code with the journey's claims, and refuses its evidence again on node A", async () => {
    const { callback } = getStack();
    const run = await journey();
    expect(run.handoffs, 'node A handed the login off').to.have.length(1);
    const rerouted = await resumeOn(run, nodeB!);
    await submitProfile(run, 'Cluster Co');

    expect(rerouted, 'the evidence went to node B').to.have.length(1);
    const callbackUrl = new URL(run.page.url());
    expect(callbackUrl.href.startsWith(callback.redirectUri), `ended on ${callbackUrl.href}`).to.equal(true);
    // The code node B issued is redeemed at node A's token endpoint (the relying party knows one issuer).
    const claims = (await (await getRelyingParty()).completeLogin(callbackUrl, run.pending)).claims()!;
    expect(claims.iss).to.equal(getStack().keycloak.issuer);
    expect(claims.nonce).to.equal(run.pending.nonce);
    expect(claims.company, 'claim from the journey, applied on node B').to.equal('Cluster Co');
    expect(claims.preferred_username).to.equal(TEST_USER.username);

    // Node B redeemed the evidence; posted into another login on node A it is a replay.
    const [redeemed] = run.evidencePosts;
    const evidence = new URLSearchParams(redeemed!.postData()!).get('io_evidence')!;
    const since = Date.now();
    const other = await journey();
    await other.page.route(`${getStack().keycloak.url}/realms/demo/login-actions/**`, async (route) => {
      const form = new URLSearchParams(route.request().postData() ?? '');
      if (route.request().method() !== 'POST' || !form.has('io_evidence')) return route.continue();
      form.set('io_evidence', evidence);
      return route.continue({ postData: form.toString() });
    });
    const hitsBefore = callback.hits.length;
    await submitProfile(other, 'Replay on A');
    expect(other.page.url().startsWith(callback.redirectUri), `ended on ${other.page.url()}`).to.equal(false);
    expect(callback.hits.length).to.equal(hitsBefore);
    const admin = await adminClient();
    const errors = await admin.realms.findEvents({ realm: 'demo', type: ['LOGIN_ERROR', 'CUSTOM_REQUIRED_ACTION_ERROR'], max: 100 });
    expect(errors.filter((event) => (event.time ?? 0) >= since - 1000).map((event) => event.error)).to.include('evidence_replayed');
  });

  it("hands off on node B the version published through node A's admin API", async () => {
    const api = async (method: string, path: string, body?: unknown) => ioApi(await masterAdminToken(getStack().keycloak.url)(), method, path, body);
    const publish = async (title: string) => {
      const definition = bridgeFlow('demo-profile', { id: FLOW, name: 'E2E cluster profile' });
      definition.nodes[0].config.title = title;
      expect((await api('PUT', `/flows/${FLOW}`, definition)).status, 'draft saved').to.equal(200);
      const published = await api('POST', `/flows/${FLOW}/versions`, { comment: title, activate: true });
      expect(published.status, JSON.stringify(published.body)).to.equal(201);
      return published.body as { version: number; digest: string };
    };
    const versionOnB = async () => {
      const versions = (await handoffOverHttp(TEST_USER.username, TEST_USER.password, nodeB!.address))['flow_versions'];
      // None when node B still sees demo-app without io.flow (its client cache not invalidated).
      expect(versions, `node B's handoff names ${FLOW}'s version`).to.be.an('array');
      return versions as Array<{ id: string; version: number; digest: string }>;
    };

    await api('DELETE', `/flows/${FLOW}`);
    expect((await api('POST', '/flows', bridgeFlow('demo-profile', { id: FLOW, name: 'E2E cluster profile' }))).status).to.equal(201);
    const restoreClient = await useJourneyFlow(FLOW);
    try {
      const v1 = await publish('One');
      // Node B loads its snapshot of the realm at v1's revision...
      expect((await versionOnB())[0]).to.deep.equal({ id: FLOW, version: v1.version, digest: v1.digest });
      const v2 = await publish('Two');
      // ...and the realm cache invalidation node A sent tells it the revision changed.
      expect((await versionOnB())[0]).to.deep.equal({ id: FLOW, version: v2.version, digest: v2.digest });
    } finally {
      await restoreClient();
      await api('DELETE', `/flows/${FLOW}`);
    }
  });
});
