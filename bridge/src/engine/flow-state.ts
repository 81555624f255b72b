export type Outcome = 'success' | 'failure' | 'cancelled';

/** One fulfilled step, as carried in the evidence token (`at` in seconds). */
export interface EvidenceEntry {
  type: string;
  step: string;
  at: number;
  payload: Record<string, unknown>;
}

/** Something Keycloak applies when it accepts the evidence (closed vocabulary, protocol v1). */
export type Action = { type: 'set_session_note'; name: string; value: string };

export type FlowStatus = 'active' | 'completed' | 'failed';

/** Where a run of a flow stands. Plain JSON so any session store can hold it. */
export interface FlowState {
  flowId: string;
  flowVersion: string;
  status: FlowStatus;
  currentNode: string;
  variables: Record<string, string>;
  completedSteps: string[];
  evidence: EvidenceEntry[];
  actions: Action[];
  /** Set once status is not active. */
  outcome?: Outcome;
  /** Stable error code when the outcome is not success. */
  error?: string;
}

/** Per-field problems of a submitted screen: field name -> message key (with its arguments). */
export type FieldErrors = Record<string, { message: string; args?: Record<string, string | number> }>;
