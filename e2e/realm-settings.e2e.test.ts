/**
 * Keycloak is the system of record for a realm's theme and processor lists: what the IO admin API
 * stores reaches the bridge in the next login's handoff (`realm_settings`, protocol 1.3) and the
 * bridge applies it, without a restart. The demo realm's theme set to example-child shows on the
 * journey's page; an authentication list of rate-limit and audit refuses the 21st request of a
 * journey (the built-in authentication set has no rate limit); DELETE puts the bridge's defaults back.
 */
import { expect } from 'chai';
import { decodeJwt } from 'jose';
import { masterAdminToken } from '../demo/install-flows.js';
import { ioApi } from './support/io-admin.js';
import { handoffToken, journeysClosedAfterEach, type JourneyRun } from './support/journey.js';
import { getStack } from './support/stack.js';

const childCss = '/io/static/example-child/example-child.css';
const hidden = (html: string, name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1];

describe('realm settings stored in Keycloak apply at the next login', function () {
  this.timeout(180_000);
  const journey = journeysClosedAfterEach();
  const adminToken = () => masterAdminToken(getStack().keycloak.url)();
  const api = async (method: string, path: string, body?: unknown) => ioApi(await adminToken(), method, path, body);
  let previousTheme: string | null = null;
  let previousList: string[] | null = null;

  const realmSettingsOf = (run: JourneyRun) => decodeJwt(handoffToken(run.handoffs[0]!))['realm_settings'];

  before(async () => {
    previousTheme = (await api('GET', '/theme')).body.theme ?? null;
    previousList = (await api('GET', '/processors/authentication')).body.processors ?? null;
    for (const path of ['/theme', '/processors/authentication']) expect((await api('DELETE', path)).status, `DELETE ${path}`).to.equal(204);
  });

  after(async () => {
    await api('DELETE', '/theme');
    await api('DELETE', '/processors/authentication');
    if (previousTheme) await api('PUT', '/theme', { theme: previousTheme });
    if (previousList) await api('PUT', '/processors/authentication', { processors: previousList });
  });

  it("renders the journey in the realm's stored theme from the next login on, and in the default again once it is deleted", async () => {
    const before = await journey();
    expect(realmSettingsOf(before), 'nothing stored: no claim').to.equal(undefined);
    expect(await before.page.content()).not.to.contain(childCss);

    expect((await api('PUT', '/theme', { theme: 'example-child' })).status).to.equal(200);
    const themed = await journey();
    expect(realmSettingsOf(themed)).to.deep.equal({ theme: 'example-child' });
    expect(await themed.page.locator(`link[href="${childCss}"]`).count(), 'the child theme stylesheet').to.equal(1);

    expect((await api('DELETE', '/theme')).status).to.equal(204);
    expect((await api('GET', '/theme')).body.theme ?? null, 'GET: no theme (Keycloak leaves nulls out)').to.equal(null);
    const after = await journey();
    expect(realmSettingsOf(after)).to.equal(undefined);
    expect(await after.page.content()).not.to.contain(childCss);
  });

  it("runs the realm's processor list for authentication flows: with rate-limit, the 21st request of a journey is refused", async () => {
    const list = ['rate-limit', 'audit'];
    expect((await api('PUT', '/processors/authentication', { processors: list, reason: 'e2e: rate limit instead of the lockout checks' })).status).to.equal(
      200,
    );
    const run = await journey();
    expect(realmSettingsOf(run)).to.deep.equal({ processors: { authentication: list } });

    const url = new URL(run.journeyPath, getStack().bridge.url).href;
    let html = await run.page.content();
    let refusedAt = 0;
    for (let request = 1; request <= 25 && refusedAt === 0; request++) {
      // An empty required field: the form answers with its error, each such request counts.
      const answer = await run.page.request.post(url, { form: { _csrf: hidden(html, '_csrf') ?? '', company: '' }, maxRedirects: 0 });
      html = await answer.text();
      const evidence = hidden(html, 'io_evidence');
      if (evidence) {
        expect(decodeJwt(evidence)).to.deep.include({ outcome: 'failure', error: 'rate_limited' });
        refusedAt = request;
      }
    }
    // At most 20 in the window (fewer only if an earlier run of this test is still in its window).
    expect(refusedAt, 'refused by the rate limit').to.be.within(1, 21);

    expect((await api('DELETE', '/processors/authentication')).status).to.equal(204);
    expect((await api('GET', '/processors')).body.authentication ?? null).to.equal(null);
    expect(realmSettingsOf(await journey()), 'deleted: the built-in sets again').to.equal(undefined);
  });
});
