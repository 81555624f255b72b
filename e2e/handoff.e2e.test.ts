/**
 * Handoffs the bridge must refuse, made from real ones that Keycloak signed: an error page with a
 * stable code, and neither a flow session nor a session cookie.
 */
import { expect } from 'chai';
import type { BrowserContext } from 'playwright-core';
import { getStack } from './support/stack.js';
import { startJourney } from './support/journey.js';

describe('handoffs the bridge refuses', function () {
  this.timeout(120_000);

  let contexts: BrowserContext[] = [];
  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
  });

  /** A real handoff URL, already used once by the journey that received it. */
  async function usedHandoffUrl(): Promise<URL> {
    const run = await startJourney();
    contexts.push(run.context);
    expect(run.handoffs).to.have.length(1);
    return new URL(run.handoffs[0]!.url());
  }

  async function expectRefused(url: URL, status: number, code: string) {
    const { browser, bridge } = getStack();
    const sessionsBefore = await bridge.store.count();
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();

    const response = await page.goto(url.href);

    expect(response!.status()).to.equal(status);
    const body = (await page.textContent('body')) ?? '';
    expect(body).to.contain(code);
    expect(body).to.not.match(/\bat .+\.(ts|js):\d+/); // never a stack trace
    expect(await bridge.store.count()).to.equal(sessionsBefore);
    expect((await context.cookies()).map((cookie) => cookie.name)).to.not.include.members(['io_session', '__Host-io_session']);
  }

  it('a handoff used a second time', async () => {
    await expectRefused(await usedHandoffUrl(), 409, 'handoff_replayed');
  });

  it('a handoff whose claims were changed after Keycloak signed it', async () => {
    const url = await usedHandoffUrl();
    const [header, payload, signature] = url.searchParams.get('token')!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    claims.flow = 'another-flow';
    claims.jti = `${claims.jti}-tampered`;
    url.searchParams.set('token', [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.'));
    await expectRefused(url, 401, 'handoff_invalid_signature');
  });

  it('no handoff at all', async () => {
    await expectRefused(new URL(`${getStack().bridge.url}/io/handoff`), 400, 'handoff_missing');
  });
});
