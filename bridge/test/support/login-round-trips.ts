import { Redis } from 'ioredis';
import type { RunningBridge } from '../../src/server.js';
import { Browser, hiddenValue } from './browser.js';
import type { LocalIssuer } from './local-issuer.js';
import type { RedisRoundTrips, RoundTrip } from './redis-round-trips.js';

/** The Redis round trips of each request of one demo-profile journey, and what its paused session holds. */
export interface LoginTrips {
  /** POST /io/handoff: verify, replay guard, start, open the session. */
  handoff: RoundTrip[];
  /** GET of the step page. */
  page: RoundTrip[];
  /** A POST the step rejects (a required field left empty): the journey stays on the step. */
  rejected: RoundTrip[];
  /** The POST that ends the journey: the step's processors, the session write and the evidence. */
  submit: RoundTrip[];
  /** The paused journey's record in Redis: its value's length and what Redis spends on the key. */
  pausedBytes: { value: number; memory: number };
}

/**
 * Runs one journey of the demo-profile flow (the quick start's one IO screen) through a bridge on a
 * Redis store with key prefix `prefix`, counting the round trips of each request with `trips`.
 */
export async function measureLoginTrips(
  bridge: RunningBridge,
  issuer: LocalIssuer,
  trips: RedisRoundTrips,
  redisUrl: string,
  prefix: string,
): Promise<LoginTrips> {
  const browser = new Browser(bridge.url);
  const token = await issuer.sign(issuer.claims(bridge.config.audience, { tab_id: `tab-${crypto.randomUUID()}` }));
  trips.take();
  const journey = await browser.handoff(token);
  const handoff = trips.take();
  const page = await browser.get(journey);
  const csrf = hiddenValue(await page.text(), '_csrf');
  const pageTrips = trips.take();
  if (page.status !== 200 || !csrf) throw new Error(`the step page failed (${page.status})`);
  const pausedBytes = await sessionBytes(redisUrl, prefix, journey.split('/')[3]!);
  trips.take();
  const rejected = await browser.post(journey, { _csrf: csrf, company: '' });
  const rejectedTrips = trips.take();
  if (rejected.status !== 422) throw new Error(`the empty form was not rejected (${rejected.status})`);
  const done = await browser.post(journey, { _csrf: csrf, company: 'Acme', jobTitle: 'CTO' });
  const submit = trips.take();
  if (done.status !== 200 || !(await done.text()).includes('name="io_evidence"')) throw new Error(`the journey did not end with evidence (${done.status})`);
  return { handoff, page: pageTrips, rejected: rejectedTrips, submit, pausedBytes };
}

/** The session record of `handle`, found by scanning the prefix (so the test does not depend on how keys are named). */
async function sessionBytes(redisUrl: string, prefix: string, handle: string): Promise<{ value: number; memory: number }> {
  const redis = new Redis(redisUrl);
  try {
    const keys = (await redis.keys(`${prefix}*`)).filter((key) => key.includes(handle));
    if (keys.length !== 1) throw new Error(`expected one key for the journey, found ${keys.length}`);
    const [key] = keys as [string];
    return { value: await redis.strlen(key), memory: Number(await redis.memory('USAGE', key)) };
  } finally {
    redis.disconnect();
  }
}
