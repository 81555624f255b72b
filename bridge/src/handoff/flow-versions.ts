import { createHash } from 'node:crypto';
import { identifierPattern } from '../engine/flow.js';

/**
 * Protocol 1.3: a published flow version Keycloak tells the bridge to run, pinned by its digest:
 * `sha-256:` + lowercase hex SHA-256 of the UTF-8 bytes of the version's canonical definition text.
 */
export interface FlowVersionRef {
  id: string;
  /** Keycloak's version number (>= 1); the definition's `version` is its decimal string. */
  version: number;
  digest: string;
}

/** What Keycloak's runtime endpoint (`GET {base}/admin/realms/{realm}/io/runtime/flows/{id}/versions/{n}`) answers. */
export interface PublishedFlowVersion {
  id: string;
  version: number;
  digest: string;
  /** The canonical definition text (keys sorted, no whitespace), exactly the bytes the digest covers. */
  definition: string;
  /** locale -> message key -> text: the version's message bundles. */
  messages: Record<string, Record<string, string>>;
}

/** Fetches one published version from the realm of a verified, trusted issuer; throws FlowVersionError. */
export type FlowVersionFetcher = (issuer: string, ref: FlowVersionRef) => Promise<PublishedFlowVersion>;

/** `sha-256:` + lowercase hex SHA-256 of the UTF-8 bytes of a canonical definition text. */
export function flowDigest(definition: string): string {
  return `sha-256:${createHash('sha256').update(definition, 'utf8').digest('hex')}`;
}

export const maxFlowVersions = 32;
const digestPattern = /^sha-256:[0-9a-f]{64}$/;
const flowId = new RegExp(identifierPattern);
const refFields = ['id', 'version', 'digest'];

/** What the parse needs of a handoff's payload. */
export interface FlowVersionClaims {
  flow_versions?: unknown;
  flow?: unknown;
  /** Already checked as an array of obligation objects. */
  obligations?: ReadonlyArray<{ type: string; flow?: unknown }>;
}

/**
 * The `flow_versions` claim (absent: a legacy 1.2 handoff that runs the bridge's file flows), or a
 * sentence saying what is wrong with it: at most 32 entries `{id, version, digest}` with unique
 * ids; entry 0 is the `flow` claim's flow when there is one; every obligation's `flow` is listed,
 * and obligations of one type name one flow.
 */
export function parseFlowVersions(claims: FlowVersionClaims): { refs?: FlowVersionRef[] } | { problem: string } {
  const problem = obligationFlowProblem(claims.obligations ?? []);
  if (problem) return { problem };
  const value = claims.flow_versions;
  const named = (claims.obligations ?? []).flatMap((obligation) => (typeof obligation.flow === 'string' ? [obligation.flow] : []));
  if (value === undefined) {
    return named.length > 0 ? { problem: 'obligations name flows (protocol 1.3) but there is no flow_versions claim' } : {};
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > maxFlowVersions) {
    return { problem: `flow_versions must be an array of 1 to ${maxFlowVersions} entries` };
  }
  const refs: FlowVersionRef[] = [];
  for (const [index, entry] of value.entries()) {
    const entryProblem = refProblem(entry);
    if (entryProblem) return { problem: `flow_versions[${index}]: ${entryProblem}` };
    const ref = entry as FlowVersionRef;
    if (refs.some((seen) => seen.id === ref.id)) return { problem: `flow_versions[${index}]: flow ${ref.id} is listed twice` };
    refs.push({ id: ref.id, version: ref.version, digest: ref.digest });
  }
  if (claims.flow !== undefined && claims.flow !== refs[0]!.id) {
    return { problem: `flow_versions[0] is ${refs[0]!.id}, not the flow claim ${JSON.stringify(claims.flow)}` };
  }
  const missing = named.find((id) => !refs.some((ref) => ref.id === id));
  if (missing) return { problem: `an obligation names flow ${missing}, which flow_versions does not list` };
  return { refs };
}

function refProblem(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'must be an object {id, version, digest}';
  const { id, version, digest } = entry as Record<string, unknown>;
  const unknown = Object.keys(entry).find((key) => !refFields.includes(key));
  if (unknown) return `unknown field ${unknown}`;
  if (typeof id !== 'string' || !flowId.test(id)) return `id must match ${identifierPattern}`;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) return 'version must be an integer >= 1';
  if (typeof digest !== 'string' || !digestPattern.test(digest)) return 'digest must be sha-256: and 64 lowercase hex digits';
  return undefined;
}

function obligationFlowProblem(obligations: ReadonlyArray<{ type: string; flow?: unknown }>): string | undefined {
  const byType = new Map<string, unknown>();
  for (const [index, { type, flow }] of obligations.entries()) {
    if (flow !== undefined && (typeof flow !== 'string' || !flowId.test(flow))) return `obligations[${index}]: flow must match ${identifierPattern}`;
    if (byType.has(type) && byType.get(type) !== flow) return `obligations of type ${type} name different flows`;
    byType.set(type, flow);
  }
  return undefined;
}
