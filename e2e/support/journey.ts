/** Drives one login through Keycloak's form, the bridge's screen and back, as a person would. */
import { expect } from 'chai';
import { decodeJwt, type JWTPayload } from 'jose';
import type { BrowserContext, Page, Request, Response } from 'playwright-core';
import { createRelyingParty, type PendingLogin, type RelyingParty } from '../../demo/relying-party.js';
import { getStack } from './stack.js';

export const TEST_USER = { username: 'alice', password: 'alice-password' };

export interface JourneyRun {
  context: BrowserContext;
  page: Page;
  pending: PendingLogin;
  /** Every credential submission to Keycloak's login form (a second one would mean a second login). */
  credentialPosts: Request[];
  /** Every evidence POST the browser made back into Keycloak. */
  evidencePosts: Request[];
  /** Every handoff the browser posted to the bridge (read the token with `handoffToken`). */
  handoffs: Request[];
  /** The journey's step page on the bridge, `/io/j/<handle>/step` (its handle names the bridge's session). */
  journeyPath: string;
}

/** The bridge's session handle in a journey path `/io/j/<handle>/...`. */
export const handleOf = (journeyPath: string): string => journeyPath.split('/')[3] ?? '';

/** POSTs a handoff to the bridge from the page, as Keycloak's self-submitting form does; the response of the page it lands on. */
export async function postHandoff(page: Page, bridgeUrl: string, token: string): Promise<Response | null> {
  await page.setContent(`<form method="post" action="${bridgeUrl}/io/handoff"><input type="hidden" name="token" value="${token}"></form>`);
  const [response] = await Promise.all([page.waitForNavigation(), page.evaluate(() => document.forms[0]!.submit())]);
  return response;
}

let relyingParty: RelyingParty | undefined;

export async function getRelyingParty(): Promise<RelyingParty> {
  const { keycloak, callback } = getStack();
  relyingParty ??= await createRelyingParty({ issuer: keycloak.issuer, clientId: 'demo-app', redirectUri: callback.redirectUri });
  return relyingParty;
}

/**
 * The handoff token of a request to the bridge's `/io/handoff`: since protocol 1.2 Keycloak's page
 * POSTs it in the form field `token`, never in the URL.
 */
export function handoffToken(request: Request): string {
  expect(request.method(), 'the handoff is POSTed').to.equal('POST');
  expect(new URL(request.url()).search, 'nothing in the handoff URL').to.equal('');
  const token = new URLSearchParams(request.postData() ?? '').get('token');
  expect(token, 'the handoff form carries the token').to.be.a('string');
  return token!;
}

/** Signs in through Keycloak (the demo realm's demo-app unless another relying party is given) and stops on the bridge's first screen. */
export async function startJourney(relyingParty?: RelyingParty): Promise<JourneyRun> {
  const { browser, bridge } = getStack();
  const pending = await (relyingParty ?? (await getRelyingParty())).beginLogin();
  const context = await browser.newContext();
  const page = await context.newPage();
  const credentialPosts: Request[] = [];
  const evidencePosts: Request[] = [];
  const handoffs: Request[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(`${bridge.url}/io/handoff`)) handoffs.push(request);
    const body = request.method() === 'POST' ? (request.postData() ?? '') : '';
    if (/(^|&)username=/.test(body)) credentialPosts.push(request);
    if (/(^|&)io_evidence=/.test(body)) evidencePosts.push(request);
  });

  await page.goto(pending.url.href);
  await page.fill('#username', TEST_USER.username);
  await page.fill('#password', TEST_USER.password);
  try {
    await Promise.all([page.waitForURL((url) => url.href.startsWith(`${bridge.url}/io/j/`)), page.click('#kc-login')]);
  } catch (error) {
    // Say what the page said (an error page of Keycloak or the bridge), not only that it timed out.
    throw new Error(
      `the login did not reach a journey screen; ${page.url()} shows: ${(
        await page
          .locator('body')
          .innerText()
          .catch(() => '')
      ).slice(0, 500)}`,
      { cause: error },
    );
  }
  return { context, page, pending, credentialPosts, evidencePosts, handoffs, journeyPath: new URL(page.url()).pathname };
}

/** Fills the demo journey's form and submits it; resolves once the browser left the bridge. */
export async function submitProfile(run: JourneyRun, company: string): Promise<void> {
  const { bridge } = getStack();
  await run.page.fill('input[name="company"]', company);
  await Promise.all([run.page.waitForURL((url) => !url.href.startsWith(bridge.url), { waitUntil: 'load' }), run.page.click('button[type="submit"]')]);
}

/**
 * For a describe block: a `journey()` that starts a journey in a fresh browser context, closed
 * again after each test.
 */
export function journeysClosedAfterEach(): () => Promise<JourneyRun> {
  let runs: JourneyRun[] = [];
  afterEach(async () => {
    await Promise.all(runs.map((run) => run.context.close()));
    runs = [];
  });
  return async () => {
    const run = await startJourney();
    runs.push(run);
    return run;
  };
}

/**
 * Signs `username` in to demo-app over plain HTTP (no browser) and returns the claims of the handoff
 * Keycloak answers with: the version choice is Keycloak's, made before any browser reaches the bridge.
 * `node` (a cluster node's own address) takes both requests there instead of to the stack's Keycloak.
 */
export async function handoffOverHttp(username: string, password: string, node?: string): Promise<JWTPayload> {
  const { keycloak } = getStack();
  const toNode = (url: string) => (node && url.startsWith(keycloak.url) ? node + url.slice(keycloak.url.length) : url);
  const pending = await (await getRelyingParty()).beginLogin();
  const jar = new Map<string, string>();
  const remember = (response: globalThis.Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  const cookies = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const loginPage = await fetch(toNode(pending.url.href), { redirect: 'manual' });
  remember(loginPage);
  const action = /id="kc-form-login"[^>]*action="([^"]+)"/.exec(await loginPage.text())?.[1]?.replaceAll('&amp;', '&');
  expect(action, 'the login form').to.be.a('string');
  const answer = await fetch(toNode(action!), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookies(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, credentialId: '' }),
  });
  const token = /name="token" value="([^"]+)"/.exec(await answer.text())?.[1];
  expect(token, `the handoff page for ${username} (HTTP ${answer.status})`).to.be.a('string');
  return decodeJwt(token!);
}
