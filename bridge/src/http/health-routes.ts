import { Router } from 'express';
import type { Readiness } from '../observability/readiness.js';

/**
 * `GET /healthz` (liveness: the process answers; restart it when it does not) and `GET /readyz`
 * (readiness: 200 when every check passes, 503 otherwise; send it no traffic until it is ready).
 * Both JSON, never cached. A bridge shutting down answers 503 `{"status":"stopping"}` at once.
 */
export function healthRoutes(readiness: Readiness): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const { ready, stopping, checks } = await readiness.report();
    res
      .set('Cache-Control', 'no-store')
      .status(ready ? 200 : 503)
      .json({ status: stopping ? 'stopping' : ready ? 'ready' : 'not_ready', checks });
  });
  return router;
}
