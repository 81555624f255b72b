/**
 * Journeys on published flow versions (protocol 1.3), through the bridge's HTTP surface: two
 * stand-in Keycloak realms (JWKS, token endpoint, runtime endpoint) on loopback.
 */
import { expect } from 'chai';
import { decodeJwt, type JWTPayload } from 'jose';
import type { FlowVersionRef } from '../../src/handoff/flow-versions.js';
import { startBridge, type RunningBridge } from '../../src/server.js';
import { Browser, hiddenValue, silentLogger } from '../support/browser.js';
import { LocalIssuer } from '../support/local-issuer.js';
import { askPhone, signup } from '../support/published-definitions.js';
import { deleteKeys, redisReachable, testKeyPrefix, testRedisUrl } from '../support/redis.js';
import { RuntimeEndpoint } from '../support/runtime-endpoint.js';

const audience = 'http://bridge.test';
const phoneNote = [{ type: 'set_session_note', names: ['phone'] }];

interface Realm {
  issuer: LocalIssuer;
  keycloak: RuntimeEndpoint;
}

async function realm(name: string): Promise<Realm> {
  const keycloak = new RuntimeEndpoint();
  return { issuer: await LocalIssuer.start(name, keycloak.routes), keycloak };
}

function bridgeConfig(realms: Realm[], extra: Record<string, unknown> = {}) {
  return {
    trustedIssuers: realms.map(({ issuer }) => issuer.issuer),
    port: 0,
    publicUrl: audience,
    allowHttp: true,
    logLevel: 'silent' as const,
    keycloakAdminClientId: 'io-bridge',
    keycloakAdminClientSecret: 'secret',
    ...extra,
  };
}

/** A handoff of `realm` running `refs` (entry 0 the flow, unless overridden). */
const handoff = ({ issuer }: Realm, refs: FlowVersionRef[], overrides: JWTPayload = {}) =>
  issuer.sign(issuer.claims(audience, { flow: refs[0]!.id, flow_versions: refs, grants: phoneNote, ...overrides }));

async function refusal(bridge: RunningBridge, token: string): Promise<{ status: number; code?: string; cookie: string | null }> {
  const response = await fetch(`${bridge.url}/io/handoff`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ token }) });
  const html = await response.text();
  expect(html).not.to.match(/\bat .*\(.*:\d+:\d+\)|node_modules/);
  return { status: response.status, code: /<code>([a-z_]+)<\/code>/.exec(html)?.[1], cookie: response.headers.get('set-cookie') };
}

/** Submits the waiting form with `values`; returns the evidence's claims. */
async function finish(browser: Browser, journey: string, values: Record<string, string>): Promise<JWTPayload> {
  const page = await (await browser.get(journey)).text();
  const done = await (await browser.post(journey, { _csrf: hiddenValue(page, '_csrf')!, ...values })).text();
  const evidence = hiddenValue(done, 'io_evidence');
  expect(evidence, done).to.be.a('string');
  return decodeJwt(evidence!);
}

describe('journeys on published flow versions (protocol 1.3)', () => {
  let alpha: Realm;
  let beta: Realm;
  let bridge: RunningBridge;
  let signup3: FlowVersionRef;
  let phone2: FlowVersionRef;

  before(async () => {
    [alpha, beta] = await Promise.all([realm('alpha'), realm('beta')]);
    signup3 = alpha.keycloak.publish('alpha', signup, 3, { en: { 'app.title': 'Alpha sign-up' } });
    phone2 = alpha.keycloak.publish('alpha', askPhone, 2, { en: { 'phone.title': 'Your mobile number (published v2)', 'phone.label': 'Mobile' } });
    alpha.keycloak.publish('alpha', askPhone, 4, { en: { 'phone.title': 'Version 4 text' } });
    // Beta publishes flows of the same ids and versions with other content.
    beta.keycloak.publish('beta', { ...signup, name: 'Beta sign-up' }, 3);
    beta.keycloak.publish('beta', { ...askPhone, name: 'Beta phone' }, 2, { en: { 'phone.title': "Beta's phone" } });
    bridge = await startBridge(bridgeConfig([alpha, beta], { obligationFlows: { require_terms_acceptance: 'accept-terms' } }), { logger: silentLogger });
  });
  after(async () => {
    await bridge?.close();
    await Promise.all([alpha?.issuer.close(), beta?.issuer.close()]);
  });

  it("runs the versions the handoff names, with each version's messages, to evidence within the grants", async () => {
    const browser = new Browser(bridge.url);
    const journey = await browser.handoff(await handoff(alpha, [signup3, phone2]));
    const page = await (await browser.get(journey)).text();
    expect(page).to.contain('Your mobile number (published v2)').and.to.contain('Mobile').and.not.to.contain('Version 4 text');
    const record = await bridge.store.get(journey.split('/')[3]!);
    expect(record!.data.flowRef).to.equal('signup@3');
    const evidence = await finish(browser, journey, { phone: '+41 79 000 00 00' });
    expect(evidence).to.deep.include({ outcome: 'success', actions: [{ type: 'set_session_note', name: 'phone', value: '+41 79 000 00 00' }] });
  });

  it('fetches each version once: later logins run from the cache', async () => {
    const before = alpha.keycloak.runtimeRequests().length;
    for (let login = 0; login < 3; login++) await new Browser(bridge.url).handoff(await handoff(alpha, [signup3, phone2]));
    expect(alpha.keycloak.runtimeRequests().length).to.equal(before);
  });

  it("fetches from the verified issuer's realm only: realm A's handoff never reaches realm B", async () => {
    const [alphaBefore, betaBefore] = [alpha.keycloak.runtimeRequests().length, beta.keycloak.runtimeRequests().length];
    const fresh = alpha.keycloak.publish('alpha', askPhone, 6);
    await new Browser(bridge.url).handoff(await handoff(alpha, [signup3, fresh]));
    expect(alpha.keycloak.runtimeRequests().slice(alphaBefore)).to.deep.equal(['/admin/realms/alpha/io/runtime/flows/ask-phone/versions/6']);
    expect(beta.keycloak.runtimeRequests().length).to.equal(betaBefore);
    // Beta's handoff naming alpha's digests is checked against what beta's realm serves: refused.
    expect(await refusal(bridge, await handoff(beta, [signup3, phone2]))).to.deep.equal({ status: 502, code: 'flow_digest_mismatch', cookie: null });
    expect(beta.keycloak.runtimeRequests().slice(betaBefore).sort()).to.deep.equal([
      '/admin/realms/beta/io/runtime/flows/ask-phone/versions/2',
      '/admin/realms/beta/io/runtime/flows/signup/versions/3',
    ]);
  });

  it('refuses a tampered definition (flow_digest_mismatch): no session, and the handoff is not spent', async () => {
    const sessions = await bridge.store.count();
    const signup5 = alpha.keycloak.publish('alpha', signup, 5);
    alpha.keycloak.tamper('alpha', signup5, (served) => ({ ...served, definition: served.definition.replace('"Sign up"', '"Sign up now"') }));
    const token = await handoff(alpha, [signup5, phone2]);
    expect(await refusal(bridge, token)).to.deep.equal({ status: 502, code: 'flow_digest_mismatch', cookie: null });
    expect(await bridge.store.count()).to.equal(sessions);
    // Keycloak serves the published bytes again: the same handoff is accepted (its jti was not spent).
    alpha.keycloak.publish('alpha', signup, 5);
    expect(await new Browser(bridge.url).handoff(token)).to.match(/^\/io\/j\//);
  });

  it('refuses a handoff whose versions cannot be fetched (flow_version_unavailable, 503)', async () => {
    const signup7 = alpha.keycloak.publish('alpha', signup, 7);
    alpha.keycloak.down = true;
    try {
      expect(await refusal(bridge, await handoff(alpha, [signup7, phone2]))).to.deep.equal({ status: 503, code: 'flow_version_unavailable', cookie: null });
    } finally {
      alpha.keycloak.down = false;
    }
  });

  it("runs a published flow of a file flow's id as published, never the file", async () => {
    const demo = alpha.keycloak.publish('alpha', { ...signup, id: 'demo-profile' }, 9);
    const browser = new Browser(bridge.url);
    const page = await (await browser.get(await browser.handoff(await handoff(alpha, [demo, phone2])))).text();
    expect(page).to.contain('Your mobile number (published v2)').and.not.to.contain('Tell us about your work');
  });

  it("plans obligations with the handoff's own mapping, not IO_OBLIGATION_FLOWS", async () => {
    const browser = new Browser(bridge.url);
    const obligations = [{ type: 'require_terms_acceptance', mode: 'mandatory', params: {}, flow: 'ask-phone' }];
    const journey = await browser.handoff(await handoff(alpha, [phone2], { flow: undefined, obligations, grants: [] }));
    const page = await (await browser.get(journey)).text();
    expect(page).to.contain('Your mobile number (published v2)').and.not.to.contain('terms');
    const evidence = await finish(browser, journey, { phone: '+1 555' });
    expect(evidence).to.deep.include({ outcome: 'success' });
    expect(evidence['evidence']).to.deep.equal([
      { type: 'require_terms_acceptance', step: 'ask-phone@2', at: (evidence['evidence'] as Array<{ at: number }>)[0]!.at, payload: { phone: '+1 555' } },
    ]);
  });
});

describe('a journey on published versions resumed by another bridge instance (real Redis)', () => {
  let alpha: Realm;
  const prefix = testKeyPrefix();

  before(async function () {
    if (!(await redisReachable())) {
      console.warn(`    Redis not reachable at ${testRedisUrl}: skipping`);
      this.skip();
    }
    alpha = await realm('alpha');
  });
  after(async () => {
    await alpha?.issuer.close();
    await deleteKeys(prefix);
  });

  it('runs exactly the versions it started with, fetched again and digest-checked', async () => {
    const config = bridgeConfig([alpha], { redisUrl: testRedisUrl, redisKeyPrefix: prefix });
    const signup3 = alpha.keycloak.publish('alpha', signup, 3);
    const phone2 = alpha.keycloak.publish('alpha', askPhone, 2, { en: { 'phone.title': 'Phone, version 2' } });
    const first = await startBridge(config, { logger: silentLogger });
    const browser = new Browser(first.url);
    const journey = await browser.handoff(await handoff(alpha, [signup3, phone2]));
    const csrf = hiddenValue(await (await browser.get(journey)).text(), '_csrf')!;
    await first.close();
    // Meanwhile the realm publishes and activates a new version of the library flow.
    alpha.keycloak.publish('alpha', askPhone, 3, { en: { 'phone.title': 'Phone, version 3' } });
    const fetchedBefore = alpha.keycloak.runtimeRequests().length;

    const second = await startBridge(config, { logger: silentLogger });
    try {
      const elsewhere = (path: string, init: RequestInit = {}) =>
        fetch(new URL(path, second.url), { ...init, redirect: 'manual', headers: { ...init.headers, cookie: browser.cookieHeader() } });
      expect(await (await elsewhere(journey)).text())
        .to.contain('Phone, version 2')
        .and.not.to.contain('version 3');
      expect(alpha.keycloak.runtimeRequests().slice(fetchedBefore).sort()).to.deep.equal([
        '/admin/realms/alpha/io/runtime/flows/ask-phone/versions/2',
        '/admin/realms/alpha/io/runtime/flows/signup/versions/3',
      ]);
      const done = await elsewhere(journey, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, phone: '+33 6' }),
      });
      const evidence = decodeJwt(hiddenValue(await done.text(), 'io_evidence')!);
      expect(evidence).to.deep.include({ outcome: 'success', actions: [{ type: 'set_session_note', name: 'phone', value: '+33 6' }] });
    } finally {
      await second.close();
    }
  });
});
