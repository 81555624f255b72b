import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import type { BridgeConfig } from '../config/bridge-config.js';
import { EngineError } from '../engine/engine-errors.js';
import type { BridgeKeySet } from '../handoff/bridge-keys.js';
import type { FlowSession } from '../journey/flow-session.js';
import { MethodNotAllowedError } from '../errors.js';
import type { JourneyKey, JourneyService, SubmitResult } from '../journey/journey-service.js';
import { stringFields } from './form-input.js';
import type { ThemeRegistry } from '../theming/theme-registry.js';
import type { Pages, StepPageOptions } from './pages.js';
import { browserSecretOf, readBrowserSecret, setBrowserCookie } from './browser-cookie.js';
import type { CounterStore } from '../engine/services.js';
import { requestLimit, type LimitedRoute } from './request-limits.js';

export interface RouteDeps {
  config: BridgeConfig;
  journeys: JourneyService;
  pages: Pages;
  /** The request rate limits' counters (shared by the instances through Redis). */
  counters: CounterStore;
}

/** Flow pages carry per-session data and must never be cached or replayed from history. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

const formBody = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 });

/** Refusals of a stale request (a second tab, the back button, a double click): the live screen is shown again. */
const staleStepCodes = new Set(['step_already_completed', 'step_unknown']);

/**
 * The step refused the input: a rejected attempt, a challenged request, or a screen shown again
 * with errors (`hasErrors`, the screens' convention: invalid input is not a failed attempt, so nodes
 * do not mark it rejected).
 */
function refused({ outcome, session }: SubmitResult): boolean {
  return outcome === 'rejected' || outcome === 'challenged' || (outcome === 'advanced' && session.execution.current?.screen.model['hasErrors'] === true);
}

/** A journey's pages live under its handle: one journey per tab, none reachable from another's URL. */
export const journeyPath = (handle: string, page: 'step' | 'return'): string => `/io/j/${encodeURIComponent(handle)}/${page}`;

export function flowRoutes({ config, journeys, pages, counters }: RouteDeps): Router {
  const router = Router();
  router.use(noStore);
  const limit = (route: LimitedRoute) =>
    requestLimit(counters, route, {
      max: route === 'handoff' ? config.rateLimitHandoff : config.rateLimitFormPosts,
      windowSeconds: config.rateLimitWindowSeconds,
    });

  // Every method: a flood of GETs costs as much as one of POSTs until it is refused.
  router.all('/io/handoff', limit('handoff'));

  // Hop 1: Keycloak's auto-submitting form POSTs the handoff token; it never travels in a URL.
  router.get('/io/handoff', (req) => {
    throw new MethodNotAllowedError(req.method, req.path);
  });
  router.post('/io/handoff', formBody, async (req, res) => {
    const token = stringFields(req.body)['token'];
    const browser = browserSecretOf(req, config.publicUrl);
    const { handle } = await journeys.begin(token, browser.secret, { clientIp: req.ip, userAgent: req.get('user-agent') });
    if (browser.fresh) setBrowserCookie(res, config.publicUrl, browser.secret);
    res.redirect(303, journeyPath(handle, 'step'));
  });

  const keyOf = (req: Request): JourneyKey => {
    const handle = req.params['handle'];
    return { handle: typeof handle === 'string' ? handle : undefined, browserSecret: readBrowserSecret(req, config.publicUrl) };
  };

  /**
   * The session's page: the evidence once it has ended, else the waiting step. A redirect step sends
   * the browser off with the URL to come back to, carrying a fresh single-use state.
   */
  const show = async (req: Request, res: Response, key: JourneyKey, session: FlowSession, options: StepPageOptions = {}) => {
    if (session.evidence) return pages.complete(req, res, session);
    const redirectTo = session.execution.current?.screen.redirectTo;
    if (redirectTo) {
      const state = await journeys.returnState(key);
      return res.redirect(303, withReturnUrl(redirectTo, `${config.publicUrl}${journeyPath(key.handle!, 'return')}?state=${state}`));
    }
    await pages.step(req, res, session, { ...options, action: journeyPath(key.handle!, 'step') });
  };

  /** Shows the outcome of a request to a step; a stale one shows the live screen with a notice. */
  const answer = async (req: Request, res: Response, request: (key: JourneyKey) => Promise<SubmitResult>) => {
    const key = keyOf(req);
    try {
      const result = await request(key);
      // A renewed journey lives under its new handle only: the browser follows it there.
      if (result.renewed) return res.redirect(303, journeyPath(result.handle, 'step'));
      await show(req, res, key, result.session, { status: refused(result) ? 422 : 200 });
    } catch (error) {
      if (!(error instanceof EngineError) || !staleStepCodes.has(error.code)) throw error;
      const { data: session } = await journeys.load(key);
      await show(req, res, key, session, { status: error.status, notice: `notice.${error.code}` });
    }
  };

  router.get('/io/j/:handle/step', async (req, res) => {
    const key = keyOf(req);
    const { data: session } = await journeys.load(key);
    await show(req, res, key, session);
  });

  router.post('/io/j/:handle/step', limit('form'), formBody, async (req, res) => {
    const { _csrf: csrfToken = '', _step: stepId, _handler: handler, ...values } = stringFields(req.body);
    await answer(req, res, (key) => journeys.submit(key, csrfToken, { stepId, handler, values }));
  });

  // The browser comes back from a redirect step with the state it was sent off with; the node's
  // `return` handler checks the values.
  router.get('/io/j/:handle/return', async (req, res) => {
    const { state = '', ...values } = stringFields(req.query);
    await answer(req, res, (key) => journeys.resume(key, state, values));
  });

  return router;
}

/** The parameter of a redirect step's URL that tells the other site where to send the browser back. */
export const returnUrlParameter = 'io_return';

function withReturnUrl(redirectTo: string, returnUrl: string): string {
  const url = new URL(redirectTo);
  url.searchParams.set(returnUrlParameter, returnUrl);
  return url.href;
}

export function publicRoutes(keys: BridgeKeySet, themes: ThemeRegistry): Router {
  const router = Router();
  router.get('/.well-known/jwks.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(keys.publicJwks);
  });
  // `/io/static/<theme>/<path>`, resolved child theme first, so a theme overrides single files of
  // its parents; `/io/static/<path>` serves the default theme's files.
  router.use('/io/static', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let segments: string[];
    try {
      segments = decodeURIComponent(req.path).split('/').filter(Boolean);
    } catch {
      return next();
    }
    const named = segments.length > 1 && themes.has(segments[0]!);
    const theme = named ? themes.get(segments[0]!) : themes.default;
    const file = theme.resolveStatic((named ? segments.slice(1) : segments).join('/'));
    if (!file) return next();
    res.sendFile(file, { maxAge: themes.hotReload ? 0 : '1h', dotfiles: 'deny' }, (error) => {
      if (error && !res.headersSent) next(error);
    });
  });
  return router;
}
