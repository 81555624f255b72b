import type { AuditEvent, AuditSink } from '../engine/services.js';
import type { Logger } from './logger.js';

/** The engine's audit port on the structured log: one `audit` line per event, joined by correlation id. */
export function createAuditSink(logger: Logger): AuditSink {
  return {
    record({ type, executionId, flowId, stepId, nodeId, at, details }: AuditEvent) {
      logger.info(`audit_${type}`, {
        audit: true,
        correlation_id: executionId,
        flow: flowId,
        ...(stepId ? { step: stepId } : {}),
        ...(nodeId ? { node: nodeId } : {}),
        at: new Date(at).toISOString(),
        ...details,
      });
    },
  };
}
