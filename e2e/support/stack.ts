/**
 * The whole stack for the end-to-end suite, started once (mocha root hooks): real Keycloak with
 * the provider and the demo realm, the bridge as it ships (`node bridge/dist/main.js`, a process of
 * its own) on the real Redis sending its mails to a real local SMTP server, the relying party's
 * callback, and Chromium.
 */
import { generateKeyPair, exportJWK, type JWK } from 'jose';
import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import { startKeycloak, repoRoot, type RunningKeycloak } from './keycloak.js';
import { startCallbackServer, type CallbackServer } from './callback-server.js';
import { launchChromium } from './browser.js';
import { E2E_HOST } from './host.js';
import { startThirdParty, type ThirdParty } from './third-party.js';
import { startBridgeProcess, type BridgeProcess } from './bridge-process.js';
import { Mailbox } from './mailbox.js';
import { DEMO_OBLIGATION_FLOWS } from '../../demo/install-flows.js';
import { deleteKeys } from '../../bridge/test/support/redis.js';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

// IO_E2E_PORT_OFFSET moves every port, so two checkouts can run the suite side by side.
const PORT_OFFSET = Number(process.env.IO_E2E_PORT_OFFSET ?? 0);
const KEYCLOAK_PORT = 18080 + PORT_OFFSET;
const KEYCLOAK_MANAGEMENT_PORT = 19000 + PORT_OFFSET;
/** JGroups, when clustered (IO_KC_CLUSTER=1); below 15535, as failure detection listens on it + 50000. */
export const KEYCLOAK_CLUSTER_PORT = 7800 + PORT_OFFSET;
const BRIDGE_PORT = 13000 + PORT_OFFSET;
const CALLBACK_PORT = 13001 + PORT_OFFSET;
const THIRD_PARTY_PORT = 13002 + PORT_OFFSET;
const BRIDGE_METRICS_PORT = 13003 + PORT_OFFSET;
const SMTP_PORT = 13025 + PORT_OFFSET;
/** A second bridge process a test starts with settings of its own (startExtraBridge), and its metrics. */
const EXTRA_BRIDGE_PORT = 13004 + PORT_OFFSET;
const EXTRA_BRIDGE_METRICS_PORT = 13005 + PORT_OFFSET;

export interface Stack {
  keycloak: RunningKeycloak;
  /** A second realm the bridge trusts, whose signing key is in its realm file (tests sign handoffs as it). */
  partner: { issuer: string; realmFile: string };
  /** The realm of the journeys before the user is known (e2e/fixtures/realms/journeys-realm.json). */
  journeys: { issuer: string };
  /** The realm of the B2B partner sign-up (e2e/fixtures/realms/b2b-realm.json). */
  b2b: { issuer: string };
  bridge: BridgeProcess;
  /** The bridge's private evidence-signing key: lets tests forge evidence that differs in one claim. */
  bridgeSigningKey: JWK;
  callback: CallbackServer;
  /** A CRM that e2e flows call (its address is in e2e/flows). */
  crm: ThirdParty;
  /** The SMTP server the bridge sends its mails to. */
  mailbox: Mailbox;
  browser: Browser;
}

/**
 * The bridge's flows folder for the suite: the shared built-in flows, the flows only the suite runs
 * (e2e/flows/*.json, shared too) and e2e/flows/realms/<realm>/ (realm flows).
 */
function flowsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'io-e2e-flows-'));
  cpSync(join(repoRoot, 'bridge', 'flows'), dir, { recursive: true });
  cpSync(join(repoRoot, 'e2e', 'flows', 'realms'), join(dir, 'realms'), { recursive: true });
  const e2e = join(repoRoot, 'e2e', 'flows');
  for (const name of readdirSync(e2e).filter((file) => file.endsWith('.json'))) {
    // The flows name the CRM at its default port; an offset run moves it with the others.
    writeFileSync(join(dir, name), readFileSync(join(e2e, name), 'utf8').replaceAll('127.0.0.1:13002', `127.0.0.1:${THIRD_PARTY_PORT}`));
  }
  return dir;
}

/** The bridge's config, key and log files: e2e/artifacts/<name>/ (kept after the run, for a look at the log). */
function bridgeWorkDir(name = 'bridge'): string {
  const dir = join(repoRoot, 'e2e', 'artifacts', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export const partnerRealmFile = join(repoRoot, 'e2e', 'fixtures', 'realms', 'partner-realm.json');
export const journeysRealmFile = join(repoRoot, 'e2e', 'fixtures', 'realms', 'journeys-realm.json');
export const b2bRealmFile = join(repoRoot, 'e2e', 'fixtures', 'realms', 'b2b-realm.json');

let stack: Stack | undefined;
/** The suite's bridge settings, the base of an extra bridge's. */
let bridgeSettings: Parameters<typeof startBridgeProcess>[0] | undefined;

/**
 * Another bridge process like the suite's (same realms, Redis, Keycloak service account, signing
 * key), on a port of its own, with `env` on top (e.g. IO_CAPTCHA_*) and its own Redis key space;
 * `editFlows` may change its copy of the flows folder. Keycloak sends a login to it once an
 * authenticator config names its URL. One at a time; the caller closes it.
 */
export async function startExtraBridge(options: { env?: Record<string, string>; editFlows?: (dir: string) => void } = {}): Promise<BridgeProcess> {
  const { bridgeSigningKey } = getStack();
  if (!bridgeSettings) throw new Error('the end-to-end stack is not running');
  const url = `http://${E2E_HOST}:${EXTRA_BRIDGE_PORT}`;
  const flows = flowsDir();
  options.editFlows?.(flows);
  const running = await startBridgeProcess(
    {
      ...bridgeSettings,
      publicUrl: url,
      audience: url,
      port: EXTRA_BRIDGE_PORT,
      metricsPort: EXTRA_BRIDGE_METRICS_PORT,
      redisKeyPrefix: `${bridgeSettings.redisKeyPrefix}extra:`,
      flowsDir: flows,
    },
    { workDir: bridgeWorkDir('bridge-extra'), signingKeys: [bridgeSigningKey], ...(options.env ? { env: options.env } : {}) },
  );
  return { ...running, url };
}

export function getStack(): Stack {
  if (!stack) throw new Error('the end-to-end stack is not running');
  return stack;
}

async function start(): Promise<Stack> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const bridgeUrl = `http://${E2E_HOST}:${BRIDGE_PORT}`;
  // What started so far, stopped again if a later part fails, so a broken start cannot hang mocha.
  const started: Array<() => Promise<unknown>> = [];
  try {
    const callback = await startCallbackServer(CALLBACK_PORT);
    started.push(() => callback.close());
    const keycloak = await startKeycloak({
      port: KEYCLOAK_PORT,
      managementPort: KEYCLOAK_MANAGEMENT_PORT,
      clusterPort: KEYCLOAK_CLUSTER_PORT,
      bridgeUrl,
      demoRedirectUri: callback.redirectUri,
      extraRealms: [partnerRealmFile, journeysRealmFile, b2bRealmFile],
    });
    const partner = { issuer: `${keycloak.url}/realms/partner`, realmFile: partnerRealmFile };
    const journeys = { issuer: `${keycloak.url}/realms/journeys` };
    const b2b = { issuer: `${keycloak.url}/realms/b2b` };
    started.push(() => keycloak.stop());
    const crm = await startThirdParty(THIRD_PARTY_PORT);
    started.push(() => crm.close());
    const mailbox = await Mailbox.start(SMTP_PORT);
    started.push(() => mailbox.close());

    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const bridgeSigningKey: JWK = { ...(await exportJWK(privateKey)), kid: 'e2e-bridge-1', alg: 'ES256', use: 'sig' };
    bridgeSettings = {
      publicUrl: bridgeUrl,
      host: '127.0.0.1',
      port: BRIDGE_PORT,
      metricsPort: BRIDGE_METRICS_PORT,
      trustedIssuers: [keycloak.issuer, partner.issuer, journeys.issuer, b2b.issuer],
      // Loopback development setup: Keycloak and the bridge speak plain http.
      allowHttp: true,
      audience: bridgeUrl,
      redisUrl,
      redisKeyPrefix: `io-e2e-${process.pid}:`,
      sessionTtlSeconds: 900,
      flowsDir: flowsDir(),
      themesDir: join(repoRoot, 'themes'),
      // The default level: its log file has every audit line (e2e/artifacts/bridge/bridge.log).
      logLevel: 'info',
      keycloakAdminClientId: 'io-bridge',
      keycloakAdminClientSecret: 'io-bridge-dev-secret',
      httpAllowedHosts: [`127.0.0.1:${THIRD_PARTY_PORT}`],
      // The CRM stand-in listens on loopback, which the bridge refuses unless allowed explicitly.
      httpAllowedNetworks: ['127.0.0.1/32'],
      smtpUrl: mailbox.url,
      mailFrom: 'IO e2e <no-reply@io-e2e.test>',
      // Every login of the suite comes from 127.0.0.1: limits well above what it sends in a minute.
      rateLimitHandoff: 1000,
      rateLimitFormPosts: 5000,
      // The documented default mapping (docs/obligations.md), as scripts/stack.sh configures it.
      obligationFlows: DEMO_OBLIGATION_FLOWS,
      // The demo realm's own obligation type, mapped for that realm only (open vocabulary, no Java).
      obligationFlowsByIssuer: { [keycloak.issuer]: { e2e_choose_plan: 'e2e-choose-plan' } },
    };
    const running = await startBridgeProcess(bridgeSettings, { workDir: bridgeWorkDir(), signingKeys: [bridgeSigningKey] });
    // Tests compare the browser's URLs with bridge.url: the public URL, not the listening address.
    const bridge = { ...running, url: bridgeUrl };
    started.push(() => bridge.close());
    const browser = await launchChromium();
    return { keycloak, partner, journeys, b2b, bridge, bridgeSigningKey, callback, crm, mailbox, browser };
  } catch (error) {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    throw error;
  }
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(600_000);
    stack = await start();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    if (!stack) return;
    await stack.browser.close();
    await stack.bridge.close();
    await stack.callback.close();
    await stack.crm.close();
    await stack.mailbox.close();
    await stack.keycloak.stop();
    // What the suite wrote to Redis (sessions, markers, deadlines, counters) goes with it.
    await deleteKeys(stack.bridge.config.redisKeyPrefix, stack.bridge.config.redisUrl);
  },
};
