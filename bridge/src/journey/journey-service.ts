import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AuditTrail } from '../audit/audit-trail.js';
import { setCorrelationId } from '../audit/log-context.js';
import type { FlowCatalog } from '../engine/flow-catalog.js';
import { isTerminal, type FlowEngine, type SubmitOutcome } from '../engine/flow-engine.js';
import type { Submission } from '../engine/node-type.js';
import { IoError, SessionError } from '../errors.js';
import { refuseEvidence } from '../handoff/evidence-authorization.js';
import type { EvidenceSigner } from '../handoff/evidence-signer.js';
import type { HandoffClaims } from '../handoff/handoff-claims.js';
import type { HandoffVerifier } from '../handoff/handoff-verifier.js';
import type { MessageSource } from '../theming/messages.js';
import type { SessionStore, Versioned } from '../store/session-store.js';
import type { ExecutionRecorder } from './execution-log.js';
import { flowContextOf, type ArrivalRequest } from './flow-context.js';
import { handoffObligationFlows, planObligations, type ObligationFlows } from './obligation-plan.js';
import type { FlowSession, LoginTags } from './flow-session.js';

/**
 * What a journey runs with: its flows (a realm's file flows, or the published versions its handoff
 * names), an engine that sees only those, and for published versions their message bundles.
 */
export interface JourneyRuntime {
  catalog: FlowCatalog;
  engine: FlowEngine;
  /** Flow id -> the version's message bundles; absent: the flows' bundles are files under IO_FLOWS_DIR. */
  messages?: ReadonlyMap<string, MessageSource>;
}

export interface JourneyDeps {
  verifyHandoff: HandoffVerifier;
  /**
   * The runtime of a verified handoff's journey, resolved from its claims alone (kept in the
   * session), so a journey resumed later, on any instance, runs exactly the same flows.
   */
  runtime: (handoff: HandoffClaims) => Promise<JourneyRuntime>;
  store: SessionStore<FlowSession>;
  /** Flow tags per Keycloak login, kept as long as a session. */
  loginTags: SessionStore<LoginTags>;
  signEvidence: EvidenceSigner;
  audit: AuditTrail;
  /** Default session lifetime; a flow's settings.sessionTtlSeconds wins. */
  sessionTtlSeconds: number;
  /** Obligation type -> library flow, for a realm (issuer); see obligation-plan.ts. */
  obligationFlows?: (issuer: string) => ObligationFlows;
  /** The executions and funnel the admin console shows (absent: nothing is recorded). */
  executions?: Pick<ExecutionRecorder, 'progressed'>;
  now?: () => number;
}

/**
 * Which journey a request is for, and from which browser: the journey's handle (in the URL, one per
 * journey, so every tab has its own) and the browser's secret (its cookie, shared by the tabs of one
 * browser). A handle is only honoured with the secret whose hash its session holds.
 */
export interface JourneyKey {
  handle: string | undefined;
  browserSecret: string | undefined;
}

export interface BeginResult {
  handle: string;
  session: FlowSession;
}

/** A user's request to the waiting step: `stepId` and `handler` from the form's hidden fields. */
export interface StepRequest {
  stepId?: string;
  handler?: string;
  values: Record<string, string>;
}

export interface SubmitResult {
  session: FlowSession;
  outcome: SubmitOutcome;
  /** The handle to use from now on: a new one when the step raised the level of assurance. */
  handle: string;
  renewed: boolean;
}

/** Compare-and-set retries: a lost race is replayed on the winner's state (where it becomes `same` or a 409). */
const maxAttempts = 3;
/**
 * A journey past its deadline is expired (and compensated) by the sweep once this margin has passed
 * too, so that a request still running from before the deadline has finished and written first.
 */
const expiryMarginSeconds = 120;

/** How long a session record outlives its journey's deadline, so the sweep still finds it. */
const expiryGraceSeconds = 300;

/**
 * The use cases behind the HTTP routes: open a journey from a verified handoff, advance it with the
 * user's requests, renew its id when assurance rises, and seal it with a single evidence token.
 * Knows nothing about HTTP.
 */
export class JourneyService {
  private readonly now: () => number;

  constructor(private readonly deps: JourneyDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * Verifies the handoff, starts the flow and opens a session bound to the browser's secret; returns
   * the journey's handle. Every handoff opens its own journey: another tab's is never replaced.
   */
  async begin(token: string | undefined, browserSecret: string, request: ArrivalRequest = {}): Promise<BeginResult> {
    const correlationId = randomUUID();
    setCorrelationId(correlationId);
    const { audit, store } = this.deps;
    let verified;
    try {
      verified = await this.deps.verifyHandoff(token);
    } catch (error) {
      if (error instanceof IoError) audit.handoffRejected({ correlationId, code: error.code, reason: error.message });
      throw error;
    }
    const { claims } = verified;
    setCorrelationId(claims.correlation_id ?? correlationId);
    const { catalog, engine } = await this.deps.runtime(claims);
    // A handoff names a flow, or obligations: those run as one generated flow of mapped library flows,
    // mapped by the handoff itself when it names published versions (protocol 1.3).
    const obligations = verified.flowRef === undefined ? (claims.obligations ?? []) : undefined;
    const flow = obligations
      ? planObligations(
          obligations,
          claims.flow_versions ? handoffObligationFlows(obligations, claims.flow_versions) : (this.deps.obligationFlows?.(claims.iss) ?? {}),
          catalog,
        )
      : catalog.require(verified.flowRef!);
    // Keycloak's correlation id (protocol 1.1) ties its events, our audit trail and the evidence together.
    const executionId = claims.correlation_id ?? correlationId;
    const execution = await engine.start(flow, flowContextOf(claims, request), {
      executionId,
      tags: await this.loadTags(claims),
      // The generated flow is not in the catalog, and answers with one evidence entry per obligation.
      ...(obligations ? { inline: true, evidenceScope: 'top-level' as const } : {}),
    });
    const ttlSeconds = flow.settings?.sessionTtlSeconds ?? this.deps.sessionTtlSeconds;
    const deadline = this.now() + ttlSeconds * 1000;
    const opened: FlowSession = {
      handoff: claims,
      flowRef: `${flow.id}@${flow.version}`,
      csrfToken: randomToken(),
      browserHash: secretHash(browserSecret),
      execution,
      deadline,
    };
    const session = await this.sealIfEnded(opened);
    const handle = randomToken();
    await store.create(handle, session, ttlSeconds + expiryGraceSeconds);
    if (!isTerminal(session.execution)) await store.addDeadline(handle, deadline);
    audit.handoffAccepted({ correlationId: executionId, issuer: claims.iss, clientId: claims.azp, flow: session.flowRef, handoffJti: claims.jti });
    this.auditProgress(undefined, session);
    this.deps.executions?.progressed(claims.iss, undefined, session.execution);
    return { handle, session };
  }

  /** How long the session's record lives: its deadline plus the grace period. */
  private recordSeconds(session: FlowSession): number {
    return Math.max(1, Math.ceil((session.deadline - this.now()) / 1000) + expiryGraceSeconds);
  }

  /**
   * The session behind a handle, for the browser that opened it: session_expired when it is gone or
   * its evidence has lapsed (then it is redeemed), session_browser_mismatch for another browser.
   */
  async load({ handle, browserSecret }: JourneyKey): Promise<Versioned<FlowSession>> {
    const record = handle ? await this.deps.store.get(handle) : undefined;
    if (!record) throw new SessionError('session_expired', 'no live session for this handle');
    setCorrelationId(record.data.execution.id);
    if (!browserSecret || !sameSecret(secretHash(browserSecret), record.data.browserHash)) {
      throw new SessionError('session_browser_mismatch', 'the journey was opened by another browser (or its cookie is gone)');
    }
    const { evidence, execution } = record.data;
    if (evidence && evidence.exp * 1000 < this.now()) {
      // The evidence can no longer be accepted by Keycloak: nothing is left to resend.
      if (execution.status === 'completed') {
        await this.deps.store.update(handle!, record.version, {
          ...record.data,
          execution: (await this.deps.runtime(record.data.handoff)).engine.redeem(execution),
        });
      }
      throw new SessionError('session_expired', 'the journey ended and its evidence has expired');
    }
    // Past its deadline a journey takes no more requests; the sweep expires it and undoes its changes.
    if (execution.status === 'active' && this.now() > record.data.deadline) {
      throw new SessionError('session_expired', 'the journey ran out of time');
    }
    if (execution.status === 'expired') throw new SessionError('session_expired', 'the journey ran out of time');
    return record;
  }

  /**
   * Expires the journeys whose deadline passed though nobody came back (at most `limit` per call),
   * so what they changed outside is undone too. The bridge calls it periodically; returns how many
   * it expired.
   */
  async sweep(limit = 100): Promise<number> {
    const { store } = this.deps;
    let expired = 0;
    let failure: unknown;
    // The margin lets a request that loaded the session just before its deadline finish first.
    for (const sessionId of await store.dueDeadlines(this.now() - expiryMarginSeconds * 1000, limit)) {
      try {
        const record = await store.get(sessionId);
        if (record && record.data.execution.status === 'active') {
          if (await this.expireOnce(sessionId, record)) expired++;
        }
        await store.removeDeadline(sessionId);
      } catch (error) {
        // E.g. its published flows cannot be loaded right now: its deadline stays, the next sweep retries.
        failure ??= error;
      }
    }
    if (failure) throw failure;
    return expired;
  }

  /**
   * Marks an execution expired and runs its compensations, exactly once however many sweeps (on
   * however many instances) find it at the same time; true for the one that did it.
   */
  private async expireOnce(sessionId: string, { version, data }: Versioned<FlowSession>): Promise<boolean> {
    const { store, audit } = this.deps;
    // Loaded before the claim, so a runtime that cannot be loaded now leaves the expiry to a later sweep.
    const { engine } = await this.deps.runtime(data.handoff);
    if (!(await store.claimOnce('expire', expiryGraceSeconds * 2, sessionId))) return false;
    const expired = await engine.expire(data.execution);
    await store.update(sessionId, version, { ...data, execution: expired });
    this.deps.executions?.progressed(data.handoff.iss, data.execution, expired);
    audit.journeyExpired({
      correlationId: expired.id,
      issuer: data.handoff.iss,
      compensated: expired.compensations.filter((c) => c.status === 'compensated').length,
      compensationFailed: expired.compensations.filter((c) => c.status === 'compensation_failed').length,
    });
    return true;
  }

  /** A form post to the waiting step (CSRF-checked). A session that has ended is returned as it is. */
  async submit(key: JourneyKey, csrfToken: string, request: StepRequest): Promise<SubmitResult> {
    const record = await this.load(key);
    if (!sameSecret(csrfToken, record.data.csrfToken)) throw new SessionError('csrf_invalid', 'CSRF token does not match the session');
    return this.advance(key, request, record);
  }

  /**
   * The state that lets the browser come back from the waiting redirect step: random, bound to this
   * session and step, good once. A new one replaces the previous one (a reload sends it off again).
   */
  async returnState(key: JourneyKey): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const { version, data: session } = await this.load(key);
      const stepId = session.execution.current?.stepId;
      if (!stepId) throw new SessionError('return_state_invalid', 'the journey waits for no return');
      const state = randomToken();
      if (await this.deps.store.update(key.handle!, version, { ...session, pendingReturn: { stepId, stateHash: secretHash(state) } })) return state;
      if (attempt >= maxAttempts) throw new SessionError('session_conflict', 'the session changed during this request');
    }
  }

  /**
   * The browser came back from a redirect step (`GET /io/j/<handle>/return?state=...`): only with
   * the state issued for the step that waits, and only once.
   */
  async resume(key: JourneyKey, state: string, values: Record<string, string>): Promise<SubmitResult> {
    const record = await this.load(key);
    const { data } = record;
    const pending = data.pendingReturn;
    const stateHash = secretHash(state);
    if (!pending || !sameSecret(stateHash, pending.stateHash) || pending.stepId !== data.execution.current?.stepId) {
      throw new SessionError('return_state_invalid', 'the return carries no state issued for the waiting step');
    }
    if (!(await this.deps.store.claimOnce(`return:${stateHash}`, this.recordSeconds(data), key.handle))) {
      throw new SessionError('return_state_invalid', 'the return state was already used');
    }
    return this.advance(key, { stepId: pending.stepId, handler: 'return', values }, record);
  }

  /**
   * Runs the request on the session and writes the result with compare-and-set. The first attempt
   * uses the record the caller loaded (and checked) in this request; a lost race reloads it.
   */
  private async advance(key: JourneyKey, request: StepRequest, loaded: Versioned<FlowSession>): Promise<SubmitResult> {
    const handle = key.handle!;
    for (let attempt = 1; ; attempt++) {
      const { version, data: session } = attempt === 1 ? loaded : await this.load(key);
      const unchanged = { session, outcome: 'same' as const, handle, renewed: false };
      if (isTerminal(session.execution)) return unchanged;
      const { execution, outcome } = await (await this.deps.runtime(session.handoff)).engine.submit(session.execution, ...this.stepOf(session, request));
      if (outcome === 'same') return unchanged;

      const renewed = execution.renewSession === true;
      if (renewed) delete execution.renewSession;
      // The step was answered: a return state issued for it is spent.
      const { pendingReturn: _spent, ...rest } = session;
      const next = await this.sealIfEnded({ ...rest, execution });
      if (!(await this.deps.store.update(handle, version, next))) {
        if (attempt < maxAttempts) continue;
        throw new SessionError('session_conflict', 'the session changed during this request');
      }
      this.auditProgress(session, next);
      this.deps.executions?.progressed(next.handoff.iss, session.execution, next.execution, request.values);
      if (isTerminal(next.execution)) await this.deps.store.removeDeadline(handle);
      return { session: next, outcome, handle: renewed ? await this.renewId(handle, next) : handle, renewed };
    }
  }

  /** The step and submission a request names; the waiting step and its default handler when it names none. */
  private stepOf(session: FlowSession, { stepId, handler, values }: StepRequest): [string, Submission] {
    const current = session.execution.current;
    return [stepId || current?.stepId || '', { handler: handler || current?.screen.handlers[0] || 'submit', values }];
  }

  /** Moves the session to a new handle (against session fixation once assurance rose); the old one stops working. */
  private async renewId(oldId: string, session: FlowSession): Promise<string> {
    const ttl = (await this.deps.store.ttl(oldId)) ?? this.deps.sessionTtlSeconds;
    const newId = randomToken();
    await this.deps.store.create(newId, session, Math.max(ttl, 1));
    await this.deps.store.delete(oldId);
    await this.deps.store.removeDeadline(oldId);
    if (!isTerminal(session.execution)) await this.deps.store.addDeadline(newId, session.deadline);
    return newId;
  }

  /**
   * Signs the evidence once, when the execution reaches completed or failed, and hands the tags on.
   * Success evidence must stay inside the handoff's grants (contract/evidence-actions.json): if it
   * does not, the journey fails with the contract's code and what it changed is undone.
   */
  private async sealIfEnded(ended: FlowSession): Promise<FlowSession> {
    if (ended.evidence || (ended.execution.status !== 'completed' && ended.execution.status !== 'failed')) return ended;
    const session = await this.refuseUngranted(ended);
    const { execution } = session;
    const success = execution.status === 'completed' && execution.outcome === 'success';
    const evidence = await this.deps.signEvidence({
      handoff: session.handoff,
      outcome: success ? 'success' : (execution.outcome ?? 'failure'),
      ...(success ? {} : { error: execution.error ?? 'flow_failed' }),
      evidence: execution.evidence,
      // Keycloak applies actions only for a successful journey.
      actions: success ? execution.actions : [],
      correlationId: execution.id,
    });
    await this.saveTags(session.handoff, execution.tags);
    return { ...session, evidence };
  }

  private async refuseUngranted(session: FlowSession): Promise<FlowSession> {
    const { execution, handoff } = session;
    if (execution.status !== 'completed' || execution.outcome !== 'success') return session;
    const refusal = refuseEvidence(handoff.grants, execution.evidence, execution.actions, handoff.sub !== undefined);
    if (!refusal) return session;
    this.deps.audit.evidenceRefused({ correlationId: execution.id, issuer: handoff.iss, flow: session.flowRef, code: refusal.code, reason: refusal.message });
    return { ...session, execution: await (await this.deps.runtime(handoff)).engine.refuse(execution, refusal.code) };
  }

  private async loadTags(claims: HandoffClaims): Promise<string[]> {
    return (await this.deps.loginTags.get(loginKey(claims)))?.data.tags ?? [];
  }

  private async saveTags(claims: HandoffClaims, tags: string[]): Promise<void> {
    const { loginTags } = this.deps;
    const key = loginKey(claims);
    // Usually the login's first flow: one write. A later flow of the same login replaces the tags,
    // keeping their lifetime; losing a race here only means another flow saved its tags first.
    if (await loginTags.create(key, { tags }, this.deps.sessionTtlSeconds)) return;
    const existing = await loginTags.get(key);
    if (existing) await loginTags.update(key, existing.version, { tags });
    else await loginTags.create(key, { tags }, this.deps.sessionTtlSeconds);
  }

  /** Audits the steps completed and the evidence issued between two versions of a session. */
  private auditProgress(before: FlowSession | undefined, after: FlowSession): void {
    const { audit } = this.deps;
    const correlationId = after.execution.id;
    const issuer = after.handoff.iss;
    for (const step of after.execution.completed.slice(before?.execution.completed.length ?? 0)) {
      audit.stepCompleted({ correlationId, issuer, step: step.nodeId, nodeType: step.nodeType });
    }
    if (after.evidence && !before?.evidence) {
      audit.evidenceIssued({
        correlationId,
        issuer,
        evidenceJti: after.evidence.jti,
        handoffJti: after.handoff.jti,
        outcome: after.execution.outcome ?? 'failure',
        actions: after.execution.status === 'completed' ? after.execution.actions.length : 0,
      });
    }
  }
}

/** One Keycloak login: the realm, the client and the browser tab. */
function loginKey(claims: HandoffClaims): string {
  return createHash('sha256').update(`${claims.iss}|${claims.azp}|${claims.tab_id}`).digest('hex');
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What a session keeps of a browser's secret or a return state: never the value itself. */
function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Constant-time comparison, so the CSRF token cannot be guessed byte by byte from timings. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
