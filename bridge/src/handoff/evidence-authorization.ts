import type { Action, EvidenceEntry } from '../engine/execution.js';
import { evidenceContract, ruleCode } from './evidence-contract.js';
import { covers, isKnownActionType, type Grant } from './grants.js';

export interface EvidenceRefusal {
  /** The contract's error code, e.g. `evidence_unauthorized_action`. */
  code: string;
  message: string;
}

/**
 * What the bridge can check of success evidence before signing it, by the rules of
 * contract/evidence-actions.json: every action of a known type and covered by the handoff's grants
 * (`granted`), every amr value registered and justified by an entry of the evidence (`amr`), and
 * `raise_acr` backed by such a factor (`acr-factor`). What only Keycloak knows (the acr map, the
 * user's credentials and email) is the provider's to check. Undefined when the evidence may go.
 */
export function refuseEvidence(grants: readonly Grant[], evidence: readonly EvidenceEntry[], actions: readonly Action[]): EvidenceRefusal | undefined {
  for (const action of actions) {
    if (!isKnownActionType(action.type)) return { code: 'evidence_unsupported_action', message: `action type ${String(action.type)} is not in the contract` };
    if (!covers(grants, action)) return { code: ruleCode('granted'), message: `the handoff's grants do not cover ${describe(action)}` };
  }
  const factors = amrValues(evidence);
  const types = new Set(evidence.map((entry) => entry.type));
  for (const value of factors) {
    if (!evidenceContract.amrValues.includes(value)) return { code: ruleCode('amr'), message: `amr value "${value}" is not registered (RFC 8176)` };
    if (!(evidenceContract.amrJustifiedBy[value] ?? []).some((type) => types.has(type))) {
      return { code: ruleCode('amr'), message: `no evidence entry justifies amr value "${value}"` };
    }
  }
  if (factors.length === 0 && actions.some((action) => action.type === 'raise_acr')) {
    return { code: ruleCode('acr-factor'), message: 'raise_acr without a verified factor (amr) in the evidence' };
  }
  return undefined;
}

/** Every `payload.amr` value of the entries (a string or an array of strings). */
function amrValues(evidence: readonly EvidenceEntry[]): string[] {
  return evidence.flatMap((entry) => {
    const amr = entry.payload['amr'];
    if (amr === undefined) return [];
    return (Array.isArray(amr) ? amr : [amr]).map(String);
  });
}

function describe(action: Action): string {
  const { type, ...fields } = action;
  return `${type} ${JSON.stringify(fields)}`.slice(0, 200);
}
