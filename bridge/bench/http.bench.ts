/**
 * HTTP benchmark of the bridge with autocannon (a well-kept load generator): accepting handoffs
 * (signature check against the issuer's cached JWKS, replay guard, flow start, session write) and
 * rendering a step page, with the in-memory store and with Redis. Loopback only; prints figures,
 * asserts nothing.
 */
import autocannon, { type Result } from 'autocannon';
import { startBridge, type RunningBridge } from '../src/server.js';
import { LocalIssuer } from '../test/support/local-issuer.js';
import { deleteKeys } from '../test/support/redis.js';

const handoffs = Number(process.env.BENCH_HANDOFFS ?? 2000);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const pageSeconds = Number(process.env.BENCH_SECONDS ?? 5);

function report(label: string, result: Result): void {
  const { latency, requests, statusCodeStats, errors, timeouts } = result;
  const statuses = Object.entries(statusCodeStats ?? {})
    .map(([status, { count }]) => `${status}: ${count}`)
    .join(', ');
  console.log(
    `  ${label}: ${Math.round(requests.average)} req/s  latency p50 ${latency.p50} ms  p90 ${latency.p90} ms  p99 ${latency.p99} ms  max ${latency.max} ms  (${statuses}${errors || timeouts ? `, errors ${errors}, timeouts ${timeouts}` : ''})`,
  );
}

async function acceptHandoffs(bridge: RunningBridge, issuer: LocalIssuer): Promise<Result> {
  // Each handoff is single use: sign them all before the clock starts.
  const tokens = await Promise.all(Array.from({ length: handoffs }, async () => issuer.sign(issuer.claims(bridge.config.audience))));
  let next = 0;
  return autocannon({
    url: bridge.url,
    connections,
    amount: handoffs,
    requests: [
      {
        method: 'POST',
        path: '/io/handoff',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        setupRequest: (request) => ({ ...request, body: `token=${tokens[next++]}` }),
      },
    ],
  });
}

async function renderStep(bridge: RunningBridge, issuer: LocalIssuer): Promise<Result> {
  const response = await fetch(`${bridge.url}/io/handoff`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${await issuer.sign(issuer.claims(bridge.config.audience))}`,
    redirect: 'manual',
  });
  // The journey's own page (its handle in the path), in the browser that opened it (its cookie).
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  const journey = response.headers.get('location');
  if (response.status !== 303 || !cookie || !journey) throw new Error(`the benchmark handoff was refused (${response.status})`);
  return autocannon({ url: `${bridge.url}${journey}`, connections, duration: pageSeconds, headers: { cookie } });
}

async function measure(label: string, redisUrl: string | undefined): Promise<void> {
  const issuer = await LocalIssuer.start();
  const prefix = `io-bench-http-${process.pid}:`;
  const bridge = await startBridge({
    trustedIssuers: [issuer.issuer],
    port: 0,
    // Loopback only: the stand-in issuer and the bridge speak plain http.
    allowHttp: true,
    logLevel: 'silent',
    // All the load comes from one address: limits it never reaches, so each request still pays for its count.
    rateLimitHandoff: 1_000_000,
    rateLimitFormPosts: 1_000_000,
    ...(redisUrl ? { redisUrl, redisKeyPrefix: prefix } : {}),
  });
  try {
    console.log(`\n${label} (${connections} connections)`);
    report(`accept a handoff (${handoffs} requests)`, await acceptHandoffs(bridge, issuer));
    report(`render a step page (${pageSeconds} s)`, await renderStep(bridge, issuer));
  } finally {
    await bridge.close();
    await issuer.close();
    // The benchmark's sessions and markers must not outlive it.
    if (redisUrl) await deleteKeys(prefix, redisUrl);
  }
}

await measure('bridge over HTTP, in-memory store', undefined);
await measure(`bridge over HTTP, Redis store (${process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'})`, process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
