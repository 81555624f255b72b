/**
 * The bridge as an operator runs it: the built output in a process of its own (e2e/support/bridge-process.ts).
 * A real login through the spine moves its metrics, its log lines carry the login's correlation id
 * and none of its secrets, it reports ready, and when it is down Keycloak shows its own try-again
 * page instead of sending the browser to a dead address; once the bridge is back the login goes on.
 */
import { expect } from 'chai';
import { decodeJwt } from 'jose';
import { getStack } from './support/stack.js';
import { getRelyingParty, handoffToken, journeysClosedAfterEach, submitProfile, TEST_USER } from './support/journey.js';
import { sample } from '../bridge/test/support/metrics.js';

async function scrape(): Promise<string> {
  const response = await fetch(getStack().bridge.metricsUrl);
  expect(response.status).to.equal(200);
  return response.text();
}

const NOT_READY = 'This sign-in step is temporarily unavailable. Please try again in a moment.';

describe('operations: the bridge as shipped', function () {
  this.timeout(120_000);
  const journey = journeysClosedAfterEach();

  it("runs from the build output and reports itself ready: Redis, its signing key, the realms' flow source", async () => {
    const { bridge } = getStack();
    expect(
      bridge.log().find((line) => line.event === 'bridge_started'),
      'the process logged its start',
    ).to.include({ level: 'info' });
    const response = await fetch(`${bridge.url}/readyz`);
    expect(response.status).to.equal(200);
    const body = (await response.json()) as { status: string; checks: Record<string, Record<string, unknown>> };
    expect(body.status).to.equal('ready');
    expect(body.checks['store']).to.include({ status: 'ok', store: 'redis' });
    expect(body.checks['signing_key']).to.include({ status: 'ok', kid: 'e2e-bridge-1', ephemeral: false });
    const flowSource = body.checks['flow_source'] as { status: string; source: string; realms: Record<string, string> };
    expect(flowSource).to.include({ status: 'ok', source: 'keycloak' });
    // Every realm the suite has imported so far; which ones depends on the order the files ran in.
    expect(flowSource.realms).to.include({ demo: 'ok', journeys: 'ok', partner: 'ok' });
    for (const [realm, state] of Object.entries(flowSource.realms)) expect(state, realm).to.equal('ok');
    expect((await fetch(`${bridge.url}/metrics`)).status, 'no metrics on the public port').to.equal(404);
  });

  it('a real login moves the counters, logs every line with its correlation id, a refusal as a warning, and no secret', async () => {
    const { bridge, bridgeSigningKey } = getStack();
    const before = await scrape();
    const logFrom = bridge.log().length;

    const run = await journey();
    const forged = await run.context.request.post(new URL(run.journeyPath, bridge.url).href, { form: { _csrf: 'forged', company: 'X' }, maxRedirects: 0 });
    expect(forged.status()).to.equal(403);
    await submitProfile(run, 'Observed Ltd');
    const tokens = await (await getRelyingParty()).completeLogin(new URL(run.page.url()), run.pending);
    const correlationId = tokens.claims()!['io_correlation_id'] as string;
    const handoff = handoffToken(run.handoffs[0]!);
    const claims = decodeJwt(handoff) as { flow?: string; flow_versions?: Array<{ id: string }> };
    const flow = claims.flow_versions?.[0]?.id ?? claims.flow!;

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('io_journeys_started_total', { realm: 'demo', flow })).to.equal(1);
    expect(moved('io_journeys_finished_total', { realm: 'demo', flow, status: 'completed', outcome: 'success' })).to.equal(1);
    expect(moved('io_step_duration_seconds_count', { node_type: 'form', phase: 'handler' })).to.equal(1);
    expect(moved('io_requests_refused_total', { route: 'step', code: 'csrf_invalid', status: '403' })).to.equal(1);
    expect(moved('io_redis_command_duration_seconds_count')).to.be.at.least(10);
    if (claims.flow_versions) expect(moved('io_flow_cache_lookups_total', { cache: 'runtime' })).to.be.at.least(1);

    const lines = bridge.log().slice(logFrom);
    expect(lines.map((line) => line.event)).to.include.members(['handoff_accepted', 'step_completed', 'evidence_issued', 'request_refused']);
    for (const line of lines) expect(line.correlation_id, JSON.stringify(line)).to.equal(correlationId);
    expect(lines.find((line) => line.event === 'request_refused')).to.include({ level: 'warn', code: 'csrf_invalid', path: '/io/j/:handle/step' });

    const evidence = new URLSearchParams(run.evidencePosts[0]!.postData()!).get('io_evidence')!;
    const text = JSON.stringify(bridge.log());
    const secrets = {
      password: TEST_USER.password,
      handoff,
      handoffSignature: handoff.split('.')[2]!,
      evidence,
      evidenceSignature: evidence.split('.')[2]!,
      clientSecret: 'io-bridge-dev-secret',
      signingKey: bridgeSigningKey.d!,
      handle: run.journeyPath.split('/')[3]!,
    };
    for (const [what, value] of Object.entries(secrets)) expect(text.includes(value), `${what} is in the bridge's log`).to.equal(false);
  });

  it('when the bridge is down, Keycloak shows its own try-again page; once it is back, the same login goes on', async () => {
    const { bridge, browser, callback, keycloak } = getStack();
    const relyingParty = await getRelyingParty();
    const pending = await relyingParty.beginLogin();
    const context = await browser.newContext();
    const page = await context.newPage();
    const bridgeRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(bridge.url)) bridgeRequests.push(request.url());
    });
    await bridge.stop();
    try {
      // Keycloak keeps a probe's answer for 3 s per node: let the last "ready" from an earlier login lapse.
      await page.waitForTimeout(3100);
      await page.goto(pending.url.href);
      await page.fill('#username', TEST_USER.username);
      await page.fill('#password', TEST_USER.password);
      const [answer] = await Promise.all([page.waitForNavigation(), page.click('#kc-login')]);
      expect(answer!.status()).to.equal(503);
      expect(page.url().startsWith(keycloak.url), `on ${page.url()}`).to.equal(true);
      expect(await page.locator('#kc-info-message').innerText()).to.contain(NOT_READY);
      expect(bridgeRequests, 'the browser was never sent to the bridge').to.deep.equal([]);
    } finally {
      await bridge.start();
    }
    try {
      // Keycloak keeps a probe's answer for 3 s per node.
      await page.waitForTimeout(3100);
      await Promise.all([page.waitForURL((url) => url.href.startsWith(`${bridge.url}/io/j/`)), page.click('#kc-info-message a')]);
      await page.fill('input[name="company"]', 'Back Again Inc');
      await Promise.all([page.waitForURL((url) => url.href.startsWith(callback.redirectUri)), page.click('button[type="submit"]')]);
      const tokens = await relyingParty.completeLogin(new URL(page.url()), pending);
      expect(tokens.claims()!['company']).to.equal('Back Again Inc');
    } finally {
      await context.close();
    }
  });
});
