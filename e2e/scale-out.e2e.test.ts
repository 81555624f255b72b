/**
 * Scale-out: two bridge processes as shipped (`node bridge/dist/main.js`), sharing Redis, the
 * signing key and the configuration, behind a round-robin proxy without session affinity at the
 * address Keycloak and the browser use for the bridge. Real logins through Keycloak and Chromium
 * complete although their handoff, page and form post hop between the bridges. The proxy connects
 * from 127.0.0.2, the browser from 127.0.0.1: the bridges trust the proxy's address only
 * (IO_TRUSTED_PROXIES) and see the browser's.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getStack } from './support/stack.js';
import { getRelyingParty, journeysClosedAfterEach, submitProfile } from './support/journey.js';
import { startBridgeProcess, type BridgeProcess } from './support/bridge-process.js';
import { startRoundRobinProxy, type Forwarded, type RoundRobinProxy } from './support/round-robin-proxy.js';

const PORT_OFFSET = Number(process.env.IO_E2E_PORT_OFFSET ?? 0);
const BRIDGE_PORTS = [13012 + PORT_OFFSET, 13013 + PORT_OFFSET];
const METRICS_PORTS = [13014 + PORT_OFFSET, 13015 + PORT_OFFSET];
/** The proxy's side of its connections to the bridges (loopback too, but not the browser's address). */
const PROXY_ADDRESS = '127.0.0.2';

type Kind = 'handoff' | 'page' | 'submit';

/** What a forwarded request was for in a journey, if anything. */
function kindOf({ method, path }: Forwarded): Kind | undefined {
  if (path === '/io/handoff') return 'handoff';
  if (!/^\/io\/j\/[^/]+\/step$/.test(path)) return undefined;
  return method === 'GET' ? 'page' : 'submit';
}

describe('scale-out: two bridge processes behind a round-robin proxy', function () {
  this.timeout(240_000);
  const journey = journeysClosedAfterEach();
  const bridges: BridgeProcess[] = [];
  const workDirs: string[] = [];
  let proxy: RoundRobinProxy | undefined;

  before(async () => {
    const { bridge, bridgeSigningKey } = getStack();
    // The proxy takes the suite's bridge's address: Keycloak and the browser reach the pair there.
    await bridge.stop();
    const { signingKeys: _keys, ...shared } = bridge.config;
    for (const [index, port] of BRIDGE_PORTS.entries()) {
      const workDir = mkdtempSync(join(tmpdir(), `io-e2e-scale-${index}-`));
      workDirs.push(workDir);
      // The same settings (public URL, Redis and its prefix, flows, realms, client) and key file.
      const settings = { ...shared, port, metricsPort: METRICS_PORTS[index]!, trustedProxies: [PROXY_ADDRESS] };
      bridges.push(await startBridgeProcess(settings, { workDir, signingKeys: [bridgeSigningKey] }));
    }
    proxy = await startRoundRobinProxy(
      bridges.map((instance) => `http://127.0.0.1:${instance.config.port}`),
      { port: bridge.config.port, localAddress: PROXY_ADDRESS },
    );
  });

  after(async () => {
    await proxy?.close();
    await Promise.all(bridges.map((instance) => instance.close()));
    for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
    await getStack().bridge.start();
  });

  it('completes logins whose handoff, page and form post are served by alternating bridges', async () => {
    const served = proxy!.served;
    const byKind: Record<Kind, Set<number>> = { handoff: new Set(), page: new Set(), submit: new Set() };
    const logFrom = bridges.map((instance) => instance.log().length);
    const relyingParty = await getRelyingParty();
    const correlationIds: string[] = [];

    for (const company of ['Scaled Out Ltd', 'Round Robin GmbH']) {
      const from = served.length;
      const run = await journey();
      await submitProfile(run, company);
      const tokens = await relyingParty.completeLogin(new URL(run.page.url()), run.pending);
      expect(tokens.claims()!['company'], 'the login completed with what the form set').to.equal(company);
      correlationIds.push(tokens.claims()!['io_correlation_id'] as string);

      const steps = served.slice(from).flatMap((request) => {
        const kind = kindOf(request);
        return kind ? [{ kind, backend: request.backend, status: request.status }] : [];
      });
      expect(
        steps.map((step) => step.kind),
        "the journey's requests",
      ).to.deep.equal(['handoff', 'page', 'submit']);
      expect(steps.map((step) => step.status)).to.deep.equal([303, 200, 200]);
      expect(steps[1]!.backend, 'the page came from the other bridge than the handoff').to.not.equal(steps[0]!.backend);
      expect(steps[2]!.backend, 'the form post went to the other bridge than the page').to.not.equal(steps[1]!.backend);
      for (const step of steps) byKind[step.kind].add(step.backend);
    }
    for (const [kind, backends] of Object.entries(byKind)) expect([...backends].sort(), `${kind} served by both bridges`).to.deep.equal([0, 1]);

    // Each bridge's own log: each accepted a handoff and issued evidence (which Keycloak accepted above).
    for (const [index, instance] of bridges.entries()) {
      const lines = instance.log().slice(logFrom[index]);
      const events = lines.filter((line) => correlationIds.includes(line.correlation_id ?? '')).map((line) => line.event);
      expect(events, `bridge ${index}`).to.include.members(['handoff_accepted', 'evidence_issued']);
      expect(
        lines.filter((line) => line.level === 'error'),
        `bridge ${index} logged no error`,
      ).to.deep.equal([]);
    }
  });

  it("sees the browser's address behind the proxy, not the proxy's, nor one the browser forged", async () => {
    const run = await journey();
    // The proxy appends the browser's address (127.0.0.1) to what the request says: the bridges take
    // the rightmost address that is not a trusted proxy.
    const answer = await run.context.request.post(new URL(run.journeyPath, getStack().bridge.url).href, {
      form: { _csrf: 'forged' },
      headers: { 'x-forwarded-for': '203.0.113.66' },
      maxRedirects: 0,
    });
    expect(answer.status()).to.equal(403);
    const refusals = bridges.flatMap((instance) => instance.log()).filter((line) => line.event === 'request_refused' && line.code === 'csrf_invalid');
    expect(refusals).to.have.length(1);
    expect(refusals[0]).to.include({ client_ip: '127.0.0.1' });
  });
});
