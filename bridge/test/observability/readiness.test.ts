import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { LogFields } from '../../src/audit/logger.js';
import { Readiness } from '../../src/observability/readiness.js';
import { startBridge, type RunningBridge } from '../../src/server.js';
import { silentLogger } from '../support/browser.js';
import { LocalIssuer } from '../support/local-issuer.js';
import { redisReachable } from '../support/redis.js';

/** A free loopback port. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A redis-server of the test's own, so it can be stopped under a running bridge. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !(await redisReachable(`redis://127.0.0.1:${port}`)); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  return child;
}

/** A realm whose token endpoint grants the bridge's service account (or refuses it). */
async function realmWithTokens(realm: string, grants: () => boolean): Promise<LocalIssuer> {
  return LocalIssuer.start(realm, (req, res) => {
    if (req.url !== `/realms/${realm}/protocol/openid-connect/token`) return false;
    if (grants()) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'at', expires_in: 1 }));
    else res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized_client"}');
    return true;
  });
}

interface ReadyAnswer {
  status: number;
  body: { status: string; checks: Record<string, { status: string } & Record<string, unknown>> };
}

async function readyz(bridge: RunningBridge): Promise<ReadyAnswer> {
  const response = await fetch(`${bridge.url}/readyz`);
  expect(response.headers.get('cache-control')).to.equal('no-store');
  return { status: response.status, body: (await response.json()) as ReadyAnswer['body'] };
}

describe('health and readiness', () => {
  describe('Readiness', () => {
    it('fails a check that does not answer in time, and tells each change once', async () => {
      const changes: string[] = [];
      let healthy = true;
      const readiness = new Readiness({
        checks: {
          quick: async () => ({ status: 'ok' }),
          slow: async () => (healthy ? { status: 'ok' } : new Promise(() => {})),
        },
        timeoutMs: 50,
        cacheMs: 0,
        onChange: (check, result, previous) => changes.push(`${check}:${previous ?? '-'}->${result.status}:${result.reason ?? ''}`),
      });
      expect((await readiness.report()).ready).to.equal(true);
      healthy = false;
      const report = await readiness.report();
      expect(report.ready).to.equal(false);
      expect(report.checks['slow']!.status).to.equal('fail');
      expect(report.checks['quick']!.status).to.equal('ok');
      await readiness.report();
      healthy = true;
      expect((await readiness.report()).ready).to.equal(true);
      expect(changes).to.deep.equal(['slow:ok->fail:no answer within 50 ms', 'slow:fail->ok:']);
    });

    it('answers probes within cacheMs from one round of checks', async () => {
      let runs = 0;
      let now = 1000;
      const readiness = new Readiness({ checks: { counted: async () => (runs++, { status: 'ok' }) }, cacheMs: 1000, now: () => now });
      await Promise.all([readiness.report(), readiness.report()]);
      now += 999;
      await readiness.report();
      expect(runs).to.equal(1);
      now += 1;
      await readiness.report();
      expect(runs).to.equal(2);
    });

    it('counts a degraded check as ready', async () => {
      const readiness = new Readiness({ checks: { part: async () => ({ status: 'degraded' }) } });
      expect((await readiness.report()).ready).to.equal(true);
    });

    it('reports not ready once stopped, without running the checks', async () => {
      let runs = 0;
      const readiness = new Readiness({ checks: { counted: async () => (runs++, { status: 'ok' }) }, cacheMs: 0 });
      expect((await readiness.report()).ready).to.equal(true);
      readiness.stop();
      expect(readiness.stopping).to.equal(true);
      expect(await readiness.report()).to.deep.equal({ ready: false, stopping: true, checks: {} });
      expect(runs).to.equal(1);
    });
  });

  describe('GET /healthz and /readyz', () => {
    it('are ready on the in-memory store with flows from files', async () => {
      const issuer = await LocalIssuer.start();
      const bridge = await startBridge({ trustedIssuers: [issuer.issuer], port: 0, allowHttp: true }, { logger: silentLogger });
      try {
        const health = await fetch(`${bridge.url}/healthz`);
        expect(health.status).to.equal(200);
        expect(await health.json()).to.deep.equal({ status: 'ok' });
        const { status, body } = await readyz(bridge);
        expect(status).to.equal(200);
        expect(body.status).to.equal('ready');
        expect(body.checks['store']).to.include({ status: 'ok', store: 'memory' });
        expect(body.checks['signing_key']).to.include({ status: 'ok', kid: bridge.keys.signing.kid, ephemeral: true });
        expect(body.checks['flow_source']).to.include({ status: 'ok', source: 'files' });
      } finally {
        await bridge.close();
        await issuer.close();
      }
    });

    it('is not ready (503) while Redis does not answer, and ready again once it does; both changes are logged', async function () {
      this.timeout(20_000);
      if (!(await redisReachable())) this.skip();
      const port = await freePort();
      let redis = await startRedis(port);
      const issuer = await LocalIssuer.start();
      const lines: Array<{ level: string; event: string } & LogFields> = [];
      const record =
        (level: string) =>
        (event: string, fields: LogFields = {}) =>
          lines.push({ level, event, ...fields });
      const bridge = await startBridge(
        { trustedIssuers: [issuer.issuer], port: 0, allowHttp: true, redisUrl: `redis://127.0.0.1:${port}`, redisKeyPrefix: 'io-readyz:' },
        { logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') } },
      );
      try {
        expect((await readyz(bridge)).body.checks['store']).to.include({ status: 'ok', store: 'redis' });
        redis.kill('SIGKILL');
        await new Promise((resolve) => redis.once('exit', resolve));
        await new Promise((resolve) => setTimeout(resolve, 1100));
        const down = await readyz(bridge);
        expect(down.status).to.equal(503);
        expect(down.body.status).to.equal('not_ready');
        expect(down.body.checks['store']!.status).to.equal('fail');
        expect(down.body.checks['signing_key']!.status).to.equal('ok');
        expect(JSON.stringify(down.body), 'the public answer names no reason').not.to.match(/ECONNREFUSED|127\.0\.0\.1|writeable/);
        expect(lines.find((line) => line.event === 'readiness_check_failed')).to.include({ level: 'warn', check: 'store', status: 'fail' });
        expect((await fetch(`${bridge.url}/healthz`)).status, 'liveness stays up').to.equal(200);
        const connectionErrors = lines.filter((line) => line.event === 'redis_connection_error');
        expect(connectionErrors, 'reconnect attempts are logged as JSON, not printed by ioredis, once per 10 s').to.have.length(1);
        expect(connectionErrors[0]).to.include({ level: 'warn' });

        redis = await startRedis(port);
        let again: ReadyAnswer | undefined;
        for (let i = 0; i < 40 && again?.status !== 200; i++) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          again = await readyz(bridge);
        }
        expect(again!.status).to.equal(200);
        expect(lines.find((line) => line.event === 'readiness_recovered')).to.include({ level: 'info', check: 'store', status: 'ok' });
      } finally {
        await bridge.close();
        await issuer.close();
        redis.kill('SIGKILL');
      }
    });

    it('stops cleanly while Redis does not answer (graceful shutdown never hangs on a dead connection)', async function () {
      this.timeout(20_000);
      if (!(await redisReachable())) this.skip();
      const port = await freePort();
      const redis = await startRedis(port);
      const issuer = await LocalIssuer.start();
      const bridge = await startBridge(
        { trustedIssuers: [issuer.issuer], port: 0, allowHttp: true, redisUrl: `redis://127.0.0.1:${port}`, redisKeyPrefix: 'io-readyz:' },
        { logger: silentLogger },
      );
      redis.kill('SIGKILL');
      await new Promise((resolve) => redis.once('exit', resolve));
      try {
        await bridge.close();
      } finally {
        await issuer.close();
      }
    });

    it('checks the flow source: each realm must grant the service account a token; some failing is degraded, all failing not ready', async () => {
      let demoGrants = true;
      let otherGrants = true;
      const demo = await realmWithTokens('demo', () => demoGrants);
      const other = await realmWithTokens('other', () => otherGrants);
      const bridge = await startBridge(
        { trustedIssuers: [demo.issuer, other.issuer], port: 0, allowHttp: true, keycloakAdminClientId: 'io-bridge', keycloakAdminClientSecret: 'sa-secret' },
        { logger: silentLogger },
      );
      const settle = () => new Promise((resolve) => setTimeout(resolve, 1100));
      try {
        const ok = await readyz(bridge);
        expect(ok.status).to.equal(200);
        expect(ok.body.checks['flow_source']).to.deep.include({ status: 'ok', source: 'keycloak', realms: { demo: 'ok', other: 'ok' } });
        otherGrants = false;
        await settle(); // the tokens (1 s) are renewed, the cached round (1 s) is over
        const degraded = await readyz(bridge);
        expect(degraded.status).to.equal(200);
        expect(degraded.body.checks['flow_source']).to.deep.include({ status: 'degraded', realms: { demo: 'ok', other: 'fail' } });
        demoGrants = false;
        await settle();
        const down = await readyz(bridge);
        expect(down.status).to.equal(503);
        expect(down.body.checks['flow_source']).to.deep.include({ status: 'fail', realms: { demo: 'fail', other: 'fail' } });
      } finally {
        await bridge.close();
        await demo.close();
        await other.close();
      }
    });
  });
});
