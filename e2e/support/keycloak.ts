/**
 * Runs the real Keycloak (the distribution from Maven Central, with the real provider jar and the
 * demo realm) for the end-to-end suite, through the same script the quick start uses.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { E2E_HOST } from './host.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifactsDir = join(repoRoot, 'e2e', 'artifacts');

export interface KeycloakOptions {
  port: number;
  managementPort: number;
  bridgeUrl: string;
  demoRedirectUri: string;
  /** The log's file name in e2e/artifacts (a second node must not share the first one's). */
  logName?: string;
  /** Realm files imported besides the demo realm (scripts/keycloak.sh, IO_EXTRA_REALMS). */
  extraRealms?: string[];
  /** The URL Keycloak names itself by (`--hostname`), if not its own address: a cluster's nodes share one. */
  publicUrl?: string;
  /** Its JGroups port when clustered (IO_KC_CLUSTER=1): every node on the host needs its own. */
  clusterPort?: number;
}

export interface RunningKeycloak {
  /** The URL it names itself by: its issuers, its pages' links. */
  url: string;
  /** Where this node listens (differs from `url` for a cluster's second node). */
  address: string;
  issuer: string;
  logFile: string;
  stop(): Promise<void>;
}

export async function startKeycloak(options: KeycloakOptions): Promise<RunningKeycloak> {
  mkdirSync(artifactsDir, { recursive: true });
  const logFile = join(artifactsDir, options.logName ?? 'keycloak.log');
  const log = createWriteStream(logFile);
  const address = `http://${E2E_HOST}:${options.port}`;
  const url = options.publicUrl ?? address;
  const child = spawn('bash', [join(repoRoot, 'scripts', 'keycloak.sh'), 'run'], {
    env: {
      ...process.env,
      KC_PORT: String(options.port),
      KC_MGMT_PORT: String(options.managementPort),
      KC_URL: url,
      IO_BRIDGE_URL: options.bridgeUrl,
      IO_DEMO_REDIRECT_URI: options.demoRedirectUri,
      IO_EXTRA_REALMS: (options.extraRealms ?? []).join(' '),
      ...(options.clusterPort ? { KC_CLUSTER_PORT: String(options.clusterPort) } : {}),
    },
    detached: true, // its own process group, so stop() takes Java down with the script
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);

  try {
    // Generous: on a shared, loaded machine a first start (Quarkus re-augmentation after a new provider jar) takes minutes.
    await waitUntilReady(`http://127.0.0.1:${options.managementPort}/health/ready`, child, 480_000);
  } catch (error) {
    await stopProcess(child);
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`${(error as Error).message}\n--- last lines of ${logFile} ---\n${tail}`);
  }
  return { url, address, issuer: `${url}/realms/demo`, logFile, stop: () => stopProcess(child) };
}

async function waitUntilReady(healthUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Keycloak exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(healthUrl);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`Keycloak was not ready at ${healthUrl} within ${timeoutMs / 1000} s`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}
