import { expect } from 'chai';
import { createJsonLogger, redactSecrets } from '../../src/audit/logger.js';
import { resolveConfig } from '../../src/config/load-config.js';
import type { MailMessage } from '../../src/engine/services.js';
import { ConfigError } from '../../src/errors.js';
import { startBridge, type RunningBridge } from '../../src/server.js';
import { Browser, hiddenValue } from '../support/browser.js';
import { LocalIssuer } from '../support/local-issuer.js';
import { deleteKeys, redisReachable, testKeyPrefix, testRedisUrl } from '../support/redis.js';

/** A password field and an emailed code: the values an operator's logs must never hold. */
const secretsFlow = {
  schemaVersion: 1,
  id: 'secrets',
  name: 'Secrets',
  version: '1',
  category: 'authentication',
  permissions: [{ type: 'set_session_note', names: ['company'] }],
  variables: { company: { type: 'string' } },
  start: 'credentials',
  nodes: [
    {
      id: 'credentials',
      type: 'form',
      config: {
        title: 'Password',
        fields: [
          { name: 'password', label: 'Password', type: 'text', required: true },
          { name: 'company', label: 'Company', type: 'text', required: true },
        ],
      },
      outputs: { 'flow.company': 'result.company' },
    },
    { id: 'code', type: 'otp', config: { title: 'Code', intro: 'Enter the code.' }, inputs: { email: 'context.user.email' } },
    { id: 'done', type: 'end', config: { outcome: 'success', sessionNotes: { company: 'flow.company' } } },
    { id: 'failed', type: 'end', config: { outcome: 'failure', error: 'email_not_verified' } },
  ],
  links: [
    { from: 'credentials', output: 'submitted', to: 'code' },
    { from: 'code', output: 'verified', to: 'done' },
    { from: 'code', output: 'failed', to: 'failed' },
  ],
};

const password = 'pw-Tr0ub4dor&3-horse';
const clientSecret = 'sa-secret-8f2b1c77';
const correlationId = 'corr-secrets-7d1e';

interface Line {
  level: string;
  event: string;
  correlation_id?: string;
  code?: string;
  [field: string]: unknown;
}

for (const store of ['memory', 'redis'] as const) {
  describe(`logs of a journey (${store} store)`, () => {
    const audience = 'http://bridge.test';
    const prefix = testKeyPrefix();
    const written: string[] = [];
    const mails: MailMessage[] = [];
    let issuer: LocalIssuer;
    let bridge: RunningBridge;

    before(async function () {
      if (store === 'redis' && !(await redisReachable())) this.skip();
      issuer = await LocalIssuer.start();
      bridge = await startBridge(
        {
          trustedIssuers: [issuer.issuer],
          port: 0,
          publicUrl: audience,
          allowHttp: true,
          keycloakAdminClientId: 'io-bridge',
          keycloakAdminClientSecret: clientSecret,
          ...(store === 'redis' ? { redisUrl: testRedisUrl, redisKeyPrefix: prefix } : {}),
        },
        {
          // The most verbose level: nothing is secret at debug either.
          logger: createJsonLogger('debug', (line) => written.push(line)),
          flows: [{ raw: secretsFlow, path: 'secrets.json' }],
          services: { mail: { send: async (message) => (mails.push(message), { messageId: String(mails.length) }) } },
        },
      );
    });
    after(async () => {
      await bridge?.close();
      await issuer?.close();
      if (store === 'redis' && bridge) await deleteKeys(prefix);
    });

    it('carries the correlation id on every line of a journey, logs refusals as warnings with their code, and holds no secret', async () => {
      const browser = new Browser(bridge.url);
      const handoff = await issuer.sign(issuer.claims(audience, { flow: 'secrets', correlation_id: correlationId, user: { email: 'jane@example.com' } }));
      const from = written.length;
      const journey = await browser.handoff(handoff);
      const csrf = hiddenValue(await (await browser.get(journey)).text(), '_csrf')!;
      expect((await browser.post(journey, { _csrf: `${csrf}x`, password, company: 'Acme' })).status).to.equal(403);
      expect((await browser.post(journey, { _csrf: csrf, password, company: 'Acme' })).status).to.equal(200);
      const code = /\b(\d{6})\b/.exec(mails.at(-1)!.text)![1]!;
      const wrong = code === '314159' ? '271828' : '314159';
      expect((await browser.post(journey, { _csrf: csrf, _handler: 'verify', code: wrong })).status).to.equal(422);
      // A verified code raises assurance: the journey moves to a new handle.
      const verified = await browser.post(journey, { _csrf: csrf, _handler: 'verify', code });
      expect(verified.status).to.equal(303);
      const renewed = verified.headers.get('location')!;
      const evidence = hiddenValue(await (await browser.get(renewed)).text(), 'io_evidence');
      expect(evidence, 'the evidence JWT').to.match(/^eyJ/);
      const replayFrom = written.length;
      const replay = await new Browser(bridge.url).post('/io/handoff', { token: handoff });
      expect(replay.status).to.equal(409);

      const lines = written.slice(from).map((line) => JSON.parse(line) as Line);
      const journeyLines = lines.slice(0, replayFrom - from);
      expect(journeyLines.length).to.be.at.least(6);
      for (const line of journeyLines) expect(line.correlation_id, JSON.stringify(line)).to.equal(correlationId);
      expect(lines.find((line) => line.code === 'csrf_invalid')).to.include({
        level: 'warn',
        event: 'request_refused',
        path: '/io/j/:handle/step',
        correlation_id: correlationId,
      });
      const replayed = lines.find((line) => line.event === 'request_refused' && line.code === 'handoff_replayed');
      expect(replayed).to.include({ level: 'warn', status: 409 });
      expect(replayed!.correlation_id, 'a refused handoff has a correlation id of its own (also on its audit line)')
        .to.be.a('string')
        .and.not.equal(correlationId);
      expect(lines.find((line) => line.event === 'handoff_rejected')!.correlation_id).to.equal(replayed!.correlation_id);

      const text = written.join('\n');
      const handle = (path: string) => decodeURIComponent(path.split('/')[3]!);
      const secrets = {
        password,
        code,
        wrong,
        handoff,
        evidence: evidence!,
        clientSecret,
        csrf,
        handle: handle(journey),
        renewedHandle: handle(renewed),
        browserCookie: browser.cookieHeader().split('=')[1]!,
      };
      for (const [what, value] of Object.entries(secrets)) expect(text.includes(value), `${what} is in the log`).to.equal(false);
      // The same signature part would betray a token cut short.
      expect(text).not.to.contain(handoff.split('.')[2]);
      expect(text).not.to.contain(evidence!.split('.')[2]);
    });
  });
}

describe('log lines', () => {
  it('redact values under secret names and tokens or URL credentials inside any text, keep error codes', () => {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    expect(
      redactSecrets({
        code: 'csrf_invalid',
        client_secret: 's',
        nested: { refreshToken: 't', password: 'p', list: [`Bearer ${jwt}`] },
        message: `GET redis://:hunter2@redis.internal:6379 failed for ${jwt}`,
      }),
    ).to.deep.equal({
      code: 'csrf_invalid',
      client_secret: '[redacted]',
      nested: { refreshToken: '[redacted]', password: '[redacted]', list: ['Bearer [redacted-jwt]'] },
      message: 'GET redis://[redacted]@redis.internal:6379 failed for [redacted-jwt]',
    });
  });

  it('a configuration error names the setting, never the secret in it', () => {
    const secret = 'PRIVATE-KEY-MATERIAL-d';
    let error: unknown;
    try {
      resolveConfig({ trustedIssuers: ['http://localhost:8080/realms/demo'], allowHttp: true, signingKeys: [{ kty: 'EC', kid: 'k1', d: secret }] });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as ConfigError).variable).to.equal('IO_SIGNING_KEYS_FILE');
    expect((error as Error).message).not.to.contain(secret);
  });
});
