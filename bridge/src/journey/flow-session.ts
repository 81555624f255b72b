import type { FlowState } from '../engine/flow-state.js';
import type { SignedEvidence } from '../handoff/evidence-signer.js';
import type { HandoffClaims } from '../handoff/handoff-claims.js';

/** Everything the bridge keeps for one browser's journey; stored as JSON in the session store. */
export interface FlowSession {
  handoff: HandoffClaims;
  /** Pinned `id@version`, so a flow deployed mid-journey does not change a running session. */
  flowRef: string;
  correlationId: string;
  csrfToken: string;
  state: FlowState;
  /** Signed exactly once, when the flow ends; a reload re-sends this same token. */
  evidence?: SignedEvidence;
}
