/**
 * Validation on publish (protocol 1.3): Keycloak asks whether the bridge would run a candidate flow
 * version with the library versions it calls. The answer is the validation the bridge applies when
 * it loads flows (a FlowCatalog of the library plus the candidate: schema, graph, node configs,
 * expressions, calls, permissions, processors). Pure: no I/O.
 */
import { FlowCatalog } from '../engine/flow-catalog.js';
import type { FlowValidationContext } from '../engine/validate-flow.js';
import { AdminError, FlowValidationError, type FlowIssue } from '../errors.js';
import { maxFlowVersions } from '../handoff/flow-versions.js';
import { isJsonObject } from '../json-object.js';

export interface ValidationRequest {
  /** The candidate definition (its version set). */
  flow: Record<string, unknown>;
  /** The definitions of every library flow it calls, transitively, at their active versions. */
  library: Array<Record<string, unknown>>;
}

export interface ValidationAnswer {
  valid: boolean;
  /** Where each problem is: `path` is `flow` (the candidate) or `library/<index>`. */
  issues: Array<{ path: string; node: string | null; field: string; message: string }>;
  /** The candidate's warnings (e.g. an essential processor removed with a reason). */
  warnings: string[];
}

/** The request body, `{"flow": {...}, "library": [{...}, ...]}`; anything else is admin_request_malformed. */
export function parseValidationRequest(body: Buffer): ValidationRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AdminError('admin_request_malformed', 'the body is not JSON');
  }
  if (!isJsonObject(parsed) || !isJsonObject(parsed['flow'])) throw new AdminError('admin_request_malformed', 'the body must be {"flow": <definition object>, "library": [<definition objects>]}');
  const library = parsed['library'] ?? [];
  // A handoff names at most 32 versions: the flow and the library flows it calls.
  if (!Array.isArray(library) || library.length >= maxFlowVersions || !library.every(isJsonObject)) {
    throw new AdminError('admin_request_malformed', `library must be an array of at most ${maxFlowVersions - 1} definition objects`);
  }
  return { flow: parsed['flow'], library };
}

export function validateCandidate({ flow, library }: ValidationRequest, validation: FlowValidationContext): ValidationAnswer {
  try {
    const catalog = new FlowCatalog(
      library.map((raw, index) => ({ raw, path: `library/${index}` })),
      validation,
    );
    const { warnings } = catalog.validate({ raw: flow, path: 'flow' });
    return { valid: true, issues: [], warnings };
  } catch (error) {
    if (!(error instanceof FlowValidationError)) throw error;
    return { valid: false, issues: error.issues.map(issueOf), warnings: [] };
  }
}

const issueOf = ({ path, node, field, message }: FlowIssue) => ({ path, node: node ?? null, field, message });
