import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import type { BridgeConfig } from '../config/bridge-config.js';
import type { FlowCatalog } from '../engine/flow-catalog.js';
import type { FlowEngine } from '../engine/flow-engine.js';
import type { Feedback } from '../engine/node-type.js';
import type { BridgeKeySet } from '../handoff/bridge-keys.js';
import type { FlowSession } from '../journey/flow-session.js';
import type { JourneyService } from '../journey/journey-service.js';
import { stringFields } from './form-input.js';
import type { Pages } from './pages.js';
import { readSessionCookie, setSessionCookie } from './session-cookie.js';

export interface RouteDeps {
  config: BridgeConfig;
  journeys: JourneyService;
  catalog: FlowCatalog;
  engine: FlowEngine;
  pages: Pages;
}

/** Flow pages carry per-session data and must never be cached or replayed from history. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

const formBody = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 });

export function flowRoutes({ config, journeys, catalog, engine, pages }: RouteDeps): Router {
  const router = Router();
  router.use(noStore);

  // Hop 1: the browser arrives from Keycloak with the handoff token (query, or form field on POST).
  const handoff = async (req: Request, res: Response) => {
    const token = stringFields(req.body)['token'] ?? stringFields(req.query)['token'];
    const sessionId = await journeys.begin(token);
    setSessionCookie(res, config.publicUrl, sessionId, config.sessionTtlSeconds);
    res.redirect(303, '/io/step');
  };
  router.get('/io/handoff', handoff);
  router.post('/io/handoff', formBody, handoff);

  const show = (res: Response, session: FlowSession, feedback?: Feedback) => {
    if (session.evidence) return pages.complete(res, session);
    const flow = catalog.get(session.flowRef);
    const screen = engine.screen(flow, session.state, feedback);
    if (!screen) throw new Error(`session at node ${session.state.currentNode} has neither a screen nor evidence`);
    pages.step(res, session, screen, feedback);
  };

  router.get('/io/step', async (req, res) => {
    const { data: session } = await journeys.load(readSessionCookie(req, config.publicUrl));
    show(res, session);
  });

  router.post('/io/step', formBody, async (req, res) => {
    const { _csrf: csrfToken = '', ...input } = stringFields(req.body);
    const { session, feedback } = await journeys.submit(readSessionCookie(req, config.publicUrl), csrfToken, input);
    show(res, session, feedback);
  });

  return router;
}

export function publicRoutes(keys: BridgeKeySet, staticDirs: readonly string[]): Router {
  const router = Router();
  router.get('/.well-known/jwks.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(keys.publicJwks);
  });
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Child theme first, so a theme overrides single files of its parent.
  for (const dir of staticDirs) {
    router.use('/io/static', express.static(dir, { index: false, dotfiles: 'ignore', maxAge: '1h', fallthrough: true }));
  }
  return router;
}
