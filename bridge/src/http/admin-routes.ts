import express, { type ErrorRequestHandler, Router } from 'express';
import type { Logger } from '../audit/logger.js';
import type { FlowValidationContext } from '../engine/validate-flow.js';
import { AdminError, IoError, MethodNotAllowedError, NotFoundError } from '../errors.js';
import type { AdminTokenVerifier } from '../handoff/admin-token.js';
import { parseValidationRequest, validateCandidate } from '../journey/flow-validation.js';
import { noStore } from './routes.js';

export interface AdminRouteDeps {
  verifyAdmin: AdminTokenVerifier;
  /** The validation the bridge applies when it loads flows (flowRuntime().validation). */
  validation: FlowValidationContext;
  logger: Logger;
}

/** Bodies of admin calls are read as raw bytes (their hash is signed), up to this size. */
const maxBodyBytes = 1024 * 1024;

/**
 * Keycloak's calls to the bridge (protocol 1.3): `POST /io/admin/validate`. Machine to machine:
 * every answer is JSON, never a page.
 */
export function adminRoutes({ verifyAdmin, validation, logger }: AdminRouteDeps): Router {
  const router = Router();
  router.use('/io/admin', noStore);
  router.post('/io/admin/validate', express.raw({ type: () => true, limit: maxBodyBytes }), async (req, res) => {
    // The token signs the exact bytes received, so they are hashed before anything parses them.
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const call = await verifyAdmin(req.get('authorization'), 'validate-flow', body);
    const answer = validateCandidate(parseValidationRequest(body), validation);
    logger.info('flow_validated', { issuer: call.issuer, admin: call.subject, valid: answer.valid, issues: answer.issues.length });
    res.json(answer);
  });
  router.use('/io/admin', (req) => {
    throw req.path === '/validate' ? new MethodNotAllowedError(req.method, req.originalUrl) : new NotFoundError(req.originalUrl);
  });
  router.use('/io/admin', jsonErrors(logger));
  return router;
}

/** A refusal as `{error, message}`: the code and a short sentence; the reason goes to the log only. */
function jsonErrors(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = asIoError(error);
    if (known.status >= 500) logger.error('admin_request_failed', { path: req.path, code: known.code, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    else logger.warn('admin_request_refused', { path: req.originalUrl, code: known.code, reason: known.message });
    res.status(known.status).json({ error: known.code, message: publicMessage[known.code] ?? 'the request was refused' });
  };
}

const publicMessage: Record<string, string> = {
  admin_token_invalid: 'the admin token was refused',
  admin_request_malformed: 'the body must be {"flow": <definition>, "library": [<definitions>]}',
  admin_request_too_large: `the body exceeds ${maxBodyBytes} bytes`,
  method_not_allowed: 'use POST',
  not_found: 'no such admin endpoint',
  internal_error: 'unexpected error',
};

function asIoError(error: unknown): IoError {
  if (error instanceof IoError) return error;
  // body-parser: a body over the limit, or one it cannot read
  const { status, type } = (error ?? {}) as { status?: unknown; type?: unknown };
  if (type === 'entity.too.large') return new AdminError('admin_request_too_large', String(error));
  if (typeof status === 'number' && status >= 400 && status < 500) return new AdminError('admin_request_malformed', String(error));
  return new IoError('internal_error', 500, 'unexpected error');
}
