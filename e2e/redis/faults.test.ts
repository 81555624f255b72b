/**
 * Faults with real processes: a redis-server restarted mid-journey with and without persistence,
 * Redis down and back, the bridge restarted mid-journey. The bridge is bridge/dist in its own process.
 */
import { expect } from 'chai';
import { evidenceIssued, Journey, startTestBridge, untilAnswered, type TestBridge } from './journey.js';
import { startStandalone, until } from './topology.js';

async function ready(test: TestBridge): Promise<number> {
  return (await fetch(`${test.bridge.url}/readyz`)).status;
}

describe('Redis restarted mid-journey, with persistence (append-only file, fsync always)', () => {
  let redis: Awaited<ReturnType<typeof startStandalone>>;
  let test: TestBridge;

  before(async () => {
    redis = await startStandalone({ persistence: true });
    test = await startTestBridge({ redisUrl: redis.url }, 'persistent');
  });
  after(async () => {
    await test?.close();
    await redis?.stop();
  });

  it('lets the user go on: the journey ends with its evidence', async () => {
    const journey = new Journey(test);
    await journey.begin();
    expect((await journey.company()).status).to.equal(200);
    await redis.server.kill();
    await redis.server.start();
    await until('the bridge is ready again', async () => (await ready(test)) === 200);
    await journey.expectEvidence(await untilAnswered(() => journey.job()));
  });

  it('answers 503 with a retry page while Redis is down, is not ready, and recovers without a restart', async () => {
    const journey = new Journey(test);
    await journey.begin();
    await redis.server.stop();

    const page = await journey.company();
    const html = await page.text();
    expect(page.status).to.equal(503);
    expect(page.headers.get('retry-after')).to.equal('5');
    expect(html).to.contain('<code>store_unavailable</code>');
    expect(html).to.contain('reload this page');
    await until('the bridge says it is not ready', async () => (await ready(test)) === 503);
    // Every handoff is first counted against its address's request limit, in Redis: none is taken now.
    const handoff = await fetch(`${test.bridge.url}/io/handoff`, { method: 'POST', body: new URLSearchParams({ token: 'x' }) });
    expect(handoff.status, 'a handoff while Redis is down').to.equal(503);
    expect(await handoff.text()).to.contain('<code>store_unavailable</code>');

    await redis.server.start();
    await until('the bridge is ready again', async () => (await ready(test)) === 200);
    expect((await untilAnswered(() => journey.company())).status).to.equal(200);
    await journey.expectEvidence(await journey.job());
    const failures = test.bridge.log().filter((line) => line.event === 'request_failed' && line['code'] === 'store_unavailable');
    expect(failures.length, 'the outage is logged with its code').to.be.greaterThan(0);
  });

  it('lets the user go on after the bridge restarts mid-journey', async () => {
    const journey = new Journey(test);
    await journey.begin();
    expect((await journey.company()).status).to.equal(200);
    await test.bridge.stop();
    await test.bridge.start();
    await journey.expectEvidence(await journey.job());
  });
});

describe('Redis restarted mid-journey, without persistence', () => {
  let redis: Awaited<ReturnType<typeof startStandalone>>;
  let test: TestBridge;

  before(async () => {
    redis = await startStandalone({ persistence: false });
    test = await startTestBridge({ redisUrl: redis.url }, 'volatile');
  });
  after(async () => {
    await test?.close();
    await redis?.stop();
  });

  it('shows a clear "start again" page, issues no evidence, and refuses the old handoff', async () => {
    const journey = new Journey(test);
    await journey.begin();
    expect((await journey.company()).status).to.equal(200);
    const issued = evidenceIssued(test.bridge);
    // (the generation marker has a precision of one second: the loss happens in a later second than the handoff)
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await redis.server.kill();
    await redis.server.start();
    await until('the bridge is ready again', async () => (await ready(test)) === 200);

    const page = await untilAnswered(() => journey.job());
    const html = await page.text();
    expect(page.status).to.equal(410);
    expect(html).to.contain('<code>session_expired</code>');
    expect(html).to.contain('sign in again');
    expect(html).not.to.contain('io_evidence');
    expect(evidenceIssued(test.bridge)).to.equal(issued);

    // Keycloak's form posted again (the back button): its single-use marker is gone, the generation says so.
    const replay = await journey.browser.post('/io/handoff', { token: journey.handoffToken });
    expect(replay.status).to.equal(409);
    expect(await replay.text()).to.contain('<code>handoff_replayed</code>');

    // A fresh login works.
    const fresh = new Journey(test);
    await fresh.begin();
    await fresh.finish();
  });
});
