import type { Execution } from '../engine/execution.js';
import type { SignedEvidence } from '../handoff/evidence-signer.js';
import type { HandoffClaims } from '../handoff/handoff-claims.js';

/** Everything the bridge keeps for one journey (one browser tab); stored as JSON in the session store under its handle. */
export interface FlowSession {
  handoff: HandoffClaims;
  /** Pinned `id@version`, so a flow deployed mid-journey does not change a running session. */
  flowRef: string;
  csrfToken: string;
  /** SHA-256 of the secret in the cookie of the browser that opened the journey: the handle works only there. */
  browserHash: string;
  /** The state a waiting redirect step was sent off with (its hash), good for one return to that step. */
  pendingReturn?: { stepId: string; stateHash: string };
  /** The engine's state; its id is the correlation id of the audit trail and the evidence. */
  execution: Execution;
  /** When the journey runs out of time (ms since the epoch); the record lives a grace period longer. */
  deadline: number;
  /** Signed exactly once, when the execution ends; a reload re-sends this same token. */
  evidence?: SignedEvidence;
}

/** Flow tags of one Keycloak login (issuer, client, browser tab), handed from flow to flow. */
export interface LoginTags {
  tags: string[];
}
