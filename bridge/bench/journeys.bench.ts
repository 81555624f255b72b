/**
 * The bridge alone on Redis, as issue 12 asks for its figures (printed, never asserted): Redis round
 * trips per request of a journey and the bytes of a paused journey (the same measure the tests hold,
 * test/journey/round-trips.test.ts), then whole journeys per second (handoff, step page, the post
 * that ends it) at 1, 50 and 200 concurrent journeys, with the bridge's CPU time per request. The
 * bridge runs in a process of its own so its CPU is its own; the stand-in issuer and the load
 * generator run here. Loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startBridge } from '../src/server.js';
import { Browser, hiddenValue, silentLogger } from '../test/support/browser.js';
import { LocalIssuer } from '../test/support/local-issuer.js';
import { measureLoginTrips } from '../test/support/login-round-trips.js';
import { deleteKeys } from '../test/support/redis.js';
import { describeTrips, RedisRoundTrips } from '../test/support/redis-round-trips.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const audience = 'http://bridge.bench';
const concurrencies = (process.env.BENCH_CONCURRENCY ?? '1,50,200').split(',').map(Number);
const journeysPerLevel = Number(process.env.BENCH_JOURNEYS ?? 400);
/** Requests of one journey: the handoff, the step page, the post that ends it. */
const requestsPerJourney = 3;

async function roundTrips(issuer: LocalIssuer): Promise<void> {
  const trips = RedisRoundTrips.install();
  const prefix = `io-bench-trips-${process.pid}:`;
  const bridge = await startBridge(
    { trustedIssuers: [issuer.issuer], port: 0, publicUrl: audience, allowHttp: true, logLevel: 'silent', redisUrl, redisKeyPrefix: prefix },
    { logger: silentLogger },
  );
  try {
    // The first journey warms the caches (issuer keys, theme); the second is the one reported.
    await measureLoginTrips(bridge, issuer, trips, redisUrl, prefix);
    const measured = await measureLoginTrips(bridge, issuer, trips, redisUrl, prefix);
    console.log('\nbridge alone: Redis round trips per request of the demo journey (a pipeline or a script is one)');
    for (const [label, phase] of [
      ['handoff', measured.handoff],
      ['step page', measured.page],
      ['rejected post (stays on the step)', measured.rejected],
      ['post that ends it (evidence)', measured.submit],
    ] as const) {
      console.log(`  ${label}: ${phase.length}  (${describeTrips(phase)})`);
    }
    console.log(`  per login (handoff + page + final post): ${measured.handoff.length + measured.page.length + measured.submit.length}`);
    console.log(`  paused journey in Redis: ${measured.pausedBytes.value} bytes of value, ${measured.pausedBytes.memory} bytes by MEMORY USAGE`);
  } finally {
    trips.uninstall();
    await bridge.close();
    await deleteKeys(prefix, redisUrl);
  }
}

interface BridgeChild {
  url: string;
  process: ChildProcess;
  /** User + system CPU time of the process so far, in ms (from /proc). */
  cpuMs(): number;
}

async function spawnBridge(issuer: LocalIssuer, prefix: string): Promise<BridgeChild> {
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const child = spawn(process.execPath, [...(process.env.BENCH_BRIDGE_NODE_OPTIONS?.split(' ') ?? []), '--import', 'tsx', main], {
    env: {
      ...process.env,
      IO_PORT: '0',
      IO_PUBLIC_URL: audience,
      IO_TRUSTED_ISSUERS: issuer.issuer,
      IO_ALLOW_HTTP: 'true',
      REDIS_URL: redisUrl,
      IO_REDIS_KEY_PREFIX: prefix,
      IO_LOG_LEVEL: 'error',
      IO_THEME_HOT_RELOAD: 'false',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: string) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the bridge exited (${code}): ${output}`)));
  });
  const ticks = 100; // USER_HZ on Linux
  return {
    url,
    process: child,
    cpuMs: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
    },
  };
}

/** One whole journey as a browser makes it; throws unless it ends with evidence. */
async function journey(url: string, token: string): Promise<void> {
  const browser = new Browser(url);
  const path = await browser.handoff(token);
  const csrf = hiddenValue(await (await browser.get(path)).text(), '_csrf');
  const done = await browser.post(path, { _csrf: csrf ?? '', company: 'Acme', jobTitle: 'CTO' });
  if (!(await done.text()).includes('name="io_evidence"')) throw new Error(`a journey did not end with evidence (${done.status})`);
}

async function throughput(issuer: LocalIssuer): Promise<void> {
  const prefix = `io-bench-journeys-${process.pid}:`;
  const bridge = await spawnBridge(issuer, prefix);
  try {
    console.log(`\nbridge alone, its own process on Redis: whole demo journeys (${requestsPerJourney} requests each), ${journeysPerLevel} per level`);
    const sign = () => issuer.sign(issuer.claims(audience, { tab_id: `tab-${crypto.randomUUID()}` }));
    // Warm-up: the issuer's keys, the theme, the JIT.
    for (let i = 0; i < 20; i++) await journey(bridge.url, await sign());
    for (const concurrency of concurrencies) {
      const tokens = await Promise.all(Array.from({ length: journeysPerLevel }, sign));
      const times: number[] = [];
      let next = 0;
      const cpuBefore = bridge.cpuMs();
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < tokens.length) {
            const token = tokens[next++]!;
            const begun = performance.now();
            await journey(bridge.url, token);
            times.push(performance.now() - begun);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const cpu = bridge.cpuMs() - cpuBefore;
      times.sort((a, b) => a - b);
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
      console.log(
        `  ${String(concurrency).padStart(3)} concurrent: ${(journeysPerLevel / seconds).toFixed(0)} journeys/s, journey p50 ${at(0.5)} ms p95 ${at(0.95)} ms p99 ${at(0.99)} ms, bridge CPU ${(cpu / journeysPerLevel / requestsPerJourney).toFixed(2)} ms per request`,
      );
    }
  } finally {
    bridge.process.kill('SIGTERM');
    await once(bridge.process, 'exit');
    await deleteKeys(prefix, redisUrl);
  }
}

const issuer = await LocalIssuer.start();
try {
  await roundTrips(issuer);
  await throughput(issuer);
} finally {
  await issuer.close();
}
