import type { Logger } from './logger.js';

/**
 * Security-relevant events, each carrying the issuer (realm) and the correlation id that also travels in the evidence
 * token, so the bridge's trail can be joined with Keycloak's events.
 */
export interface AuditTrail {
  handoffAccepted(event: { correlationId: string; issuer: string; clientId: string; flow: string; handoffJti: string }): void;
  handoffRejected(event: { correlationId: string; code: string; reason: string }): void;
  stepCompleted(event: { correlationId: string; issuer: string; step: string; nodeType: string }): void;
  evidenceIssued(event: { correlationId: string; issuer: string; evidenceJti: string; handoffJti: string; outcome: string; actions: number }): void;
  /** Success evidence outside the handoff's grants: the journey failed with the contract's code instead. */
  evidenceRefused(event: { correlationId: string; issuer: string; flow: string; code: string; reason: string }): void;
  journeyExpired(event: { correlationId: string; issuer: string; compensated: number; compensationFailed: number }): void;
}

export function createAuditTrail(logger: Logger): AuditTrail {
  const record = (event: string, fields: { correlationId: string } & Record<string, unknown>) => {
    const { correlationId, ...rest } = fields;
    logger.info(event, { audit: true, correlation_id: correlationId, ...rest });
  };
  return {
    handoffAccepted: (event) => record('handoff_accepted', event),
    handoffRejected: (event) => record('handoff_rejected', event),
    stepCompleted: (event) => record('step_completed', event),
    evidenceIssued: (event) => record('evidence_issued', event),
    evidenceRefused: (event) => record('evidence_refused', event),
    journeyExpired: (event) => record('journey_expired', event),
  };
}
