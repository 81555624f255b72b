/**
 * Graceful shutdown of the bridge as shipped (`node bridge/dist/main.js`): on SIGTERM it reports
 * not ready at once, refuses new connections, lets a request in flight finish within its drain
 * time, closes Redis and exits 0; a request still running after the drain time is cut.
 */
import { expect } from 'chai';
import { exportJWK, generateKeyPair } from 'jose';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBridgeProcess, type BridgeProcess } from './support/bridge-process.js';
import { deleteKeys } from '../bridge/test/support/redis.js';

const PORT_OFFSET = Number(process.env.IO_E2E_PORT_OFFSET ?? 0);
const BRIDGE_PORT = 13010 + PORT_OFFSET;
const METRICS_PORT = 13011 + PORT_OFFSET;

/** A raw connection to the bridge, for requests sent in parts. */
async function open(port: number): Promise<Socket & { answer: Promise<string> }> {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let text = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const answer = new Promise<string>((resolve) => socket.once('close', () => resolve(text)));
  return Object.assign(socket, { answer });
}

/** A handoff POST whose body has not all arrived: a request in flight until `rest` is sent. */
function partialHandoff(socket: Socket): { rest: string } {
  const body = 'token=not-a-jwt';
  socket.write(
    `POST /io/handoff HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 6)}`,
  );
  return { rest: body.slice(6) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('graceful shutdown of the bridge process', function () {
  this.timeout(120_000);
  let bridge: BridgeProcess;
  let workDir: string;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisKeyPrefix = `io-e2e-shutdown-${process.pid}:`;

  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'io-e2e-shutdown-'));
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    bridge = await startBridgeProcess(
      {
        publicUrl: `http://127.0.0.1:${BRIDGE_PORT}`,
        host: '127.0.0.1',
        port: BRIDGE_PORT,
        metricsPort: METRICS_PORT,
        // No handoff is accepted here: the issuer only has to be a valid one.
        trustedIssuers: ['http://127.0.0.1:9/realms/none'],
        allowHttp: true,
        redisUrl,
        redisKeyPrefix,
        shutdownDrainSeconds: 4,
      },
      { workDir, signingKeys: [{ ...(await exportJWK(privateKey)), kid: 'shutdown-1', alg: 'ES256' }] },
    );
  });
  after(async () => {
    await bridge?.close();
    await deleteKeys(redisKeyPrefix, redisUrl);
    rmSync(workDir, { recursive: true, force: true });
  });

  it('on SIGTERM: not ready at once, no new connections, the request in flight completes, Redis closed, exit 0', async () => {
    const logFrom = bridge.log().length;
    const slow = await open(BRIDGE_PORT);
    const { rest } = partialHandoff(slow);
    // A probe whose request has begun (its headers are not complete): the server counts it as in flight too.
    const probe = await open(BRIDGE_PORT);
    probe.write('GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await sleep(300);

    const stopped = bridge.stop();
    await sleep(500);
    probe.write('\r\n');
    const readiness = await probe.answer;
    expect(readiness).to.match(/^HTTP\/1\.1 503 /);
    expect(readiness).to.match(/connection: close/i);
    expect(readiness).to.contain('"status":"stopping"');
    const refused = await fetch(`http://127.0.0.1:${BRIDGE_PORT}/healthz`).then(
      (response) => `answered ${response.status}`,
      (error: Error) => String((error.cause as Error | undefined)?.message ?? error),
    );
    expect(refused, 'new connections are refused').to.match(/ECONNREFUSED/);

    // Still draining well after SIGTERM: the slow request gets its answer.
    await sleep(1000);
    slow.write(rest);
    const answer = await slow.answer;
    expect(answer).to.match(/^HTTP\/1\.1 400 /);
    expect(answer).to.contain('<code>handoff_malformed</code>');

    expect(await stopped, 'exit code').to.equal(0);
    const events = bridge
      .log()
      .slice(logFrom)
      .map((line) => line.event);
    expect(events).to.include.members(['bridge_stopping', 'bridge_stopped']);
    expect(events, JSON.stringify(bridge.log().slice(logFrom))).not.to.include('shutdown_drain_timeout');
    expect(events.indexOf('bridge_stopped')).to.be.greaterThan(events.indexOf('request_refused'));
  });

  it('cuts a request still in flight after the drain time, says so, and still exits 0', async () => {
    await bridge.start();
    const logFrom = bridge.log().length;
    const stuck = await open(BRIDGE_PORT);
    partialHandoff(stuck);
    await sleep(300);
    const begun = Date.now();
    expect(await bridge.stop(), 'exit code').to.equal(0);
    expect(Date.now() - begun, 'it waited for the drain time (4 s)').to.be.within(3500, 9000);
    expect(await stuck.answer, 'the connection was cut without an answer').to.equal('');
    const lines = bridge.log().slice(logFrom);
    expect(lines.find((line) => line.event === 'shutdown_drain_timeout')).to.include({ level: 'warn', drain_ms: 4000 });
    expect(lines.map((line) => line.event)).to.include('bridge_stopped');
  });
});
