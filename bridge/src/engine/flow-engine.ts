import type { Flow, FlowNode } from './flow.js';
import type { FlowState } from './flow-state.js';
import type { Feedback, NodeResult, NodeTypeRegistry, Screen } from './node-type.js';

/** Upper bound on nodes run without user input in one step; guards against cycles of automatic nodes. */
const maxAutomaticSteps = 100;

export type StepResult = { state: FlowState; feedback?: Feedback };

/**
 * The pure state machine: given a flow, a state and an input it returns the next state. It never
 * mutates its arguments and does no I/O, so callers decide how to persist and what to do next.
 */
export class FlowEngine {
  constructor(private readonly registry: NodeTypeRegistry) {}

  start(flow: Flow, now: number): FlowState {
    const initial: FlowState = {
      flowId: flow.id,
      flowVersion: flow.version,
      status: 'active',
      currentNode: flow.start,
      variables: {},
      completedSteps: [],
      evidence: [],
      actions: [],
    };
    return this.runAutomatic(flow, initial, now);
  }

  /** Submits `input` to the current (interactive) node. */
  submit(flow: Flow, state: FlowState, input: Record<string, string>, now: number): StepResult {
    if (state.status !== 'active') return { state };
    const node = this.node(flow, state.currentNode);
    const result = this.typeOf(node).run(node, { variables: state.variables, input, now });
    if (result.kind === 'rejected') return { state, feedback: result.feedback };
    return { state: this.runAutomatic(flow, this.apply(flow, state, node, result), now) };
  }

  /** The screen of the current node, if it waits for the user. */
  screen(flow: Flow, state: FlowState, feedback?: Feedback): Screen | undefined {
    if (state.status !== 'active') return undefined;
    const node = this.node(flow, state.currentNode);
    return this.typeOf(node).screen?.(node, feedback);
  }

  /** Nodes the flow has run so far, for audit (node id and type). */
  nodeType(flow: Flow, nodeId: string): string | undefined {
    return flow.nodes.find((node) => node.id === nodeId)?.type;
  }

  private runAutomatic(flow: Flow, state: FlowState, now: number): FlowState {
    let current = state;
    for (let steps = 0; current.status === 'active'; steps++) {
      const node = this.node(flow, current.currentNode);
      const type = this.typeOf(node);
      if (type.screen) return current;
      if (steps >= maxAutomaticSteps) return { ...current, status: 'failed', outcome: 'failure', error: 'flow_loop' };
      const result = type.run(node, { variables: current.variables, now });
      // Only screens can reject; an automatic node that does so is a broken node type.
      if (result.kind === 'rejected') return { ...current, status: 'failed', outcome: 'failure', error: 'flow_failed' };
      current = this.apply(flow, current, node, result);
    }
    return current;
  }

  private apply(flow: Flow, state: FlowState, node: FlowNode, result: Exclude<NodeResult, { kind: 'rejected' }>): FlowState {
    const completedSteps = [...state.completedSteps, node.id];
    if (result.kind === 'end') {
      return {
        ...state,
        completedSteps,
        status: 'completed',
        outcome: result.outcome,
        ...(result.error ? { error: result.error } : {}),
        actions: [...state.actions, ...result.actions],
      };
    }
    const link = flow.links.find((candidate) => candidate.from === node.id && candidate.output === result.output);
    if (!link) return { ...state, completedSteps, status: 'failed', outcome: 'failure', error: 'flow_failed' };
    return {
      ...state,
      completedSteps,
      currentNode: link.to,
      variables: { ...state.variables, ...result.variables },
      evidence: [...state.evidence, ...(result.evidence ?? [])],
    };
  }

  private node(flow: Flow, id: string): FlowNode {
    const node = flow.nodes.find((candidate) => candidate.id === id);
    if (!node) throw new Error(`flow ${flow.id}@${flow.version} has no node "${id}"`);
    return node;
  }

  private typeOf(node: FlowNode) {
    const type = this.registry.get(node.type);
    if (!type) throw new Error(`node "${node.id}" has unknown type "${node.type}"`);
    return type;
  }
}
