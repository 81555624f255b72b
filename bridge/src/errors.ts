/**
 * Every failure the bridge shows to a user or an operator is an IoError: a stable, machine-readable
 * `code` (shown on error pages and in audit logs) plus the HTTP status it maps to. The message is for
 * logs; the page text comes from the theme's messages, keyed by the code.
 */
export class IoError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The base class of an error family whose codes map to HTTP statuses by a table, so each family
 * declares its codes once: `class HandoffError extends codedError(handoffStatus) {}`.
 */
export function codedError<Code extends string>(statusOf: Readonly<Record<Code, number>>) {
  return class extends IoError {
    constructor(
      override readonly code: Code,
      message: string,
      options?: { cause?: unknown },
    ) {
      super(code, statusOf[code], message, options);
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
    super('store_unavailable', 503, `the session store cannot be used: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Invalid configuration; `variable` names the environment variable (or config key) at fault. */
export class ConfigError extends IoError {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super('config_invalid', 500, `${variable}: ${message}`);
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

const handoffStatus: Record<HandoffErrorCode, number> = {
  handoff_missing: 400,
  handoff_malformed: 400,
  handoff_untrusted_issuer: 401,
  handoff_invalid_signature: 401,
  handoff_invalid_claims: 401,
  handoff_expired: 401,
  handoff_replayed: 409,
  issuer_unreachable: 503,
};

/** A handoff token that was refused (protocol hop 1). */
export class HandoffError extends codedError(handoffStatus) {}

export type SessionErrorCode = 'session_expired' | 'csrf_invalid' | 'session_conflict' | 'session_browser_mismatch' | 'return_state_invalid';

const sessionStatus: Record<SessionErrorCode, number> = {
  session_expired: 410,
  csrf_invalid: 403,
  session_conflict: 409,
  /** A journey's handle without the cookie of the browser that opened it. */
  session_browser_mismatch: 403,
  /** A return from a redirect step without the single-use state issued for the waiting step. */
  return_state_invalid: 403,
};

/** The browser's flow session is missing, expired, or the request does not belong to it. */
export class SessionError extends codedError(sessionStatus) {}

export type FlowVersionErrorCode = 'flow_version_unavailable' | 'flow_digest_mismatch' | 'flow_version_invalid';

const flowVersionStatus: Record<FlowVersionErrorCode, number> = {
  /** Keycloak's runtime endpoint could not be reached or refused (403, 404, 5xx, no service account). */
  flow_version_unavailable: 503,
  /** The definition Keycloak served does not hash to the digest the handoff (or its own answer) names. */
  flow_digest_mismatch: 502,
  /** The served version is not the one asked for, is not JSON, or fails the bridge's validation. */
  flow_version_invalid: 502,
};

/** A published flow version (protocol 1.3) the bridge cannot run; nothing of it runs. */
export class FlowVersionError extends codedError(flowVersionStatus) {}

export type AdminErrorCode =
  | 'admin_token_invalid'
  | 'admin_request_malformed'
  | 'admin_request_too_large'
  | 'admin_flow_invalid'
  | 'admin_run_not_found'
  | 'admin_step_refused';

const adminStatus: Record<AdminErrorCode, number> = {
  /** Any problem with the admin call's token (signature, typ, issuer, aud, times, purpose, body hash, replay). */
  admin_token_invalid: 401,
  /** The body is not what the route takes (its `fields` say where). */
  admin_request_malformed: 400,
  admin_request_too_large: 413,
  /** Try it: the draft (or a library flow it calls) fails the bridge's validation; `issues` list why. */
  admin_flow_invalid: 400,
  /** Try it: no live test run of this id for this realm and admin (expired, or someone else's). */
  admin_run_not_found: 404,
  /** Try it: the step refused the request (a step that is over, an unknown handler, a run that ended, a concurrent step). */
  admin_step_refused: 409,
};

/**
 * A refused call to the bridge's admin API (POST /io/admin/...); answered as JSON
 * `{error, message, ...details}` where details (e.g. `fields`, `issues`) say what to fix.
 */
export class AdminError extends codedError(adminStatus) {
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
    super('flow_not_found', 404, `no flow matches "${flowRef}"`);
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
    super('flow_invalid', 500, `invalid flow:\n  - ${issues.map(describeIssue).join('\n  - ')}`);
  }
}

export function describeIssue(issue: FlowIssue): string {
  return `${issue.path}${issue.node ? ` node "${issue.node}"` : ''} ${issue.field}: ${issue.message}`;
}

/** A route that exists for another method only (e.g. GET /io/handoff: the handoff is POSTed). */
export class MethodNotAllowedError extends IoError {
  constructor(method: string, path: string) {
    super('method_not_allowed', 405, `${method} is not allowed on ${path}`);
  }
}

/** A route that does not exist. */
export class NotFoundError extends IoError {
  constructor(path: string) {
    super('not_found', 404, `no route for ${path}`);
  }
}
