/**
 * A real bridge process (bridge/dist, as shipped) on a given Redis topology, a stand-in realm that
 * signs its handoffs (no Keycloak needed: the bridge only verifies the token against the realm's
 * JWKS), and a browser that walks the two-step flow of ./flows from handoff to evidence.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, type JWTPayload } from 'jose';
import type { BridgeConfigInput } from '../../bridge/src/config/bridge-config.js';
import { Browser, hiddenValue } from '../../bridge/test/support/browser.js';
import { LocalIssuer } from '../../bridge/test/support/local-issuer.js';
import { repoRoot } from '../support/keycloak.js';
import { startBridgeProcess, type BridgeProcess } from '../support/bridge-process.js';
import { redisBasePort } from './topology.js';

export type RedisSettings = Pick<BridgeConfigInput, 'redisUrl' | 'redisSentinels' | 'redisSentinelName' | 'redisClusterNodes'>;

export interface TestBridge {
  bridge: BridgeProcess;
  issuer: LocalIssuer;
  /** Stops the bridge and the realm, removes the work directory. */
  close(): Promise<void>;
}

export async function startTestBridge(redis: RedisSettings, name: string): Promise<TestBridge> {
  const issuer = await LocalIssuer.start();
  const workDir = mkdtempSync(join(tmpdir(), `io-redis-bridge-${name}-`));
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const port = redisBasePort + 90;
  const removeWorkDir = () => rmSync(workDir, { recursive: true, force: true });
  process.once('exit', removeWorkDir);
  try {
    const bridge = await startBridgeProcess(
      {
        publicUrl: `http://127.0.0.1:${port}`,
        host: '127.0.0.1',
        port,
        metricsPort: port + 1,
        trustedIssuers: [issuer.issuer],
        allowHttp: true,
        ...redis,
        redisKeyPrefix: `io-redis-test-${name}:`,
        flowsDir: join(repoRoot, 'e2e', 'redis', 'flows'),
        themesDir: join(repoRoot, 'themes'),
        logLevel: 'info',
      },
      { workDir, signingKeys: [{ ...(await exportJWK(privateKey)), kid: `redis-test-${name}`, alg: 'ES256', use: 'sig' }] },
    );
    return {
      bridge,
      issuer,
      close: async () => {
        await bridge.close();
        await issuer.close();
        process.off('exit', removeWorkDir);
        removeWorkDir();
      },
    };
  } catch (error) {
    await issuer.close();
    throw error;
  }
}

/** One user's journey through the two-step flow, a step at a time. */
export class Journey {
  readonly browser: Browser;
  path = '';
  csrf = '';
  handoffToken = '';

  constructor(private readonly test: TestBridge) {
    this.browser = new Browser(test.bridge.url);
  }

  /** The journey's handle (its URL's), which names its session in Redis. */
  handle(): string {
    return this.path.split('/')[3]!;
  }

  /** Keycloak's handoff POST; lands on the first form. */
  async begin(claims: JWTPayload = {}): Promise<void> {
    const { issuer, bridge } = this.test;
    this.handoffToken = await issuer.sign(issuer.claims(bridge.url, { flow: 'two-steps', grants: [], ...claims }));
    this.path = await this.browser.handoff(this.handoffToken);
    const page = await this.browser.get(this.path);
    expect(page.status).to.equal(200);
    this.csrf = hiddenValue(await page.text(), '_csrf')!;
  }

  /** The company form: on to the job form. */
  async company(): Promise<Response> {
    return this.browser.post(this.path, { _csrf: this.csrf, company: 'Acme' });
  }

  /** The job form: the journey ends, the page posts the evidence to Keycloak. */
  async job(): Promise<Response> {
    return this.browser.post(this.path, { _csrf: this.csrf, jobTitle: 'CTO' });
  }

  /** Runs both steps to the evidence and checks it (signature, audience, the values, the handoff it answers). */
  async finish(): Promise<JWTPayload> {
    expect((await this.company()).status, 'company step').to.equal(200);
    return this.expectEvidence(await this.job());
  }

  async expectEvidence(response: Response): Promise<JWTPayload> {
    const html = await response.text();
    expect(response.status, html.slice(0, 500)).to.equal(200);
    const evidence = hiddenValue(html, 'io_evidence');
    expect(evidence, 'the evidence form').to.be.a('string');
    const { bridge, issuer } = this.test;
    const jwks = createRemoteJWKSet(new URL(`${bridge.url}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(evidence!, jwks, { issuer: bridge.url, audience: issuer.issuer, typ: 'io-evidence+jwt' });
    expect(
      payload['outcome'],
      `evidence error: ${String(payload['error'])}; bridge log: ${JSON.stringify(
        bridge
          .log()
          .filter((line) => line.level !== 'info')
          .slice(-5),
      )}`,
    ).to.equal('success');
    expect(payload['evidence']).to.have.length(2);
    return payload;
  }
}

/**
 * What a user does on the retry page (503 `store_unavailable`: "reload this page"): sends the step
 * again until the bridge answers otherwise. Each store's connection comes back on its own, so right
 * after Redis returns one request may still meet a connection that has not.
 */
export async function untilAnswered(send: () => Promise<Response>, timeoutMs = 30_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await send();
    if (response.status !== 503 || Date.now() > deadline) return response;
    expect(await response.text()).to.contain('<code>store_unavailable</code>');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The evidence the bridge issued, as its audit log says. */
export function evidenceIssued(bridge: BridgeProcess): number {
  return bridge.log().filter((line) => line.event === 'evidence_issued').length;
}
