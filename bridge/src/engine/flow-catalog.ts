import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlowNotFoundError, FlowValidationError, type FlowIssue } from '../errors.js';
import { flowRef, type FlowDefinition } from './flow.js';
import { uncoveredByCaller } from './flow-permissions.js';
import type { FlowSource } from './services.js';
import { checkCalls, type CatalogEntry } from './validate-calls.js';
import { callFlowNodeType, inspectFlow, type FlowValidationContext, type ValidatedFlow } from './validate-flow.js';

/** A flow definition still to be validated, and where it came from (file path or a label). */
export interface FlowInput {
  raw: unknown;
  path: string;
}

const newestFirst = (a: FlowDefinition, b: FlowDefinition) => b.version.localeCompare(a.version, 'en', { numeric: true });

/**
 * The validated flows, addressable as `id` (newest version) or `id@version`. Every flow is checked
 * on its own and against the others (library calls, recursion); any issue in any flow stops the
 * load with all issues listed.
 */
export class FlowCatalog implements FlowSource {
  private readonly byRef = new Map<string, FlowDefinition>();
  private readonly entries: CatalogEntry[];
  /** Warnings of accepted flows (e.g. an essential processor removed by override). */
  readonly warnings: string[];

  constructor(
    inputs: readonly FlowInput[],
    private readonly env: FlowValidationContext,
  ) {
    const { entries, issues, warnings } = inspectAll(inputs, env);
    for (const { flow, path } of [...entries].sort((a, b) => newestFirst(a.flow, b.flow))) {
      if (this.byRef.has(flowRef(flow))) issues.push({ path, field: 'version', message: `${flowRef(flow)} is defined twice` });
      this.byRef.set(flowRef(flow), flow);
      if (!this.byRef.has(flow.id)) this.byRef.set(flow.id, flow);
    }
    issues.push(...checkCalls(entries, (ref) => this.byRef.get(ref)), ...callPermissionIssues(entries, (ref) => this.byRef.get(ref)));
    if (issues.length > 0) throw new FlowValidationError(issues);
    this.entries = entries;
    this.warnings = warnings;
  }

  /**
   * Loads every *.json file of a directory (but the flow tests kept next to flows, `*.test.json`),
   * plus any definitions given programmatically.
   */
  static fromDirectory(dir: string, env: FlowValidationContext, extra: readonly FlowInput[] = []): FlowCatalog {
    return new FlowCatalog([...readFlowDirectory(dir), ...extra], env);
  }

  /**
   * Validates a flow as it would be saved into this catalog (alone and against the others);
   * throws FlowValidationError, or returns the flow with its warnings.
   */
  validate(input: FlowInput): ValidatedFlow {
    const { entries, issues, warnings } = inspectAll([input], this.env);
    const [candidate] = entries;
    if (candidate) {
      const lookup = (ref: string) => (ref === candidate.flow.id || ref === flowRef(candidate.flow) ? candidate.flow : this.byRef.get(ref));
      const others = this.entries.filter((entry) => entry.flow.id !== candidate.flow.id);
      // Issues of the other flows are theirs, except a recursion the candidate closes (it names the candidate).
      const ref = flowRef(candidate.flow);
      issues.push(...checkCalls([candidate, ...others], lookup).filter((issue) => issue.path === candidate.path || issue.message.includes(ref)));
      issues.push(...callPermissionIssues([candidate], lookup));
    }
    if (!candidate || issues.length > 0) throw new FlowValidationError(issues);
    return { flow: candidate.flow, warnings };
  }

  get(ref: string): FlowDefinition | undefined {
    return this.byRef.get(ref);
  }

  /** Like get, but a missing flow is a FlowNotFoundError. */
  require(ref: string): FlowDefinition {
    const flow = this.byRef.get(ref);
    if (!flow) throw new FlowNotFoundError(ref);
    return flow;
  }

  has(ref: string): boolean {
    return this.byRef.has(ref);
  }

  refs(): string[] {
    return [...this.byRef.keys()];
  }
}

/** A flow may do what the library flows it calls may do only if its own permissions say so too. */
function callPermissionIssues(entries: readonly CatalogEntry[], lookup: (ref: string) => FlowDefinition | undefined): FlowIssue[] {
  return entries.flatMap(({ flow, path }) =>
    flow.nodes.flatMap((node) => {
      const ref = node.type === callFlowNodeType ? node.config?.['flow'] : undefined;
      const callee = typeof ref === 'string' ? lookup(ref) : undefined;
      const missing = callee ? uncoveredByCaller(flow, callee) : [];
      return missing.length === 0
        ? []
        : [
            {
              path,
              node: node.id,
              field: 'permissions',
              message: `library flow "${callee!.id}" may do ${JSON.stringify(missing)}, which this flow's permissions do not cover`,
            },
          ];
    }),
  );
}

function inspectAll(inputs: readonly FlowInput[], env: FlowValidationContext) {
  const entries: CatalogEntry[] = [];
  const issues: FlowIssue[] = [];
  const warnings: string[] = [];
  for (const { raw, path } of inputs) {
    const inspected = inspectFlow(raw, env, path);
    issues.push(...inspected.issues);
    warnings.push(...inspected.warnings);
    if (inspected.flow && inspected.issues.length === 0) entries.push({ flow: inspected.flow, path });
  }
  return { entries, issues, warnings };
}

/** The `*.json` files directly in a directory (not its sub-folders), by name. */
export function readFlowDirectory(dir: string): FlowInput[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.test.json'))
    .sort()
    .map((name) => readFlowFile(join(dir, name)));
}

function readFlowFile(path: string): FlowInput {
  try {
    return { raw: JSON.parse(readFileSync(path, 'utf8')), path };
  } catch (error) {
    throw new FlowValidationError([{ path, field: '(file)', message: `not valid JSON: ${(error as Error).message}` }]);
  }
}
