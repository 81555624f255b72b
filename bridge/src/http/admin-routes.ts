import express, { type ErrorRequestHandler, type Request, Router } from 'express';
import type { Logger } from '../audit/logger.js';
import { identifierPattern } from '../engine/flow.js';
import type { FlowValidationContext } from '../engine/validate-flow.js';
import { AdminError, IoError, malformedFields, MethodNotAllowedError, NotFoundError, type FieldProblem } from '../errors.js';
import type { AdminCall, AdminTokenVerifier } from '../handoff/admin-token.js';
import { maxFunnelDays, recentLimit, type ExecutionRecorder } from '../journey/execution-log.js';
import { parseValidationRequest, validateCandidate } from '../journey/flow-validation.js';
import type { TryRuns } from '../journey/try-runs.js';
import { isJsonObject } from '../json-object.js';
import { noStore } from './routes.js';

export interface AdminRouteDeps {
  verifyAdmin: AdminTokenVerifier;
  /** The validation the bridge applies when it loads flows (flowRuntime().validation). */
  validation: FlowValidationContext;
  /** Try it: test runs of drafts (absent: the routes answer 404). */
  tryRuns?: TryRuns;
  /** Recorded journeys and funnel counters (absent: the routes answer 404). */
  executions?: Pick<ExecutionRecorder, 'recent' | 'funnel'>;
  logger: Logger;
}

/** Bodies of admin calls are read as raw bytes (their hash is signed), up to this size. */
const maxBodyBytes = 1024 * 1024;

/** The admin calls: route -> the token `purpose` it takes (docs/handoff-protocol.md, "Admin calls"). */
export const adminPurposes = {
  '/io/admin/validate': 'validate-flow',
  '/io/admin/try': 'try-flow',
  '/io/admin/try/:runId': 'try-flow',
  '/io/admin/executions': 'read-executions',
  '/io/admin/funnel': 'read-executions',
} as const;

type AdminHandler = (call: AdminCall, body: Buffer, req: Request) => Promise<unknown>;

/**
 * Keycloak's calls to the bridge (protocol 1.3): every one a POST whose `io-admin+jwt` names the
 * route's purpose and signs the exact body; the realm is the token's verified issuer, nothing in the
 * body. Machine to machine: every answer is JSON, never a page.
 */
export function adminRoutes({ verifyAdmin, validation, tryRuns, executions, logger }: AdminRouteDeps): Router {
  const router = Router();
  router.use('/io/admin', noStore);
  const post = (path: keyof typeof adminPurposes, handle: AdminHandler) => {
    router.post(path, express.raw({ type: () => true, limit: maxBodyBytes }), async (req, res) => {
      // The token signs the exact bytes received, so they are hashed before anything parses them.
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const call = await verifyAdmin(req.get('authorization'), adminPurposes[path], body);
      res.json(await handle(call, body, req));
    });
  };

  post('/io/admin/validate', async (call, body) => {
    const answer = validateCandidate(parseValidationRequest(body), validation);
    logger.info('flow_validated', { issuer: call.issuer, admin: call.subject, valid: answer.valid, issues: answer.issues.length });
    return answer;
  });
  if (tryRuns) {
    post('/io/admin/try', async (call, body) => {
      const answer = await tryRuns.start(call, body);
      logger.info('flow_try_started', { issuer: call.issuer, admin: call.subject, run: answer.runId, status: answer.status });
      return answer;
    });
    post('/io/admin/try/:runId', async (call, body, req) => tryRuns.step(call, String(req.params['runId']), body));
  }
  if (executions) {
    post('/io/admin/executions', async (call, body) => {
      const { flow, limit } = parseExecutionsRequest(body);
      return { flow, executions: await executions.recent(call.issuer, flow, limit) };
    });
    post('/io/admin/funnel', async (call, body) => {
      const { flow, from, to } = parseFunnelRequest(body);
      return executions.funnel(call.issuer, flow, from, to);
    });
  }

  const known = Object.keys(adminPurposes).map((path) => new RegExp(`^${path.replace('/io/admin', '').replace(/:[A-Za-z]+/g, '[^/]+')}$`));
  router.use('/io/admin', (req) => {
    throw known.some((pattern) => pattern.test(req.path)) ? new MethodNotAllowedError(req.method, req.originalUrl) : new NotFoundError(req.originalUrl);
  });
  router.use('/io/admin', jsonErrors(logger));
  return router;
}

function jsonBody(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw malformedFields([{ field: '', message: 'the body is not JSON' }]);
  }
  if (!isJsonObject(parsed)) throw malformedFields([{ field: '', message: 'a JSON object' }]);
  return parsed;
}

const flowIdPattern = new RegExp(identifierPattern);

function flowField(body: Record<string, unknown>, problems: FieldProblem[]): string {
  const flow = body['flow'];
  if (typeof flow !== 'string' || !flowIdPattern.test(flow)) problems.push({ field: 'flow', message: 'a flow id' });
  return String(flow);
}

/** `{"flow": id, "limit"?: 1..200 (default 50)}`. */
export function parseExecutionsRequest(raw: Buffer): { flow: string; limit: number } {
  const body = jsonBody(raw);
  const problems: FieldProblem[] = [];
  const flow = flowField(body, problems);
  const limit = body['limit'] ?? 50;
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > recentLimit)
    problems.push({ field: 'limit', message: `an integer from 1 to ${recentLimit}` });
  if (problems.length > 0) throw malformedFields(problems);
  return { flow, limit: limit as number };
}

/** A real calendar day YYYY-MM-DD (not 2026-13-01, not 2026-02-30). */
function isDay(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const at = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(at) && new Date(at).toISOString().startsWith(value);
}

/** `{"flow": id, "from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}`, from <= to, at most 31 days. */
export function parseFunnelRequest(raw: Buffer): { flow: string; from: string; to: string } {
  const body = jsonBody(raw);
  const problems: FieldProblem[] = [];
  const flow = flowField(body, problems);
  const { from, to } = body;
  const fromOk = isDay(from);
  const toOk = isDay(to);
  if (!fromOk) problems.push({ field: 'from', message: 'a date YYYY-MM-DD' });
  if (!toOk) problems.push({ field: 'to', message: 'a date YYYY-MM-DD' });
  if (fromOk && toOk) {
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
    if (days < 1) problems.push({ field: 'to', message: 'on or after from' });
    else if (days > maxFunnelDays) problems.push({ field: 'to', message: `at most ${maxFunnelDays} days after from` });
  }
  if (problems.length > 0) throw malformedFields(problems);
  return { flow, from: from as string, to: to as string };
}

/** A refusal as `{error, message, ...details}`: the code and a short sentence; the reason goes to the log only. */
function jsonErrors(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = asIoError(error);
    if (known.status >= 500)
      logger.error('admin_request_failed', {
        path: req.path,
        code: known.code,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    else logger.warn('admin_request_refused', { path: req.originalUrl, code: known.code, reason: known.message });
    const details = known instanceof AdminError && known.code !== 'admin_token_invalid' ? known.details : {};
    res.status(known.status).json({ error: known.code, message: publicMessage[known.code] ?? 'the request was refused', ...details });
  };
}

const publicMessage: Record<string, string> = {
  admin_token_invalid: 'the admin token was refused',
  admin_request_malformed: 'the request body was refused (see fields)',
  admin_request_too_large: `the body exceeds ${maxBodyBytes} bytes`,
  admin_flow_invalid: 'the flow to try fails validation (see issues)',
  admin_run_not_found: 'no such test run (it expired, or it is not yours)',
  admin_step_refused: 'the step refused the request (see reason)',
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
  return new IoError('internal_error', 'unexpected error');
}
