import { type ErrorCode, errorCatalogue } from './error-catalogue.js';

export type { ErrorCode } from './error-catalogue.js';

/**
 * Every failure the bridge shows to a user or an operator is an IoError: a stable, machine-readable
 * `code` of the catalogue (error-catalogue.ts: shown on error pages and in audit logs) and the HTTP
 * status the catalogue gives it. The message is for logs; the page text comes from the theme's
 * messages, keyed by the code. `status` overrides the catalogue's only for `bad_request`, which
 * passes on the 4xx of a malformed request.
 */
export class IoError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.status = options?.status ?? errorCatalogue[code].status;
  }
}

/**
 * The base class of an error family: the codes it may carry, all of the catalogue,
 * `class HandoffError extends codedError<HandoffErrorCode>() {}`.
 */
export function codedError<Code extends ErrorCode>() {
  return class extends IoError {
    constructor(
      override readonly code: Code,
      message: string,
      options?: { cause?: unknown },
    ) {
      super(code, message, options);
    }
  };
}

/**
 * The shared store (Redis) cannot be used right now: down, failing over, a Cluster without its
 * quorum. The request stops where it is (the engine does not fail the step: the session keeps its
 * last saved state) and the user is asked to try again: 503 with a retry page.
 */
export class StoreUnavailableError extends IoError {
  constructor(cause: unknown) {
    super('store_unavailable', `the session store cannot be used: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Invalid configuration; `variable` names the environment variable (or config key) at fault. */
export class ConfigError extends IoError {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super('config_invalid', `${variable}: ${message}`);
  }
}

export type HandoffErrorCode =
  | 'handoff_missing'
  | 'handoff_malformed'
  | 'handoff_untrusted_issuer'
  | 'handoff_invalid_signature'
  | 'handoff_invalid_claims'
  | 'handoff_expired'
  | 'handoff_replayed'
  | 'issuer_unreachable';

/** A handoff token that was refused (protocol hop 1). */
export class HandoffError extends codedError<HandoffErrorCode>() {}

export type SessionErrorCode = 'session_expired' | 'csrf_invalid' | 'session_conflict' | 'session_browser_mismatch' | 'return_state_invalid';

/** The browser's flow session is missing, expired, or the request does not belong to it. */
export class SessionError extends codedError<SessionErrorCode>() {}

export type FlowVersionErrorCode = 'flow_version_unavailable' | 'flow_digest_mismatch' | 'flow_version_invalid';

/** A published flow version (protocol 1.3) the bridge cannot run; nothing of it runs. */
export class FlowVersionError extends codedError<FlowVersionErrorCode>() {}

export type AdminErrorCode =
  | 'admin_token_invalid'
  | 'admin_request_malformed'
  | 'admin_request_too_large'
  | 'admin_flow_invalid'
  | 'admin_run_not_found'
  | 'admin_step_refused';

/**
 * A refused call to the bridge's admin API (POST /io/admin/...); answered as JSON
 * `{error, message, ...details}` where details (e.g. `fields`, `issues`) say what to fix.
 */
export class AdminError extends codedError<AdminErrorCode>() {
  details: Record<string, unknown> = {};

  with(details: Record<string, unknown>): this {
    this.details = { ...this.details, ...details };
    return this;
  }
}

/** A body field an admin call refused: `field` is a JSON-pointer-like path into the body. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** 400 admin_request_malformed naming every field at fault. */
export function malformedFields(fields: readonly FieldProblem[]): AdminError {
  return new AdminError('admin_request_malformed', fields.map((f) => `${f.field}: ${f.message}`).join('; ')).with({ fields });
}

/** A flow id that no loaded flow answers to. */
export class FlowNotFoundError extends IoError {
  constructor(readonly flowRef: string) {
    super('flow_not_found', `no flow matches "${flowRef}"`);
  }
}

/** One problem found in a flow definition, naming where it is. */
export interface FlowIssue {
  /** The file or flow reference (`id@version`). */
  path: string;
  node?: string;
  /** JSON-pointer-like location inside the flow or the node, e.g. `config/outcome`, `links/2/to`. */
  field: string;
  message: string;
}

/** A flow definition that fails the schema or the graph checks; each issue names its node and field. */
export class FlowValidationError extends IoError {
  constructor(readonly issues: readonly FlowIssue[]) {
    super('flow_invalid', `invalid flow:\n  - ${issues.map(describeIssue).join('\n  - ')}`);
  }
}

export function describeIssue(issue: FlowIssue): string {
  return `${issue.path}${issue.node ? ` node "${issue.node}"` : ''} ${issue.field}: ${issue.message}`;
}

/** A route that exists for another method only (e.g. GET /io/handoff: the handoff is POSTed). */
export class MethodNotAllowedError extends IoError {
  constructor(method: string, path: string) {
    super('method_not_allowed', `${method} is not allowed on ${path}`);
  }
}

/** A route that does not exist. */
export class NotFoundError extends IoError {
  constructor(path: string) {
    super('not_found', `no route for ${path}`);
  }
}
