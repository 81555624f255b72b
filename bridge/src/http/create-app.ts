import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Logger } from '../audit/logger.js';
import { IoError, NotFoundError } from '../errors.js';
import type { BridgeKeySet } from '../handoff/bridge-keys.js';
import type { ThemeRegistry } from '../screens/theme-registry.js';
import { adminRoutes, type AdminRouteDeps } from './admin-routes.js';
import { Pages, type PagesDeps } from './pages.js';
import { flowRoutes, publicRoutes, type RouteDeps } from './routes.js';
import { securityHeaders } from './security-headers.js';

export interface AppDeps extends Omit<RouteDeps, 'pages'> {
  themes: ThemeRegistry;
  /** What a session's flows say about its pages (theme, default locale, published messages). */
  flowView?: PagesDeps['flowView'];
  keys: BridgeKeySet;
  logger: Logger;
  /** Keycloak's admin calls (POST /io/admin/validate, /try, /executions, /funnel). */
  admin: Omit<AdminRouteDeps, 'logger'>;
}

/** The bridge's HTTP surface; all behaviour lives in the injected services. */
export function createApp(deps: AppDeps): Express {
  const pages = new Pages({ themes: deps.themes, flowView: deps.flowView, publicUrl: deps.config.publicUrl });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(securityHeaders(deps.config.trustedIssuers));
  app.use(publicRoutes(deps.keys, deps.themes));
  app.use(adminRoutes({ ...deps.admin, logger: deps.logger }));
  app.use(flowRoutes({ ...deps, pages }));
  app.use((req, _res, next) => next(new NotFoundError(req.path)));
  app.use(errorPage(pages, deps.logger));
  return app;
}

/** Known errors show their code; anything else is logged in full and shown as internal_error. */
function errorPage(pages: Pages, logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = toIoError(error);
    if (known.status >= 500) logger.error('request_failed', { path: req.path, code: known.code, error: describeError(error) });
    else logger.debug('request_refused', { path: req.path, code: known.code, reason: known.message });
    if (res.headersSent) return res.end();
    res.set('Cache-Control', 'no-store');
    try {
      pages.error(req, res, known);
    } catch (renderError) {
      logger.error('error_page_failed', { error: describeError(renderError) });
      res.status(known.status).type('text').send(`Error: ${known.code}`);
    }
  };
}

function toIoError(error: unknown): IoError {
  if (error instanceof IoError) return error;
  // body-parser errors (payload too large, bad encoding) carry a 4xx status
  const status = (error as { status?: unknown } | undefined)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) return new IoError('bad_request', status, String(error));
  return new IoError('internal_error', 500, 'unexpected error');
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
