/**
 * Obligations (protocol 1.1) -> one generated top-level flow: for each obligation, in the handoff's
 * order, a `call-flow` step running the library flow its type is mapped to (inputs from the
 * obligation's `params`, plus `mode`), then an `obligation-evidence` step that records the
 * obligation's single evidence entry from the library flow's declared outputs. Pure: no I/O.
 */
import { createHash } from 'node:crypto';
import type { FlowDefinition, LinkDefinition, NodeDefinition } from '../engine/flow.js';
import { flowRef } from '../engine/flow.js';
import type { FlowVersionRef } from '../handoff/flow-versions.js';
import type { Obligation } from '../handoff/handoff-claims.js';

/** Obligation type -> library flow reference (`id` or `id@version`). */
export type ObligationFlows = Readonly<Record<string, string>>;

export interface FlowLookup {
  get(ref: string): FlowDefinition | undefined;
}

/** Error codes the generated flow ends with (evidence outcome failure). */
export const obligationErrors = {
  /** An obligation type has no flow in the bridge's mapping: fail closed, before any screen. */
  unmapped: 'obligation_unmapped',
  /** A required input of the mapped flow is missing from the obligation's params. */
  invalid: 'obligation_invalid',
  /** The user declined (the flow ended `cancelled`) a mandatory obligation. */
  declined: 'obligation_declined',
  /** The mapped flow ended with `failure`. */
  failed: 'obligation_failed',
} as const;

export const obligationsFlowId = 'io-obligations';

/** The mapping for one realm: the general one with the issuer's own entries over it. */
export function obligationFlowsFor(general: ObligationFlows, byIssuer: Readonly<Record<string, ObligationFlows>> | undefined, issuer: string): ObligationFlows {
  return { ...general, ...byIssuer?.[issuer] };
}

/**
 * The mapping a protocol 1.3 handoff carries: each obligation's `flow` (the realm's stored mapping)
 * at the version `flow_versions` pins. Types without a `flow` stay unmapped (they fail closed).
 */
export function handoffObligationFlows(obligations: readonly Obligation[], versions: readonly FlowVersionRef[]): ObligationFlows {
  return Object.fromEntries(
    obligations.flatMap(({ type, flow }) => {
      const ref = versions.find((version) => version.id === flow);
      return ref ? [[type, `${ref.id}@${ref.version}`]] : [];
    }),
  );
}

/**
 * Problems of a mapping, for the check at start: every mapped flow must exist and be a `library`
 * flow. `where` names the setting in the messages.
 */
export function mappingProblems(flows: ObligationFlows, catalog: FlowLookup, where: string): string[] {
  return Object.entries(flows).flatMap(([type, ref]) => {
    const flow = catalog.get(ref);
    if (!flow) return [`${where}: obligation type "${type}" maps to flow "${ref}", which is not loaded`];
    if (flow.category !== 'library')
      return [`${where}: obligation type "${type}" maps to flow "${ref}" of category ${flow.category}; only library flows can fulfil obligations`];
    return [];
  });
}

/** The generated flow for a handoff's obligations; it fails closed when any type is unmapped. */
export function planObligations(obligations: readonly Obligation[], mapping: ObligationFlows, catalog: FlowLookup): FlowDefinition {
  if (obligations.length === 0)
    return generated(obligations, { start: 'done', nodes: [{ id: 'done', type: 'end', config: { outcome: 'success' } }], links: [] });
  const mapped = obligations.map((obligation) => ({ obligation, flow: mapping[obligation.type] ? catalog.get(mapping[obligation.type]!) : undefined }));
  const unmapped = mapped.filter((entry) => entry.flow?.category !== 'library').map((entry) => entry.obligation.type);
  if (unmapped.length > 0)
    return failing(obligations, obligationErrors.unmapped, `no flow is mapped to obligation type(s) ${[...new Set(unmapped)].join(', ')}`);
  const incomplete = mapped.filter(({ obligation, flow }) => missingInputs(obligation, flow!).length > 0);
  if (incomplete.length > 0) {
    const { obligation, flow } = incomplete[0]!;
    return failing(
      obligations,
      obligationErrors.invalid,
      `obligation ${obligation.type} lacks param(s) ${missingInputs(obligation, flow!).join(', ')} that flow ${flowRef(flow!)} requires`,
    );
  }

  const nodes: NodeDefinition[] = [];
  const links: LinkDefinition[] = [];
  const variables: NonNullable<FlowDefinition['variables']> = {};
  const link = (from: string, output: string, to: string) => links.push({ from, output, to });
  let declined = false;
  mapped.forEach(({ obligation, flow }, index) => {
    const n = index + 1;
    const call = `obligation-${n}`;
    const next = n < mapped.length ? `obligation-${n + 1}` : 'done';
    const ref = flowRef(flow!);
    const mode = obligation.mode ?? 'mandatory';
    variables[`result${n}`] = { type: 'object', description: `what ${ref} collected for ${obligation.type}` };
    nodes.push({
      id: call,
      type: 'call-flow',
      name: `${obligation.type} (${mode})`,
      config: { flow: ref, cancelledPort: true },
      inputs: inputsFor(obligation, flow!),
      outputs: { [`flow.result${n}`]: 'result' },
    });
    nodes.push({ id: `${call}-evidence`, type: 'obligation-evidence', config: { type: obligation.type, step: ref }, inputs: { payload: `flow.result${n}` } });
    link(call, 'success', `${call}-evidence`);
    link(`${call}-evidence`, 'next', next);
    link(call, 'failure', 'failed');
    if (mode === 'soft') {
      nodes.push({ id: `${call}-skipped`, type: 'obligation-evidence', config: { type: obligation.type, step: ref, skipped: true } });
      link(call, 'cancelled', `${call}-skipped`);
      link(`${call}-skipped`, 'next', next);
    } else {
      declined = true;
      link(call, 'cancelled', 'declined');
    }
  });
  nodes.push({ id: 'done', type: 'end', config: { outcome: 'success' } });
  nodes.push({ id: 'failed', type: 'end', config: { outcome: 'failure', error: obligationErrors.failed } });
  if (declined) nodes.push({ id: 'declined', type: 'end', config: { outcome: 'failure', error: obligationErrors.declined } });
  // It may do what the library flows it calls may do; the handoff's grants still decide.
  const permissions = mapped.flatMap(({ flow }) => flow!.permissions ?? []);
  return generated(obligations, { variables, start: nodes[0]!.id, nodes, links, ...(permissions.length > 0 ? { permissions } : {}) });
}

/**
 * The library flow's declared inputs, as JSON literals (valid expressions): each from the param of
 * the same name; `mode`, `type` and `params` from the obligation itself unless a param has that name.
 */
function inputsFor(obligation: Obligation, flow: FlowDefinition): Record<string, string> {
  const own: Record<string, unknown> = { mode: obligation.mode ?? 'mandatory', type: obligation.type, params: obligation.params ?? {} };
  const inputs: Record<string, string> = {};
  for (const name of Object.keys(flow.inputs ?? {})) {
    const value = obligation.params && Object.hasOwn(obligation.params, name) ? obligation.params[name] : own[name];
    if (value !== undefined) inputs[name] = JSON.stringify(value);
  }
  return inputs;
}

function missingInputs(obligation: Obligation, flow: FlowDefinition): string[] {
  const given = inputsFor(obligation, flow);
  return Object.entries(flow.inputs ?? {})
    .filter(([name, declaration]) => declaration.required && given[name] === undefined)
    .map(([name]) => name);
}

function failing(obligations: readonly Obligation[], error: string, description: string): FlowDefinition {
  return generated(obligations, { description, start: 'refused', nodes: [{ id: 'refused', type: 'end', config: { outcome: 'failure', error } }], links: [] });
}

function generated(obligations: readonly Obligation[], parts: Pick<FlowDefinition, 'start' | 'nodes' | 'links'> & Partial<FlowDefinition>): FlowDefinition {
  // The version names the plan, so two different plans never share a reference.
  const version = createHash('sha256')
    .update(JSON.stringify([obligations, parts.nodes]))
    .digest('hex')
    .slice(0, 16);
  return {
    schemaVersion: 1,
    id: obligationsFlowId,
    name: `Obligations: ${obligations.map((obligation) => obligation.type).join(', ')}`,
    category: 'authentication',
    version,
    ...parts,
  };
}
