/**
 * The bridge's one catalogue of error codes: every code it answers, fails a journey or leaves a
 * node's failure port with. Each code is stable (it is in logs, metrics, audit lines, Keycloak's
 * events and the evidence) and says where a person meets it, which decides its message:
 *
 * - `page`: the bridge's own error page, whose sentence is the theme's `error.<code>`;
 * - `journey`: the journey ends with it; Keycloak shows its page with the code (`ioJourneyFailed`),
 *   and the theme's `error.<code>` explains it where the bridge shows it (the Try it panel);
 * - `port`: a node leaves its `failure` port with it; the flow decides what the person sees;
 * - `admin`: the admin API's JSON answer (the console shows the API's message);
 * - `startup`: the bridge does not start; the log names the setting.
 *
 * The evidence codes (`evidence_*`) are the contract's (contract/evidence-actions.json), shared with
 * the provider's catalogue, not restated here.
 *
 * `status` is the HTTP status of an answer with the code. bridge/test/error-catalogue.test.ts walks
 * every code: a message for each `page` and `journey` code, no message without a code, each code
 * in docs/operators.md.
 */
export type Shown = 'page' | 'journey' | 'port' | 'admin' | 'startup';

export interface ErrorEntry {
  readonly status: number;
  readonly shown: Shown;
}

const entry = (status: number, shown: Shown): ErrorEntry => ({ status, shown });

export const errorCatalogue = {
  // The handoff (protocol hop 1).
  handoff_missing: entry(400, 'page'),
  handoff_malformed: entry(400, 'page'),
  handoff_untrusted_issuer: entry(401, 'page'),
  handoff_invalid_signature: entry(401, 'page'),
  handoff_invalid_claims: entry(401, 'page'),
  handoff_expired: entry(401, 'page'),
  handoff_replayed: entry(409, 'page'),
  issuer_unreachable: entry(503, 'page'),
  // The browser's journey session.
  session_expired: entry(410, 'page'),
  csrf_invalid: entry(403, 'page'),
  session_conflict: entry(409, 'page'),
  /** A journey's handle without the cookie of the browser that opened it. */
  session_browser_mismatch: entry(403, 'page'),
  /** A return from a redirect step without the single-use state issued for the waiting step. */
  return_state_invalid: entry(403, 'page'),
  /** The shared store (Redis) cannot be used right now: a retry page. */
  store_unavailable: entry(503, 'page'),
  /** Over a request limit of the client address (http/request-limits.ts) or a flow's `rate-limit` without CAPTCHA. */
  rate_limited: entry(429, 'page'),
  // The state machine refused a request; the execution is unchanged.
  invalid_transition: entry(409, 'page'),
  step_already_completed: entry(409, 'page'),
  step_unknown: entry(409, 'page'),
  handler_unknown: entry(400, 'page'),
  execution_finished: entry(409, 'page'),
  // Routes.
  method_not_allowed: entry(405, 'page'),
  not_found: entry(404, 'page'),
  bad_request: entry(400, 'page'),
  internal_error: entry(500, 'page'),
  // Published flow versions (protocol 1.3) the bridge cannot run.
  flow_version_unavailable: entry(503, 'journey'),
  flow_digest_mismatch: entry(502, 'journey'),
  flow_version_invalid: entry(502, 'journey'),
  flow_not_found: entry(404, 'page'),
  flow_invalid: entry(500, 'journey'),
  // A journey that cannot go on: the engine's own failures.
  flow_failed: entry(500, 'journey'),
  node_failed: entry(500, 'journey'),
  processor_failed: entry(500, 'journey'),
  loop_guard_exceeded: entry(500, 'journey'),
  flow_step_limit: entry(500, 'journey'),
  call_depth_exceeded: entry(500, 'journey'),
  compensation_failed: entry(500, 'journey'),
  // Processors stop a journey with these.
  user_not_identified: entry(401, 'journey'),
  user_disabled: entry(403, 'journey'),
  user_locked_out: entry(423, 'journey'),
  // Expressions (flow authors' JSONata).
  expression_invalid: entry(500, 'journey'),
  expression_failed: entry(500, 'journey'),
  expression_timeout: entry(500, 'journey'),
  expression_too_deep: entry(500, 'journey'),
  expression_out_of_memory: entry(500, 'journey'),
  // Nodes that cannot run as configured.
  otp_email_missing: entry(500, 'journey'),
  redirect_url_invalid: entry(500, 'journey'),
  action_invalid: entry(500, 'journey'),
  keycloak_user_missing: entry(500, 'journey'),
  terms_version_invalid: entry(500, 'journey'),
  form_field_unknown: entry(500, 'journey'),
  consent_purpose_unknown: entry(500, 'journey'),
  integration_unconfigured: entry(503, 'journey'),
  /** Try it: outbound HTTP is stubbed and the node has no stub. */
  integration_stubbed: entry(503, 'journey'),
  // Integrations: a node's failure port.
  directory_error: entry(502, 'port'),
  directory_not_found: entry(404, 'port'),
  directory_conflict: entry(409, 'port'),
  directory_rejected: entry(400, 'port'),
  /** The service account lacks a realm-management role. */
  directory_forbidden: entry(502, 'port'),
  directory_unavailable: entry(503, 'port'),
  directory_unknown_realm: entry(500, 'port'),
  keycloak_invalid_value: entry(502, 'port'),
  keycloak_user_not_found: entry(502, 'port'),
  keycloak_write_not_allowed: entry(502, 'port'),
  invitation_expired: entry(502, 'port'),
  http_timeout: entry(504, 'port'),
  http_network_error: entry(502, 'port'),
  http_host_not_allowed: entry(500, 'port'),
  http_address_not_allowed: entry(500, 'port'),
  http_invalid_url: entry(500, 'port'),
  http_bad_response: entry(502, 'port'),
  http_status: entry(502, 'port'),
  mail_failed: entry(502, 'port'),
  mail_invalid_recipient: entry(502, 'port'),
  /** The CAPTCHA provider did not answer: the rate-limit processor challenges again. */
  captcha_unavailable: entry(503, 'port'),
  // The bridge's admin API (console: validate, Try it).
  admin_token_invalid: entry(401, 'admin'),
  admin_request_malformed: entry(400, 'admin'),
  admin_request_too_large: entry(413, 'admin'),
  admin_flow_invalid: entry(400, 'admin'),
  admin_run_not_found: entry(404, 'admin'),
  admin_step_refused: entry(409, 'admin'),
  // Startup.
  config_invalid: entry(500, 'startup'),
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof errorCatalogue;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCatalogue, code);
}
