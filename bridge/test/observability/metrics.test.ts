import { expect } from 'chai';
import type { Execution } from '../../src/engine/execution.js';
import { BridgeMetrics } from '../../src/observability/metrics.js';
import { startBridge, type RunningBridge } from '../../src/server.js';
import { Browser, hiddenValue, silentLogger } from '../support/browser.js';
import { LocalIssuer } from '../support/local-issuer.js';
import { deleteKeys, redisReachable, testKeyPrefix, testRedisUrl } from '../support/redis.js';
import { sample } from '../support/metrics.js';

const execution = (status: Execution['status'], outcome?: Execution['outcome']) =>
  ({ id: 'c-1', flowId: 'signup', flowVersion: '3', status, ...(outcome ? { outcome } : {}) }) as Execution;

describe('metrics', () => {
  describe('BridgeMetrics', () => {
    const issuer = 'https://sso.example.com/realms/customers';

    it('counts a journey once when it starts and once when it ends, by realm, flow and version', async () => {
      const metrics = new BridgeMetrics({ processMetrics: false });
      metrics.journeyProgressed(issuer, undefined, execution('active'));
      metrics.journeyProgressed(issuer, execution('active'), execution('active'));
      metrics.journeyProgressed(issuer, execution('active'), execution('completed', 'success'));
      metrics.journeyProgressed(issuer, undefined, execution('active'));
      metrics.journeyProgressed(issuer, execution('active'), execution('expired', 'failure'));
      metrics.journeyProgressed(issuer, undefined, execution('failed', 'failure'));
      const text = await metrics.text();
      const labels = { realm: 'customers', flow: 'signup', version: '3' };
      expect(sample(text, 'io_journeys_started_total', labels)).to.equal(3);
      expect(sample(text, 'io_journeys_finished_total', { ...labels, status: 'completed', outcome: 'success' })).to.equal(1);
      expect(sample(text, 'io_journeys_finished_total', { ...labels, status: 'expired' })).to.equal(1);
      expect(sample(text, 'io_journeys_finished_total', { ...labels, status: 'failed' })).to.equal(1);
      expect(sample(text, 'io_journeys_finished_total', labels)).to.equal(3);
    });

    it('records step latency by node type, failures by code, Redis commands and flow cache lookups', async () => {
      const metrics = new BridgeMetrics({ processMetrics: false });
      metrics.step('form', 'handler', 0.003);
      metrics.step('form', 'init', 0.0004);
      metrics.step('http_request', 'init', 0.2);
      metrics.handoffFailed('handoff_expired');
      metrics.handoffFailed('handoff_expired');
      metrics.evidenceRefused('evidence_unauthorized_action');
      metrics.requestRefused('step', 'csrf_invalid', 403);
      metrics.redisCommand('get', 0.0002, false);
      metrics.redisCommand('evalsha', 0.5, true);
      metrics.flowCacheLookup('runtime', true);
      metrics.flowCacheLookup('runtime', false);
      metrics.flowCacheLookup('version', false);
      const text = await metrics.text();
      expect(sample(text, 'io_step_duration_seconds_count', { node_type: 'form' })).to.equal(2);
      expect(sample(text, 'io_step_duration_seconds_bucket', { node_type: 'form', phase: 'handler', le: '0.005' })).to.equal(1);
      expect(sample(text, 'io_step_duration_seconds_bucket', { node_type: 'http_request', le: '0.1' })).to.equal(0);
      expect(sample(text, 'io_handoff_failures_total', { code: 'handoff_expired' })).to.equal(2);
      expect(sample(text, 'io_evidence_failures_total', { code: 'evidence_unauthorized_action' })).to.equal(1);
      expect(sample(text, 'io_requests_refused_total', { route: 'step', code: 'csrf_invalid', status: '403' })).to.equal(1);
      expect(sample(text, 'io_redis_command_duration_seconds_count')).to.equal(2);
      expect(sample(text, 'io_redis_errors_total', { command: 'evalsha' })).to.equal(1);
      expect(sample(text, 'io_redis_errors_total', { command: 'get' })).to.equal(0);
      expect(sample(text, 'io_flow_cache_lookups_total', { cache: 'runtime', result: 'hit' })).to.equal(1);
      expect(sample(text, 'io_flow_cache_lookups_total', { cache: 'version', result: 'miss' })).to.equal(1);
    });

    it("keeps every bridge's counters apart (one registry each)", async () => {
      const one = new BridgeMetrics({ processMetrics: false });
      const two = new BridgeMetrics({ processMetrics: false });
      one.handoffFailed('handoff_replayed');
      expect(sample(await two.text(), 'io_handoff_failures_total')).to.equal(0);
    });
  });

  for (const store of ['memory', 'redis'] as const) {
    describe(`a bridge's metrics port (${store} store)`, () => {
      const audience = 'http://bridge.test';
      const prefix = testKeyPrefix();
      let issuer: LocalIssuer;
      let bridge: RunningBridge;

      before(async function () {
        if (store === 'redis' && !(await redisReachable())) this.skip();
        issuer = await LocalIssuer.start();
        bridge = await startBridge(
          {
            trustedIssuers: [issuer.issuer],
            port: 0,
            metricsPort: 0,
            publicUrl: audience,
            allowHttp: true,
            ...(store === 'redis' ? { redisUrl: testRedisUrl, redisKeyPrefix: prefix } : {}),
          },
          { logger: silentLogger },
        );
      });
      after(async () => {
        await bridge?.close();
        await issuer?.close();
        if (store === 'redis' && bridge) await deleteKeys(prefix);
      });

      const scrape = async () => {
        const response = await fetch(bridge.metricsUrl!);
        expect(response.status).to.equal(200);
        expect(response.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
        return response.text();
      };

      it('serves /metrics on its own port only, not on the public one', async () => {
        expect(bridge.metricsUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
        expect(new URL(bridge.metricsUrl!).port).not.to.equal(new URL(bridge.url).port);
        expect((await fetch(`${bridge.url}/metrics`)).status).to.equal(404);
        expect((await fetch(new URL('/other', bridge.metricsUrl))).status).to.equal(404);
        expect(await scrape()).to.contain('io_bridge_process_cpu_seconds_total');
      });

      it('moves the counters as a real journey runs over HTTP', async () => {
        const before = await scrape();
        const browser = new Browser(bridge.url);
        const journey = await browser.handoff(await issuer.sign(issuer.claims(audience)));
        const csrf = hiddenValue(await (await browser.get(journey)).text(), '_csrf')!;
        expect((await browser.post(journey, { _csrf: 'forged', company: 'Acme' })).status).to.equal(403);
        expect((await browser.post(journey, { _csrf: csrf, company: 'Acme', jobTitle: '' })).status).to.equal(200);
        const expired = await issuer.sign(issuer.claims(audience, { iat: 1, exp: 2 }));
        expect((await new Browser(bridge.url).post('/io/handoff', { token: expired })).status).to.equal(401);

        const after = await scrape();
        const moved = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
        const flow = { realm: 'test', flow: 'demo-profile' };
        expect(moved('io_journeys_started_total', flow)).to.equal(1);
        expect(moved('io_journeys_finished_total', { ...flow, status: 'completed', outcome: 'success' })).to.equal(1);
        expect(moved('io_step_duration_seconds_count', { node_type: 'form', phase: 'handler' })).to.equal(1);
        expect(moved('io_requests_refused_total', { route: 'step', code: 'csrf_invalid' })).to.equal(1);
        expect(moved('io_handoff_failures_total', { code: 'handoff_expired' })).to.equal(1);
        if (store === 'redis') {
          expect(moved('io_redis_command_duration_seconds_count', { command: 'get' })).to.be.at.least(3);
          expect(moved('io_redis_command_duration_seconds_count', { command: 'eval' })).to.be.at.least(1);
        } else {
          expect(sample(after, 'io_redis_command_duration_seconds_count')).to.equal(0);
        }
      });
    });
  }
});
