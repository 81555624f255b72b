/**
 * Every browser return is bound to its journey: one journey per tab (a handle in the URL), honoured
 * only in the browser that opened it (its cookie), and a redirect step's return only with the
 * single-use state it was sent off with.
 */
import { expect } from 'chai';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { startBridge, type RunningBridge } from '../../src/server.js';
import type { FlowDefinition } from '../../src/engine/flow.js';
import { Browser, hiddenValue, silentLogger } from '../support/browser.js';
import { LocalIssuer } from '../support/local-issuer.js';

const audience = 'http://bridge.test';

/** Sends the browser to an identity-verification site and records what it brings back. */
const idvFlow: FlowDefinition = {
  schemaVersion: 1,
  id: 'idv-check',
  name: 'Identity verification elsewhere',
  category: 'authentication',
  version: '1',
  permissions: [{ type: 'set_session_note', names: ['idv'] }],
  variables: { status: { type: 'string' } },
  start: 'idv',
  nodes: [
    { id: 'idv', type: 'redirect', config: { url: "'http://127.0.0.1:9/idv/start'", returnParams: ['status'] }, outputs: { 'flow.status': 'result.status' } },
    { id: 'done', type: 'end', config: { outcome: 'success', sessionNotes: { idv: 'flow.status' } } },
  ],
  links: [{ from: 'idv', output: 'returned', to: 'done' }],
};

describe('journeys bound to their tab, browser and return state (HTTP)', () => {
  let issuer: LocalIssuer;
  let bridge: RunningBridge;

  before(async () => {
    issuer = await LocalIssuer.start();
    bridge = await startBridge(
      { trustedIssuers: [issuer.issuer], port: 0, publicUrl: audience, allowHttp: true, logLevel: 'silent' },
      { logger: silentLogger, flows: [{ raw: idvFlow, path: 'idv-check.json' }] },
    );
  });
  after(async () => {
    await bridge?.close();
    await issuer?.close();
  });

  const handoff = async (overrides: JWTPayload = {}) => issuer.sign(issuer.claims(audience, overrides));

  async function evidenceOf(response: Response): Promise<JWTPayload> {
    const html = await response.text();
    const token = hiddenValue(html, 'io_evidence');
    expect(token, html).to.be.a('string');
    return (await jwtVerify(token!, createRemoteJWKSet(new URL(`${bridge.url}/.well-known/jwks.json`)), { issuer: audience, audience: issuer.issuer })).payload;
  }

  async function executionOf(journey: string) {
    const handle = journey.split('/')[3]!;
    return (await bridge.store.get(handle))!.data.execution;
  }

  it('runs two journeys in two tabs of one browser side by side, each to its own evidence', async () => {
    const browser = new Browser(bridge.url);
    const tabA = await browser.handoff(await handoff({ tab_id: 'tab-a' }));
    const pageA = await (await browser.get(tabA)).text();
    const tabB = await browser.handoff(await handoff({ tab_id: 'tab-b' }));
    expect(tabB).to.not.equal(tabA);
    const pageB = await (await browser.get(tabB)).text();
    expect(hiddenValue(pageB, '_csrf'), 'each journey has its own CSRF token').to.not.equal(hiddenValue(pageA, '_csrf'));

    // Tab A, reloaded after tab B's handoff, still shows tab A's journey.
    expect(hiddenValue(await (await browser.get(tabA)).text(), '_step')).to.equal(hiddenValue(pageA, '_step'));

    const doneB = await evidenceOf(await browser.post(tabB, { _csrf: hiddenValue(pageB, '_csrf')!, company: 'B Corp' }));
    const doneA = await evidenceOf(await browser.post(tabA, { _csrf: hiddenValue(pageA, '_csrf')!, company: 'A Corp' }));
    expect(doneA).to.deep.include({ tab_id: 'tab-a', outcome: 'success', actions: [{ type: 'set_session_note', name: 'company', value: 'A Corp' }] });
    expect(doneB).to.deep.include({ tab_id: 'tab-b', outcome: 'success', actions: [{ type: 'set_session_note', name: 'company', value: 'B Corp' }] });
  });

  it("refuses one tab's CSRF token on another tab's journey", async () => {
    const browser = new Browser(bridge.url);
    const tabA = await browser.handoff(await handoff());
    const csrfA = hiddenValue(await (await browser.get(tabA)).text(), '_csrf')!;
    const tabB = await browser.handoff(await handoff());
    const refused = await browser.post(tabB, { _csrf: csrfA, company: 'Mallory' });
    expect(refused.status).to.equal(403);
    expect(await refused.text()).to.contain('<code>csrf_invalid</code>');
    expect((await executionOf(tabB)).status).to.equal('active');
  });

  it('refuses a journey handle without the cookie of the browser that opened it, and changes nothing', async () => {
    const victim = new Browser(bridge.url);
    const journey = await victim.handoff(await handoff());
    const page = await (await victim.get(journey)).text();
    const csrf = hiddenValue(page, '_csrf')!;

    const noCookie = await fetch(`${bridge.url}${journey}`);
    expect(noCookie.status).to.equal(403);
    const html = await noCookie.text();
    expect(html).to.contain('<code>session_browser_mismatch</code>');
    expect(html).to.not.contain(csrf);

    // Another browser (with a cookie of its own) that learned the handle and even the CSRF token.
    const attacker = new Browser(bridge.url);
    await attacker.handoff(await handoff());
    const post = await attacker.post(journey, { _csrf: csrf, company: 'Mallory' });
    expect(post.status).to.equal(403);
    expect(await post.text()).to.contain('<code>session_browser_mismatch</code>');

    const execution = await executionOf(journey);
    expect(execution.status).to.equal('active');
    expect(execution.completed).to.deep.equal([]);
    expect((await victim.get(journey)).status).to.equal(200);
  });

  it('uses random step ids, never s0, s1, ...', async () => {
    const browser = new Browser(bridge.url);
    const stepIds = await Promise.all(
      [1, 2, 3].map(async () => hiddenValue(await (await browser.get(await browser.handoff(await handoff()))).text(), '_step')!),
    );
    for (const stepId of stepIds)
      expect(stepId)
        .to.match(/^[\w-]{16}$/)
        .and.not.match(/^s\d+$/);
    expect(new Set(stepIds).size).to.equal(3);
  });

  describe('the return from a redirect step', () => {
    const idvGrants = { flow: 'idv-check', grants: [{ type: 'set_session_note', names: ['idv'] }] };

    /** Opens the idv journey; returns where the browser was sent and the return URL it carries. */
    async function sentOff(browser: Browser): Promise<{ journey: string; returnUrl: URL }> {
      const journey = await browser.handoff(await handoff(idvGrants));
      const away = await browser.get(journey);
      expect(away.status).to.equal(303);
      const target = new URL(away.headers.get('location')!);
      expect(target.origin + target.pathname).to.equal('http://127.0.0.1:9/idv/start');
      const returnUrl = new URL(target.searchParams.get('io_return')!);
      expect(returnUrl.pathname).to.equal(journey.replace(/step$/, 'return'));
      expect(returnUrl.searchParams.get('state')).to.match(/^[\w-]{43}$/);
      return { journey, returnUrl };
    }

    const back = (returnUrl: URL, values: Record<string, string>) => {
      const url = new URL(returnUrl.pathname, bridge.url);
      for (const [name, value] of Object.entries({ ...Object.fromEntries(returnUrl.searchParams), ...values })) url.searchParams.set(name, value);
      return url.pathname + url.search;
    };

    it('refuses a cross-site return without the state (the step stays waiting)', async () => {
      const browser = new Browser(bridge.url);
      const { journey, returnUrl } = await sentOff(browser);
      // A link on another site: the handle is known, the cookie goes along (SameSite=Lax, top-level GET), no state.
      const forged = await browser.get(`${returnUrl.pathname}?status=verified`);
      expect(forged.status).to.equal(403);
      expect(await forged.text()).to.contain('<code>return_state_invalid</code>');
      const wrong = await browser.get(`${returnUrl.pathname}?status=verified&state=${'x'.repeat(43)}`);
      expect(wrong.status).to.equal(403);
      const execution = await executionOf(journey);
      expect(execution.status).to.equal('active');
      expect(execution.completed).to.deep.equal([]);
    });

    it('accepts the return with its state once; a replay is refused and changes nothing', async () => {
      const browser = new Browser(bridge.url);
      const { journey, returnUrl } = await sentOff(browser);
      const evidence = await evidenceOf(await browser.get(back(returnUrl, { status: 'verified' })));
      expect(evidence).to.deep.include({ outcome: 'success', actions: [{ type: 'set_session_note', name: 'idv', value: 'verified' }] });

      const replay = await browser.get(back(returnUrl, { status: 'forged' }));
      expect(replay.status).to.equal(403);
      expect(await replay.text()).to.contain('<code>return_state_invalid</code>');
      const execution = await executionOf(journey);
      expect(execution.completed).to.have.length(2);
      expect(execution.actions).to.deep.equal([{ type: 'set_session_note', name: 'idv', value: 'verified' }]);
    });

    it('refuses a state sent off earlier once a reload sent the browser off with a new one', async () => {
      const browser = new Browser(bridge.url);
      const { journey, returnUrl: first } = await sentOff(browser);
      const again = new URL(new URL((await browser.get(journey)).headers.get('location')!).searchParams.get('io_return')!);
      expect(again.searchParams.get('state')).to.not.equal(first.searchParams.get('state'));
      expect((await browser.get(back(first, { status: 'verified' }))).status).to.equal(403);
      expect((await executionOf(journey)).status).to.equal('active');
      expect((await evidenceOf(await browser.get(back(again, { status: 'verified' }))))['outcome']).to.equal('success');
    });

    it("refuses one journey's state on another journey of the same browser", async () => {
      const browser = new Browser(bridge.url);
      const one = await sentOff(browser);
      const two = await sentOff(browser);
      const crossed = `${two.returnUrl.pathname}?state=${one.returnUrl.searchParams.get('state')}&status=verified`;
      expect((await browser.get(crossed)).status).to.equal(403);
      expect((await executionOf(two.journey)).status).to.equal('active');
    });
  });
});
