import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * contract/evidence-actions.json, the one machine-readable contract between the provider and the
 * bridge: the evidence action vocabulary, the grant shape of each action type, the authorization
 * rules with their error codes, and the amr vocabulary. Read here, never restated.
 */
export interface EvidenceContract {
  protocolVersion: string;
  actions: Record<string, { fields: Record<string, string>; grant: Record<string, string>; covered: string }>;
  rules: Array<{ id: string; code: string; text: string }>;
  clockToleranceSeconds: number;
  evidenceMaxLifetimeSeconds: number;
  handoffMaxLifetimeSeconds: number;
  amrValues: string[];
  amrJustifiedBy: Record<string, string[]>;
  /** The user attribute in which a user creation records the journey's correlation id (protocol 1.4). */
  journeyAttribute: string;
}

export const contractDir = fileURLToPath(new URL('../../../contract/', import.meta.url));

export const evidenceContract: EvidenceContract = JSON.parse(readFileSync(`${contractDir}evidence-actions.json`, 'utf8')) as EvidenceContract;

/** The entry type that proves an email address received a code (rule `email-proof`). */
export const emailProofType = 'email_code_verified';

/**
 * Evidence entry types that prove something Keycloak checks: a verified factor (`amrJustifiedBy`)
 * or an email address (`email-proof`). They must reach Keycloak wherever in the journey they arose.
 */
export const proofEntryTypes: ReadonlySet<string> = new Set([...Object.values(evidenceContract.amrJustifiedBy).flat(), emailProofType]);

/** The error code of a contract rule (`granted` -> `evidence_unauthorized_action`). */
export function ruleCode(id: string): string {
  const rule = evidenceContract.rules.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`contract/evidence-actions.json has no rule "${id}"`);
  return rule.code;
}

/** The grant fields of an action type and whether each is required (the contract says "(required)"). */
export function grantFields(type: string): Array<{ name: string; required: boolean }> {
  return Object.entries(evidenceContract.actions[type]?.grant ?? {}).map(([name, description]) => ({ name, required: description.includes('(required)') }));
}
