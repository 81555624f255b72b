import type { Action, EvidenceEntry } from '../engine/execution.js';
import { emailProofType, evidenceContract, ruleCode } from './evidence-contract.js';
import { covers, isKnownActionType, type Grant } from './grants.js';

export interface EvidenceRefusal {
  /** The contract's error code, e.g. `evidence_unauthorized_action`. */
  code: string;
  message: string;
}

/**
 * What the bridge can check of success evidence before signing it, by the rules of
 * contract/evidence-actions.json: every action of a known type and covered by the handoff's grants
 * (`granted`), a user set only by one action and only when the handoff named none, and every
 * user-changing action with a user to act on (`one-identity`), `identify_user` of an address a
 * code was verified for (`identify-proof`), every amr value registered and justified by an entry of
 * the evidence (`amr`), and `raise_acr` backed by such a factor (`acr-factor`). What only Keycloak
 * knows (the acr map, the users, their credentials and email) is the provider's to check.
 * Undefined when the evidence may go.
 *
 * @param handoffUser whether the handoff named the login's user (`sub`)
 */
export function refuseEvidence(
  grants: readonly Grant[],
  evidence: readonly EvidenceEntry[],
  actions: readonly Action[],
  handoffUser: boolean,
): EvidenceRefusal | undefined {
  for (const action of actions) {
    if (!isKnownActionType(action.type)) return { code: 'evidence_unsupported_action', message: `action type ${String(action.type)} is not in the contract` };
    if (!covers(grants, action)) return { code: ruleCode('granted'), message: `the handoff's grants do not cover ${describe(action)}` };
  }
  const identity = refuseIdentity(evidence, actions, handoffUser);
  if (identity) return identity;
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

const identifying = new Set<string>(['sign_in_user', 'identify_user']);
/** Actions that need no user: the others change one (rule `one-identity`). */
const userless = new Set<string>(['set_session_note', 'raise_acr', ...identifying]);

/** Rules `one-identity` and `identify-proof` (protocol 1.4). */
function refuseIdentity(evidence: readonly EvidenceEntry[], actions: readonly Action[], handoffUser: boolean): EvidenceRefusal | undefined {
  const identities = actions.filter((action) => identifying.has(action.type));
  const code = ruleCode('one-identity');
  if (identities.length > 1) return { code, message: 'at most one sign_in_user or identify_user per evidence' };
  const [identity] = identities;
  if (identity && handoffUser) return { code, message: `${identity.type} although the handoff named the login's user` };
  if (!identity && !handoffUser && actions.some((action) => !userless.has(action.type))) {
    return { code, message: 'actions that change a user, but the handoff named no user and the evidence sets none' };
  }
  if (identity?.type === 'identify_user') {
    const address = identity.email.toLowerCase();
    const proven = evidence.some(
      (entry) => entry.type === emailProofType && typeof entry.payload['email'] === 'string' && entry.payload['email'].toLowerCase() === address,
    );
    if (!proven) return { code: ruleCode('identify-proof'), message: `identify_user without an ${emailProofType} entry for that address` };
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
