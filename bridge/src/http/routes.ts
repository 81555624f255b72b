import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import type { BridgeConfig } from '../config/bridge-config.js';
import { EngineError } from '../engine/engine-errors.js';
import type { BridgeKeySet } from '../handoff/bridge-keys.js';
import type { FlowSession } from '../journey/flow-session.js';
import type { JourneyService, SubmitResult } from '../journey/journey-service.js';
import { stringFields } from './form-input.js';
import type { ThemeRegistry } from '../screens/theme-registry.js';
import type { Pages, StepPageOptions } from './pages.js';
import { readSessionCookie, setSessionCookie } from './session-cookie.js';

export interface RouteDeps {
  config: BridgeConfig;
  journeys: JourneyService;
  pages: Pages;
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
 * The step refused the input: a rejected attempt, or a screen shown again with errors (`hasErrors`,
 * the screens' convention: invalid input is not a failed attempt, so nodes do not mark it rejected).
 */
function refused({ outcome, session }: SubmitResult): boolean {
  return outcome === 'rejected' || (outcome === 'advanced' && session.execution.current?.screen.model['hasErrors'] === true);
}

export function flowRoutes({ config, journeys, pages }: RouteDeps): Router {
  const router = Router();
  router.use(noStore);

  // Hop 1: the browser arrives from Keycloak with the handoff token (query, or form field on POST).
  const handoff = async (req: Request, res: Response) => {
    const token = stringFields(req.body)['token'] ?? stringFields(req.query)['token'];
    const { sessionId, session } = await journeys.begin(token, { clientIp: req.ip ?? req.socket.remoteAddress, userAgent: req.get('user-agent') });
    setSessionCookie(res, config.publicUrl, sessionId, journeys.cookieSeconds(session));
    res.redirect(303, '/io/step');
  };
  router.get('/io/handoff', handoff);
  router.post('/io/handoff', formBody, handoff);

  /** The session's page: the evidence once it has ended, else the waiting step (or where it redirects). */
  const show = (req: Request, res: Response, session: FlowSession, options: StepPageOptions = {}) => {
    if (session.evidence) return pages.complete(req, res, session);
    const redirectTo = session.execution.current?.screen.redirectTo;
    if (redirectTo) return res.redirect(303, redirectTo);
    pages.step(req, res, session, options);
  };

  /** Shows the outcome of a request to a step; a stale one shows the live screen with a notice. */
  const answer = async (req: Request, res: Response, request: (sessionId: string | undefined) => Promise<SubmitResult>) => {
    const sessionId = readSessionCookie(req, config.publicUrl);
    try {
      const result = await request(sessionId);
      if (result.renewed) setSessionCookie(res, config.publicUrl, result.sessionId, journeys.cookieSeconds(result.session));
      show(req, res, result.session, { status: refused(result) ? 422 : 200 });
    } catch (error) {
      if (!(error instanceof EngineError) || !staleStepCodes.has(error.code)) throw error;
      const { data: session } = await journeys.load(sessionId);
      show(req, res, session, { status: error.status, notice: `notice.${error.code}` });
    }
  };

  router.get('/io/step', async (req, res) => {
    const { data: session } = await journeys.load(readSessionCookie(req, config.publicUrl));
    show(req, res, session);
  });

  router.post('/io/step', formBody, async (req, res) => {
    const { _csrf: csrfToken = '', _step: stepId, _handler: handler, ...values } = stringFields(req.body);
    await answer(req, res, (sessionId) => journeys.submit(sessionId, csrfToken, { stepId, handler, values }));
  });

  // The browser comes back from a wait/redirect step; the node's `return` handler checks the values.
  router.get('/io/return', async (req, res) => {
    const { step: stepId = '', ...values } = stringFields(req.query);
    await answer(req, res, (sessionId) => journeys.resume(sessionId, stepId, values));
  });

  return router;
}

export function publicRoutes(keys: BridgeKeySet, themes: ThemeRegistry): Router {
  const router = Router();
  router.get('/.well-known/jwks.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(keys.publicJwks);
  });
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
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
