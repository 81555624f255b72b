/**
 * Logins through `demo-app-plain`, the demo client with IO off: its logins run no IO flow of their
 * own, so only the realm's obligations (the IO journey required action) reach the bridge.
 */
import { expect } from 'chai';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { createRelyingParty, type PendingLogin, type RelyingParty } from '../../demo/relying-party.js';
import { getStack } from './stack.js';
import { TEST_USER } from './journey.js';

export const PLAIN_CLIENT = 'demo-app-plain';

export interface PlainLogin {
  context: BrowserContext;
  page: Page;
  pending: PendingLogin;
  /** Every request the browser made to the bridge. */
  bridgeRequests: string[];
  /** Every handoff the browser posted to the bridge. */
  handoffs: Request[];
  /** Every evidence token the browser posted back into Keycloak. */
  evidence: string[];
}

let plainParty: RelyingParty | undefined;

export async function plainRelyingParty(): Promise<RelyingParty> {
  const { keycloak, callback } = getStack();
  plainParty ??= await createRelyingParty({ issuer: keycloak.issuer, clientId: PLAIN_CLIENT, redirectUri: callback.redirectUri });
  return plainParty;
}

/**
 * Signs in to the plain client in `context` (a new one when none is given; the caller closes it);
 * resolves once the browser is on the bridge or back at the client.
 */
export async function signInPlain(credentials = TEST_USER, context?: BrowserContext): Promise<PlainLogin> {
  const { browser, bridge, callback } = getStack();
  const ownContext = context ?? (await browser.newContext());
  const page = await ownContext.newPage();
  const login: PlainLogin = {
    context: ownContext,
    page,
    pending: await (await plainRelyingParty()).beginLogin(),
    bridgeRequests: [],
    handoffs: [],
    evidence: [],
  };
  page.on('request', (request) => {
    if (request.url().startsWith(bridge.url)) login.bridgeRequests.push(request.url());
    if (request.url().startsWith(`${bridge.url}/io/handoff`)) login.handoffs.push(request);
    const body = request.method() === 'POST' ? (request.postData() ?? '') : '';
    const evidence = new URLSearchParams(body).get('io_evidence');
    if (evidence) login.evidence.push(evidence);
  });
  await page.goto(login.pending.url.href);
  await page.fill('#username', credentials.username);
  await page.fill('#password', credentials.password);
  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(`${bridge.url}/io/j/`) || url.href.startsWith(callback.redirectUri)),
    page.click('#kc-login'),
  ]);
  return login;
}

/** Clicks `selector` on a bridge screen; resolves once the browser left the bridge, or is on its next screen. */
export async function submitStep(page: Page, selector: string, leaves: boolean): Promise<void> {
  const { bridge } = getStack();
  await Promise.all([
    leaves ? page.waitForURL((url) => !url.href.startsWith(bridge.url), { waitUntil: 'load' }) : page.waitForNavigation(),
    page.click(selector),
  ]);
}

/** The login ended at the client with a code for its own state. */
export function expectCode(login: PlainLogin): URL {
  const { callback } = getStack();
  const url = new URL(login.page.url());
  expect(url.href.startsWith(callback.redirectUri), `ended on ${url.href}`).to.equal(true);
  expect(url.searchParams.get('state')).to.equal(login.pending.state);
  expect(url.searchParams.get('code')).to.be.a('string');
  return url;
}
