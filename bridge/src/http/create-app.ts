import express, { type ErrorRequestHandler, type Express } from 'express';
import { withLogContext } from '../audit/log-context.js';
import type { Logger } from '../audit/logger.js';
import { IoError, NotFoundError } from '../errors.js';
import type { BridgeKeySet } from '../handoff/bridge-keys.js';
import type { ThemeRegistry } from '../theming/theme-registry.js';
import type { BridgeMetrics } from '../observability/metrics.js';
import type { Readiness } from '../observability/readiness.js';
import { adminRoutes, type AdminRouteDeps } from './admin-routes.js';
import { healthRoutes } from './health-routes.js';
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
  /** GET /readyz. */
  readiness: Readiness;
  /** Counts refused requests by route and code (absent: not counted). */
  metrics?: BridgeMetrics;
}

/** The bridge's HTTP surface; all behaviour lives in the injected services. */
export function createApp(deps: AppDeps): Express {
  const pages = new Pages({ themes: deps.themes, flowView: deps.flowView, publicUrl: deps.config.publicUrl });
  const app = express();
  app.disable('x-powered-by');
  // The client address (rate limits, the rate-limit processor, logs) is the peer's unless it is a
  // trusted proxy (IO_TRUSTED_PROXIES); then it is taken from X-Forwarded-For, right to left.
  app.set('trust proxy', deps.config.trustedProxies ?? false);
  // While shutting down, every response closes its connection: keep-alive clients reconnect elsewhere.
  app.use((_req, res, next) => {
    if (deps.readiness.stopping) res.set('Connection', 'close');
    next();
  });
  // Every line logged while a request runs carries its journey's correlation id once it is known.
  app.use((_req, _res, next) => withLogContext(next));
  app.use(securityHeaders(deps.config.trustedIssuers));
  app.use(healthRoutes(deps.readiness));
  app.use(publicRoutes(deps.keys, deps.themes));
  app.use(adminRoutes({ ...deps.admin, logger: deps.logger }));
  app.use(flowRoutes({ ...deps, pages }));
  app.use((req, _res, next) => next(new NotFoundError(req.path)));
  app.use(errorPage(pages, deps.logger, deps.metrics));
  return app;
}

/**
 * Known errors show their code; anything else is logged in full and shown as internal_error. A
 * refusal (bad token, CSRF, replay, expired session...) is a warning with its code, so operators
 * see it at the default level; only unknown paths stay at debug.
 */
function errorPage(pages: Pages, logger: Logger, metrics: BridgeMetrics | undefined): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = toIoError(error);
    const route = routeOf(req.path);
    const fields = { path: loggablePath(req.path), code: known.code, status: known.status, client_ip: req.ip };
    if (known.status >= 500) logger.error('request_failed', { ...fields, error: describeError(error) });
    else if (known.code === 'not_found') logger.debug('request_refused', { ...fields, reason: known.message });
    else logger.warn('request_refused', { ...fields, reason: known.message });
    metrics?.requestRefused(route, known.code, known.status);
    if (route === 'handoff') metrics?.handoffFailed(known.code);
    if (res.headersSent) return res.end();
    res.set('Cache-Control', 'no-store');
    // Not available now (Redis, the sign-in server): the page says to try again; clients may wait this long.
    if (known.status === 503) res.set('Retry-After', String(retryAfterSeconds));
    try {
      pages.error(req, res, known);
    } catch (renderError) {
      logger.error('error_page_failed', { error: describeError(renderError) });
      res.status(known.status).type('text').send(`Error: ${known.code}`);
    }
  };
}

const retryAfterSeconds = 5;

function toIoError(error: unknown): IoError {
  if (error instanceof IoError) return error;
  // body-parser errors (payload too large, bad encoding) carry a 4xx status
  const status = (error as { status?: unknown } | undefined)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) return new IoError('bad_request', String(error), { status });
  return new IoError('internal_error', 'unexpected error');
}

/** A journey's handle is half of what opens it: logs name the route, never the handle. */
function loggablePath(path: string): string {
  return path.replace(/^\/io\/j\/[^/]+/, '/io/j/:handle');
}

/** A bounded label for metrics: which of the bridge's routes a request was for. */
function routeOf(path: string): string {
  if (path === '/io/handoff') return 'handoff';
  const journey = /^\/io\/j\/[^/]+\/(step|return)$/.exec(path);
  if (journey) return journey[1]!;
  if (path.startsWith('/io/admin/')) return 'admin';
  if (path.startsWith('/io/static/')) return 'static';
  return 'other';
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
