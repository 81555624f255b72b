import { expect } from 'chai';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { startBridge, type RunningBridge } from '../../src/server.js';
import { ConfigError } from '../../src/errors.js';
import { loadConfigFromEnv } from '../../src/config/load-config.js';
import { Browser, hiddenValue, silentLogger } from '../support/browser.js';
import { LocalIssuer } from '../support/local-issuer.js';
import { defaultMapping } from './support.js';

const audience = 'http://bridge.test';

describe('handoffs with obligations and correlation ids (HTTP)', () => {
  let issuer: LocalIssuer;
  let bridge: RunningBridge;

  before(async () => {
    issuer = await LocalIssuer.start();
    bridge = await startBridge(
      {
        trustedIssuers: [issuer.issuer],
        port: 0,
        publicUrl: audience,
        allowHttp: true,
        logLevel: 'silent',
        obligationFlows: { require_terms_acceptance: 'collect-attributes' },
        obligationFlowsByIssuer: { [issuer.issuer]: defaultMapping },
      },
      { logger: silentLogger },
    );
  });
  after(async () => {
    await bridge?.close();
    await issuer?.close();
  });

  async function arrive(overrides: JWTPayload): Promise<{ browser: Browser; response: Response; journey: string }> {
    const browser = new Browser(bridge.url);
    const response = await browser.post('/io/handoff', { token: await issuer.sign(issuer.claims(audience, overrides)) });
    return { browser, response, journey: response.headers.get('location') ?? '(none)' };
  }

  async function evidenceOf(html: string): Promise<JWTPayload> {
    const token = hiddenValue(html, 'io_evidence');
    expect(token, html).to.be.a('string');
    const jwks = createRemoteJWKSet(new URL(`${bridge.url}/.well-known/jwks.json`));
    return (await jwtVerify(token!, jwks, { issuer: audience, audience: issuer.issuer, typ: 'io-evidence+jwt' })).payload;
  }

  const withoutFlow = (claims: JWTPayload) => ({ ...claims, flow: undefined });

  it('copies the handoff correlation_id into the evidence unchanged', async () => {
    const { browser, response, journey } = await arrive({ correlation_id: '0fe0c6f6-a822-4197-b222-366ff0f8419c' });
    expect(response.status).to.equal(303);
    const page = await (await browser.get(journey)).text();
    const done = await browser.post(journey, { _csrf: hiddenValue(page, '_csrf')!, company: 'Acme' });
    expect((await evidenceOf(await done.text()))['correlation_id']).to.equal('0fe0c6f6-a822-4197-b222-366ff0f8419c');
  });

  for (const [name, value] of [
    ['a number', 42],
    ['characters outside [A-Za-z0-9._-]', 'abc def'],
    ['more than 64 characters', 'a'.repeat(65)],
  ] as const) {
    it(`refuses a correlation_id that is ${name} (handoff_invalid_claims, no session)`, async () => {
      const before = await bridge.store.count();
      const { response } = await arrive({ correlation_id: value });
      expect(response.status).to.equal(401);
      expect(await response.text()).to.contain('<code>handoff_invalid_claims</code>');
      expect(await bridge.store.count()).to.equal(before);
    });
  }

  for (const [name, overrides] of [
    ['both a flow and obligations', { obligations: [{ type: 'require_terms_acceptance', params: { version: '1' } }] }],
    ['an empty obligation list', withoutFlow({ obligations: [] })],
    ['an obligation type outside the pattern', withoutFlow({ obligations: [{ type: 'bad type' }] })],
    ['an unknown mode', withoutFlow({ obligations: [{ type: 'require_consent', mode: 'maybe' }] })],
    ['params that are not an object', withoutFlow({ obligations: [{ type: 'require_consent', params: ['marketing'] }] })],
  ] as const) {
    it(`refuses ${name} (handoff_invalid_claims)`, async () => {
      const { response } = await arrive(overrides as JWTPayload);
      expect(response.status).to.equal(401);
      expect(await response.text()).to.contain('<code>handoff_invalid_claims</code>');
    });
  }

  it("runs obligations with the issuer's mapping and returns one entry per obligation with the correlation id", async () => {
    const { browser, response, journey } = await arrive(
      withoutFlow({
        correlation_id: 'corr-42',
        // What Keycloak derives from these obligations (the contract's obligationGrants).
        grants: [
          { type: 'record_terms_acceptance', versions: ['2026-10'] },
          { type: 'add_required_action', actions: ['webauthn-register-passwordless', 'webauthn-register', 'CONFIGURE_TOTP'] },
        ],
        obligations: [
          { type: 'require_terms_acceptance', mode: 'mandatory', params: { version: '2026-10' } },
          { type: 'require_credential_enrollment', mode: 'soft', params: { credentialTypes: ['otp'] } },
        ],
      }),
    );
    expect(response.status).to.equal(303);
    const terms = await (await browser.get(journey)).text();
    expect(terms).to.contain('2026-10');
    const csrf = hiddenValue(terms, '_csrf')!;
    const nudge = await (await browser.post(journey, { _csrf: csrf, _handler: 'accept', accept: 'on' })).text();
    expect(nudge).to.contain('Set up now');
    const done = await browser.post(journey, { _csrf: csrf, _handler: 'choose', choice: 'later' });
    const evidence = await evidenceOf(await done.text());
    expect(evidence).to.deep.include({
      outcome: 'success',
      correlation_id: 'corr-42',
      actions: [{ type: 'record_terms_acceptance', version: '2026-10' }],
    });
    expect(
      (evidence['evidence'] as Array<{ type: string; payload: object }>).map(({ type, payload }) => ({ type, payload: Object.keys(payload) })),
    ).to.deep.equal([
      { type: 'require_terms_acceptance', payload: ['version', 'acceptedAt'] },
      { type: 'require_credential_enrollment', payload: ['skipped'] },
    ]);
  });

  it('answers an unmapped obligation type with failure evidence (obligation_unmapped), no screen', async () => {
    const { browser, journey } = await arrive(withoutFlow({ obligations: [{ type: 'require_loyalty_pledge', mode: 'mandatory', params: {} }] }));
    const evidence = await evidenceOf(await (await browser.get(journey)).text());
    expect(evidence).to.deep.include({ outcome: 'failure', error: 'obligation_unmapped', actions: [], evidence: [] });
  });
});

describe('obligation mapping configuration at start', () => {
  const issuer = 'http://127.0.0.1:9/realms/demo';
  const start = (extra: object) => startBridge({ trustedIssuers: [issuer], port: 0, allowHttp: true, logLevel: 'silent', ...extra }, { logger: silentLogger });

  async function refusal(extra: object): Promise<ConfigError> {
    try {
      const bridge = await start(extra);
      await bridge.close();
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error('expected the bridge to refuse the configuration');
  }

  it('starts with the documented default mapping', async () => {
    const bridge = await start({ obligationFlows: defaultMapping });
    await bridge.close();
  });

  it('refuses a mapping to a flow that is not loaded, naming the variable', async () => {
    expect((await refusal({ obligationFlows: { require_consent: 'no-such-flow' } })).message).to.match(
      /IO_OBLIGATION_FLOWS.*"require_consent".*"no-such-flow".*not loaded/,
    );
  });

  it('refuses a mapping to a flow that is not a library flow', async () => {
    expect((await refusal({ obligationFlows: { require_attributes: 'demo-profile' } })).message).to.match(/category authentication; only library flows/);
  });

  it('refuses a per-issuer mapping for an issuer that is not trusted, or to an unknown flow', async () => {
    expect((await refusal({ obligationFlowsByIssuer: { 'http://other/realms/x': defaultMapping } })).message).to.match(/not one of IO_TRUSTED_ISSUERS/);
    expect((await refusal({ obligationFlowsByIssuer: { [issuer]: { x: 'nope' } } })).message).to.match(/obligationFlowsByIssuer\[".*"\]: obligation type "x"/);
  });

  it('refuses an obligation type outside the pattern', async () => {
    expect((await refusal({ obligationFlows: { 'bad type': 'consent' } })).message).to.match(/IO_OBLIGATION_FLOWS/);
  });

  it('reads IO_OBLIGATION_FLOWS as JSON and refuses anything else', () => {
    const env = { IO_TRUSTED_ISSUERS: issuer, IO_ALLOW_HTTP: '1' };
    expect(loadConfigFromEnv({ ...env, IO_OBLIGATION_FLOWS: JSON.stringify(defaultMapping) }).obligationFlows).to.deep.equal(defaultMapping);
    expect(loadConfigFromEnv(env).obligationFlows).to.deep.equal({});
    expect(() => loadConfigFromEnv({ ...env, IO_OBLIGATION_FLOWS: 'require_consent=consent' })).to.throw(
      ConfigError,
      /IO_OBLIGATION_FLOWS.*must be a JSON object/,
    );
    expect(() => loadConfigFromEnv({ ...env, IO_OBLIGATION_FLOWS: '["consent"]' })).to.throw(ConfigError, /IO_OBLIGATION_FLOWS/);
    expect(() => loadConfigFromEnv({ ...env, IO_OBLIGATION_FLOWS: '{"require_consent": 3}' })).to.throw(ConfigError, /IO_OBLIGATION_FLOWS/);
  });

  it('says IO_DEFAULT_FLOW was replaced by the mapping', () => {
    expect(() => loadConfigFromEnv({ IO_TRUSTED_ISSUERS: issuer, IO_DEFAULT_FLOW: 'demo-profile' })).to.throw(
      ConfigError,
      /IO_DEFAULT_FLOW.*removed.*IO_OBLIGATION_FLOWS/,
    );
  });
});
