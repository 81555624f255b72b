import { SignJWT } from 'jose';
import type { Action, EvidenceEntry, Outcome } from '../engine/execution.js';
import type { BridgeKeySet } from './bridge-keys.js';
import type { HandoffClaims } from './handoff-claims.js';

export const evidenceType = 'io-evidence+jwt';
const lifetimeSeconds = 120;

export interface EvidenceInput {
  handoff: HandoffClaims;
  outcome: Outcome;
  error?: string;
  evidence: EvidenceEntry[];
  actions: Action[];
  correlationId: string;
}

export interface SignedEvidence {
  token: string;
  jti: string;
  exp: number;
}

export type EvidenceSigner = (input: EvidenceInput) => Promise<SignedEvidence>;

/** Signs the evidence token of protocol hop 2, bound to the handoff it answers. */
export function createEvidenceSigner(issuer: string, keys: BridgeKeySet, now: () => number = Date.now): EvidenceSigner {
  return async ({ handoff, outcome, error, evidence, actions, correlationId }) => {
    const jti = crypto.randomUUID();
    const iat = Math.floor(now() / 1000);
    const exp = iat + lifetimeSeconds;
    const jwt = new SignJWT({
      azp: handoff.azp,
      tab_id: handoff.tab_id,
      nonce: handoff.nonce,
      handoff_jti: handoff.jti,
      outcome,
      ...(outcome === 'success' ? {} : { error: error ?? 'flow_failed' }),
      evidence,
      actions,
      correlation_id: correlationId,
    })
      .setProtectedHeader({ alg: keys.signing.alg, kid: keys.signing.kid, typ: evidenceType })
      .setIssuer(issuer)
      .setAudience(handoff.iss)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(jti);
    if (handoff.sub) jwt.setSubject(handoff.sub);
    return { token: await jwt.sign(keys.signing.key), jti, exp };
  };
}
