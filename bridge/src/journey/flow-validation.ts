/**
 * Validation on publish (protocol 1.3): Keycloak asks whether the bridge would run a candidate flow
 * version with the library versions it calls. The answer is the validation the bridge applies when
 * it loads flows (a FlowCatalog of the library plus the candidate: schema, graph, node configs,
 * expressions, calls, permissions, processors). Pure: no I/O.
 */
import { FlowCatalog } from '../engine/flow-catalog.js';
import type { NodeTypeRegistry } from '../engine/node-type.js';
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
  /**
   * The ports of each of the candidate's nodes, as its node type computes them from its config (a
   * switch's cases, a choice's options): what the designer draws as output handles. A node whose
   * type is unknown or whose config the type cannot read is absent.
   */
  nodes: Record<string, { ports: string[] }>;
}

/** The request body, `{"flow": {...}, "library": [{...}, ...]}`; anything else is admin_request_malformed. */
export function parseValidationRequest(body: Buffer): ValidationRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AdminError('admin_request_malformed', 'the body is not JSON');
  }
  if (!isJsonObject(parsed) || !isJsonObject(parsed['flow']))
    throw new AdminError('admin_request_malformed', 'the body must be {"flow": <definition object>, "library": [<definition objects>]}');
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
    return { valid: true, issues: [], warnings, nodes: nodePorts(flow, validation.nodeTypes) };
  } catch (error) {
    if (!(error instanceof FlowValidationError)) throw error;
    return { valid: false, issues: error.issues.map(issueOf), warnings: [], nodes: nodePorts(flow, validation.nodeTypes) };
  }
}

/** Ports by node id, from the real node types; also for an invalid candidate, as far as each node can be read. */
export function nodePorts(flow: Record<string, unknown>, nodeTypes: NodeTypeRegistry): Record<string, { ports: string[] }> {
  const answer: Record<string, { ports: string[] }> = {};
  const nodes = Array.isArray(flow['nodes']) ? flow['nodes'] : [];
  for (const node of nodes) {
    if (!isJsonObject(node) || typeof node['id'] !== 'string' || typeof node['type'] !== 'string') continue;
    const type = nodeTypes.get(node['type']);
    const config = node['config'] ?? {};
    if (!type || !isJsonObject(config) || Object.hasOwn(answer, node['id'])) continue;
    try {
      const ports = type.ports(config);
      if (Array.isArray(ports) && ports.every((port) => typeof port === 'string')) answer[node['id']] = { ports: [...ports] };
    } catch {
      // A config the type cannot read (e.g. a switch without cases): validation's issues say why.
    }
  }
  return answer;
}

const issueOf = ({ path, node, field, message }: FlowIssue) => ({ path, node: node ?? null, field, message });
