import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { FlowCatalog } from '../engine/flow-catalog.js';
import type { FlowEngine } from '../engine/flow-engine.js';
import type { Feedback } from '../engine/node-type.js';
import { IoError, SessionError } from '../errors.js';
import type { EvidenceSigner } from '../handoff/evidence-signer.js';
import type { HandoffVerifier } from '../handoff/handoff-verifier.js';
import type { SessionStore, Versioned } from '../store/session-store.js';
import type { FlowSession } from './flow-session.js';

export interface JourneyDeps {
  verifyHandoff: HandoffVerifier;
  catalog: FlowCatalog;
  engine: FlowEngine;
  store: SessionStore<FlowSession>;
  signEvidence: EvidenceSigner;
  audit: AuditTrail;
  sessionTtlSeconds: number;
  now?: () => number;
}

export interface SubmitResult {
  session: FlowSession;
  /** Present when the submission was rejected and the same screen must be shown again. */
  feedback?: Feedback;
}

/**
 * The use cases behind the HTTP routes: start a journey from a handoff, advance it with the user's
 * submissions, and seal it with a single evidence token. Knows nothing about HTTP.
 */
export class JourneyService {
  private readonly now: () => number;

  constructor(private readonly deps: JourneyDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Verifies the handoff and opens a session; returns the session id for the cookie. */
  async begin(token: string | undefined): Promise<string> {
    const correlationId = crypto.randomUUID();
    const { audit, catalog, engine, store } = this.deps;
    let verified;
    try {
      verified = await this.deps.verifyHandoff(token);
    } catch (error) {
      if (error instanceof IoError) {
        audit.handoffRejected({ correlationId, code: error.code, reason: error.message });
      }
      throw error;
    }
    const flow = catalog.get(verified.flowRef);
    const session: FlowSession = {
      handoff: verified.claims,
      flowRef: `${flow.id}@${flow.version}`,
      correlationId,
      csrfToken: randomToken(),
      state: engine.start(flow, this.seconds()),
    };
    const sealed = await this.sealIfEnded(session);
    const sessionId = randomToken();
    await store.create(sessionId, sealed, this.deps.sessionTtlSeconds);
    audit.handoffAccepted({
      correlationId,
      issuer: verified.claims.iss,
      clientId: verified.claims.azp,
      flow: session.flowRef,
      handoffJti: verified.claims.jti,
    });
    this.auditEvidence(sealed, session);
    return sessionId;
  }

  /** The session behind a cookie; session_expired when it is gone or its evidence has lapsed. */
  async load(sessionId: string | undefined): Promise<Versioned<FlowSession>> {
    const record = sessionId ? await this.deps.store.get(sessionId) : undefined;
    if (!record) throw new SessionError('session_expired', 'no live session for this cookie');
    // Redeemed: the evidence can no longer be accepted by Keycloak, so there is nothing to resend.
    if (record.data.evidence && record.data.evidence.exp * 1000 < this.now()) {
      throw new SessionError('session_expired', 'the journey ended and its evidence has expired');
    }
    return record;
  }

  /** Submits the current screen. A completed session is returned as is (the user reposted). */
  async submit(sessionId: string | undefined, csrfToken: string, input: Record<string, string>): Promise<SubmitResult> {
    const { version, data: session } = await this.load(sessionId);
    if (!sameSecret(csrfToken, session.csrfToken)) throw new SessionError('csrf_invalid', 'CSRF token does not match the session');
    if (session.state.status !== 'active') return { session };

    const flow = this.deps.catalog.get(session.flowRef);
    const { state, feedback } = this.deps.engine.submit(flow, session.state, input, this.seconds());
    if (feedback) return { session, feedback };

    for (const step of state.completedSteps.slice(session.state.completedSteps.length)) {
      this.deps.audit.stepCompleted({ correlationId: session.correlationId, step, nodeType: this.deps.engine.nodeType(flow, step) ?? 'unknown' });
    }
    const next = await this.sealIfEnded({ ...session, state });
    if (!(await this.deps.store.update(sessionId!, version, next))) {
      // Another request advanced the session first; its result stands and ours (never sent) is dropped.
      const { data: winner } = await this.load(sessionId);
      if (winner.state.status !== 'active') return { session: winner };
      throw new SessionError('session_conflict', 'the session changed during this request');
    }
    this.auditEvidence(next, session);
    return { session: next };
  }

  private async sealIfEnded(session: FlowSession): Promise<FlowSession> {
    const { state } = session;
    if (state.status === 'active' || session.evidence) return session;
    const evidence = await this.deps.signEvidence({
      handoff: session.handoff,
      outcome: state.outcome ?? 'failure',
      ...(state.error ? { error: state.error } : {}),
      evidence: state.evidence,
      actions: state.actions,
      correlationId: session.correlationId,
    });
    return { ...session, evidence };
  }

  private auditEvidence(after: FlowSession, before: FlowSession): void {
    if (!after.evidence || before.evidence) return;
    this.deps.audit.evidenceIssued({
      correlationId: after.correlationId,
      evidenceJti: after.evidence.jti,
      handoffJti: after.handoff.jti,
      outcome: after.state.outcome ?? 'failure',
      actions: after.state.actions.length,
    });
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison, so the CSRF token cannot be guessed byte by byte from timings. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

