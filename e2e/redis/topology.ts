/**
 * Real local Redis topologies for the Redis tests, from the machine's redis-server (Redis 7): one
 * server (with or without persistence), a master with a replica watched by three sentinels, a
 * three-master Cluster. Each lives in a temporary directory on ports 16000 + IO_E2E_PORT_OFFSET
 * and up, is a child process of the test run, and is stopped (and its directory removed) by `stop()`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const run = promisify(execFile);

/** The first port of this run's range (16000..16099 plus the offset). */
export const redisBasePort = 16000 + Number(process.env['IO_E2E_PORT_OFFSET'] ?? 0);

export const sentinelMasterName = 'io-test';

/** One redis-server (or sentinel) process: stop it, kill it, start it again on the same directory. */
export class RedisServer {
  private child: ChildProcess | undefined;

  constructor(
    readonly port: number,
    readonly dir: string,
    private readonly settings: string[],
    private readonly sentinel = false,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const conf = join(this.dir, this.sentinel ? 'sentinel.conf' : 'redis.conf');
    // A sentinel rewrites its file (what it learned): written once, kept across restarts.
    if (!this.child)
      writeFileSync(conf, `${[`port ${this.port}`, 'bind 127.0.0.1', `dir ${this.dir}`, 'protected-mode no', ...this.settings].join('\n')}\n`, {
        flag: this.sentinel ? 'wx' : 'w',
      });
    const child = spawn('redis-server', this.sentinel ? [conf, '--sentinel'] : [conf], { cwd: this.dir, stdio: 'ignore' });
    this.child = child;
    let exited: number | null | undefined;
    child.once('exit', (code) => (exited = code));
    for (let waited = 0; ; waited += 50) {
      if (exited !== undefined) throw new Error(`redis-server on ${this.port} exited with ${exited} (${this.dir})`);
      if (await pingable(this.port)) return;
      if (waited > 10_000) throw new Error(`redis-server on ${this.port} did not answer within 10 s`);
      await sleep(50);
    }
  }

  /** SIGKILL: what a crash or an OOM kill does (nothing flushed that was not flushed already). */
  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** SIGTERM: a clean shutdown. */
  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  /** A client of this server alone (the test looks at its keys or its role). */
  client(): Redis {
    // Its errors (the server was killed on purpose) surface on its commands, not as unhandled events.
    return new Redis(this.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 }).on('error', () => {});
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}

export interface Topology {
  servers: RedisServer[];
  stop(): Promise<void>;
}

function workDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `io-redis-${name}-`));
}

function stopper(root: string, servers: RedisServer[]): () => Promise<void> {
  let done = false;
  // A run that ends early (a timeout while starting) still leaves no server and no directory behind.
  const killAll = () => {
    servers.forEach((server) => void server.kill());
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', killAll);
  return async () => {
    if (done) return;
    done = true;
    process.off('exit', killAll);
    await Promise.all(servers.map((server) => server.kill()));
    rmSync(root, { recursive: true, force: true });
  };
}

/** One server: with persistence, every write in the append-only file before the reply; without, nothing kept. */
export async function startStandalone({
  persistence,
  port = redisBasePort,
}: {
  persistence: boolean;
  port?: number;
}): Promise<Topology & { server: RedisServer; url: string }> {
  const root = workDir('standalone');
  const settings = persistence ? ['appendonly yes', 'appendfsync always', 'save ""'] : ['appendonly no', 'save ""'];
  const server = new RedisServer(port, root, settings);
  const stop = stopper(root, [server]);
  try {
    await server.start();
  } catch (error) {
    await stop();
    throw error;
  }
  return { server, servers: [server], url: `redis://${server.address}`, stop };
}

/** A master, its replica, and three sentinels (quorum 2) that fail over within a few seconds. */
export async function startSentinel(): Promise<
  Topology & { master: RedisServer; replica: RedisServer; sentinels: RedisServer[]; currentMaster(): Promise<number> }
> {
  const root = workDir('sentinel');
  const base = redisBasePort + 10;
  const master = new RedisServer(base, join(root, 'master'), ['appendonly no', 'save ""']);
  const replica = new RedisServer(base + 1, join(root, 'replica'), ['appendonly no', 'save ""', `replicaof 127.0.0.1 ${base}`]);
  const sentinels = [0, 1, 2].map(
    (n) =>
      new RedisServer(
        base + 5 + n,
        join(root, `sentinel-${n}`),
        [
          `sentinel monitor ${sentinelMasterName} 127.0.0.1 ${base} 2`,
          `sentinel down-after-milliseconds ${sentinelMasterName} 1000`,
          `sentinel failover-timeout ${sentinelMasterName} 10000`,
          `sentinel parallel-syncs ${sentinelMasterName} 1`,
        ],
        true,
      ),
  );
  const servers = [master, replica, ...sentinels];
  const stop = stopper(root, servers);
  try {
    for (const server of servers) await server.start();
    await until('the replica is in sync', async () => (await info(replica.port, 'replication')).includes('master_link_status:up'));
    await until('the sentinels see the replica and each other', async () => {
      const known = await command(sentinels[0]!.port, ['SENTINEL', 'REPLICAS', sentinelMasterName]);
      const peers = await command(sentinels[0]!.port, ['SENTINEL', 'SENTINELS', sentinelMasterName]);
      return known.includes(String(replica.port)) && (peers.match(/\bname\b/g) ?? []).length >= 2;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const currentMaster = async () => Number((await command(sentinels[0]!.port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', sentinelMasterName])).split('\n')[1]);
  return { master, replica, sentinels, servers, stop, currentMaster };
}

/** Three masters (no replicas) sharing the 16384 slots. */
export async function startCluster(): Promise<Topology & { masters: RedisServer[] }> {
  const root = workDir('cluster');
  const base = redisBasePort + 30;
  const masters = [0, 1, 2].map(
    (n) =>
      new RedisServer(base + n, join(root, `node-${n}`), [
        'cluster-enabled yes',
        'cluster-config-file nodes.conf',
        'cluster-node-timeout 2000',
        'appendonly no',
        'save ""',
      ]),
  );
  const stop = stopper(root, masters);
  try {
    for (const server of masters) await server.start();
    await run('redis-cli', ['--cluster', 'create', ...masters.map((server) => server.address), '--cluster-yes']);
    await until('the cluster is ok on every node', async () => {
      for (const server of masters) if (!(await command(server.port, ['CLUSTER', 'INFO'])).includes('cluster_state:ok')) return false;
      return true;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { masters, servers: masters, stop };
}

/** Polls `check` every 100 ms until it is true; fails naming what it waited for. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function command(port: number, args: string[]): Promise<string> {
  return (await run('redis-cli', ['-p', String(port), ...args])).stdout;
}

async function info(port: number, section: string): Promise<string> {
  return command(port, ['INFO', section]);
}

async function pingable(port: number): Promise<boolean> {
  try {
    return (await command(port, ['PING'])).trim() === 'PONG';
  } catch {
    return false;
  }
}
