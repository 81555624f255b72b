/**
 * The bridge as it ships: `node bridge/dist/main.js` (the output of `npm run -w bridge build`) in a
 * process of its own, configured as an operator does (a JSON config file and a signing key file),
 * its JSON log lines kept in a file the tests read.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import type { BridgeConfig, BridgeConfigInput } from '../../bridge/src/config/bridge-config.js';
import { loadConfigFromEnv } from '../../bridge/src/config/load-config.js';
import { redisTarget } from '../../bridge/src/config/redis-settings.js';
import type { FlowSession } from '../../bridge/src/journey/flow-session.js';
import { RedisSessionStore } from '../../bridge/src/store/redis-session-store.js';
import { repoRoot } from './keycloak.js';

const bridgeDir = join(repoRoot, 'bridge');
const buildInfo = join(bridgeDir, 'dist', '.tsbuildinfo');

/** One line of the bridge's log. */
export interface LogLine {
  time: string;
  level: string;
  event: string;
  correlation_id?: string;
  [field: string]: unknown;
}

export interface BridgeProcess {
  url: string;
  /** The configuration the process runs with (resolved here from the same settings). */
  config: BridgeConfig;
  /** The process's session store, read from its Redis key space. */
  store: RedisSessionStore<FlowSession>;
  /** The flows each trusted realm may run, as the process said at start (`bridge_started`). */
  flows: { for(issuer: string): { has(ref: string): boolean } };
  metricsUrl: string;
  logFile: string;
  /** Every line logged so far. */
  log(): LogLine[];
  /** SIGTERM, as an orchestrator stops it; resolves with its exit code once it exited. */
  stop(): Promise<number | null>;
  /** The running process's id (undefined while stopped). */
  pid(): number | undefined;
  /** Starts it again with the same configuration and keys (after stop()). */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface BridgeProcessOptions {
  /** Where the config file, the key file and the log go. */
  workDir: string;
  signingKeys: JWK[];
  /** Settings in environment variables on top of the config file, as an operator sets them (e.g. IO_CAPTCHA_*). */
  env?: Record<string, string>;
}

/** `npm run -w bridge build`, unless dist/ is newer than every source. */
export function buildBridge(): void {
  if (existsSync(buildInfo) && newestSource() <= statSync(buildInfo).mtimeMs) return;
  execFileSync('npm', ['run', '-s', '-w', 'bridge', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  const now = new Date();
  utimesSync(buildInfo, now, now);
}

function newestSource(): number {
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
        entry.isDirectory() ? newest(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs,
      ),
    );
  return Math.max(
    newest(join(bridgeDir, 'src')),
    ...['bridge/tsconfig.build.json', 'tsconfig.base.json', 'package-lock.json'].map((file) => statSync(join(repoRoot, file)).mtimeMs),
  );
}

export async function startBridgeProcess(
  settings: Omit<BridgeConfigInput, 'signingKeys'> & { metricsPort: number },
  options: BridgeProcessOptions,
): Promise<BridgeProcess> {
  buildBridge();
  const configFile = join(options.workDir, 'bridge-config.json');
  const keysFile = join(options.workDir, 'signing-keys.json');
  const logFile = join(options.workDir, 'bridge.log');
  writeFileSync(configFile, JSON.stringify(settings, null, 2), { mode: 0o600 });
  writeFileSync(keysFile, JSON.stringify({ keys: options.signingKeys }), { mode: 0o600 });
  writeFileSync(logFile, '');
  // What the process resolves: its environment on top of the files.
  const settingsEnv = { ...options.env, IO_CONFIG_FILE: configFile, IO_SIGNING_KEYS_FILE: keysFile };
  const config = loadConfigFromEnv(settingsEnv);
  const url = `http://${config.host}:${config.port}`;
  // Only the files and options.env configure it: nothing of the developer's IO_* environment leaks in.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('IO_') && name !== 'REDIS_URL'));
  let child: ChildProcess | undefined;

  const readLog = (): LogLine[] =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);

  const start = async () => {
    const out = openSync(logFile, 'a');
    const started = spawn(process.execPath, ['--enable-source-maps', join(bridgeDir, 'dist', 'main.js')], {
      cwd: bridgeDir,
      env: { ...env, NODE_ENV: 'production', ...settingsEnv },
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    child = started;
    let exited: number | null | undefined;
    started.once('exit', (code) => (exited = code));
    // Ready means what an orchestrator waits for: GET /readyz answers 200.
    for (let waited = 0; ; waited += 200) {
      if (exited !== undefined) throw new Error(`the bridge exited with ${exited} at start:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
      if (waited > 60_000) throw new Error(`the bridge was not ready within 60 s:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
      const ready = await fetch(`${url}/readyz`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  const stop = async (): Promise<number | null> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return running?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => running.once('exit', (code) => resolve(code)));
    running.kill('SIGTERM');
    // It drains for up to its drain time (IO_SHUTDOWN_DRAIN_SECONDS) before it exits by itself.
    const killer = setTimeout(() => running.kill('SIGKILL'), (config.shutdownDrainSeconds + 10) * 1000);
    const code = await exited;
    clearTimeout(killer);
    return code;
  };
  process.once('exit', () => child?.kill('SIGKILL'));

  await start();
  const store = await RedisSessionStore.connect<FlowSession>(redisTarget(config)!, config.redisKeyPrefix, { onError: () => {} });
  const flowsAtStart = (readLog().find((line) => line.event === 'bridge_started')?.['flows'] ?? {}) as Record<string, string[]>;
  return {
    url,
    config,
    store,
    flows: { for: (issuer) => ({ has: (ref) => (flowsAtStart[issuer] ?? []).includes(ref) }) },
    metricsUrl: `http://${config.host}:${settings.metricsPort}/metrics`,
    logFile,
    log: readLog,
    stop,
    pid: () => child?.pid,
    start,
    close: async () => {
      await stop();
      await store.close();
    },
  };
}
