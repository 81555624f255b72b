import type { Execution } from '../engine/execution.js';
import type { SignedEvidence } from '../handoff/evidence-signer.js';
import type { HandoffClaims } from '../handoff/handoff-claims.js';

/** Everything the bridge keeps for one browser's journey; stored as JSON in the session store. */
export interface FlowSession {
  handoff: HandoffClaims;
  /** Pinned `id@version`, so a flow deployed mid-journey does not change a running session. */
  flowRef: string;
  csrfToken: string;
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
