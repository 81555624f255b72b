/**
 * The flow state machine. Given an execution and a request it returns the next execution; it
 * never mutates its arguments, and all I/O goes through the injected Services (nodes and
 * processors use them), so it runs the same in unit tests and behind the bridge's HTTP routes.
 */
import { IoError } from '../errors.js';
import { EngineError, failureCodes } from './engine-errors.js';
import { terminalStatuses, type CompletedStep, type Execution, type FlowContext, type Frame, type Outcome, type ProcessorDecisionRecord, type TraceEntry } from './execution.js';
import { evaluate, evaluateCondition, type Scopes } from './expressions.js';
import { flowRef, type FlowDefinition, type NodeDefinition } from './flow.js';
import type { NodeContext, NodeResult, NodeType, NodeTypeRegistry, Submission } from './node-type.js';
import { renewSessionNote, type ProcessorContext } from './processor.js';
import type { ResolvedProcessors } from './processor-selection.js';
import type { Services } from './services.js';
import { submissionHash } from './submission-hash.js';

/** Automatic steps run in one call at most; more means a cycle of automatic nodes. */
export const maxStepsPerCall = 200;
/** Nesting of library flow calls. */
export const maxCallDepth = 10;

export interface FlowEngineDeps {
  nodeTypes: NodeTypeRegistry;
  services: Services;
  /** The processors around a flow's steps (see processor-selection.ts), from the composition root. */
  resolveProcessors: (flow: FlowDefinition) => ResolvedProcessors;
}

export interface StartOptions {
  /** Random, unique: also the audit correlation id. */
  executionId: string;
  /** Tags from earlier flows of the same Keycloak login. */
  tags?: string[];
  /** Record the debug trace even when the flow's settings do not ask for it. */
  trace?: boolean;
}

/** `advanced`: the execution moved (or re-rendered); `rejected`: the step refused the input; `same`: a repeat of a completed step. */
export type SubmitOutcome = 'advanced' | 'rejected' | 'same';

export interface SubmitResult {
  execution: Execution;
  outcome: SubmitOutcome;
}

/** Unwinds a step: the execution fails with this code (compensations run). */
class StepFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Everything one step needs to know about where it runs. */
interface Step {
  stepId: string;
  frame: Frame;
  flow: FlowDefinition;
  node: NodeDefinition;
  type: NodeType;
  trace: TraceEntry;
}

/** The working copy of one public call (mutated here, never the caller's object). */
interface Run {
  exec: Execution;
  flows: Map<string, FlowDefinition>;
  steps: number;
}

export class FlowEngine {
  constructor(private readonly deps: FlowEngineDeps) {}

  /** Opens an execution at the flow's start node and runs until the first interactive step or the end. */
  async start(flow: FlowDefinition, context: FlowContext, options: StartOptions): Promise<Execution> {
    const now = this.now();
    const exec: Execution = {
      id: options.executionId,
      flowId: flow.id,
      flowVersion: flow.version,
      status: 'active',
      context: structuredClone(context),
      session: {},
      frames: [newFrame(flow, flow.start, {})],
      completed: [],
      stepCounter: 1,
      tags: [...new Set(options.tags ?? [])],
      activated: [],
      evidence: [],
      actions: [],
      compensations: [],
      warnings: [...(this.deps.resolveProcessors(flow).warnings ?? [])],
      ...(options.trace || flow.settings?.trace ? { trace: [] } : {}),
      startedAt: now,
      updatedAt: now,
    };
    const run: Run = { exec, flows: new Map([[flowRef(flow), flow]]), steps: 0 };
    await this.runAutomatic(run);
    return this.touch(run);
  }

  /**
   * Answers the waiting step `stepId` with a handler and values. A repeat of a completed step's
   * submission returns `same` with the execution unchanged; anything else for a step that is over
   * is refused (`step_already_completed`, `step_unknown`, `execution_finished`).
   */
  async submit(execution: Execution, stepId: string, submission: Submission): Promise<SubmitResult> {
    if (isTerminal(execution)) throw new EngineError('execution_finished', `execution ${execution.id} is ${execution.status}`);
    const hash = submissionHash(submission);
    if (execution.current?.stepId !== stepId) {
      const done = execution.completed.find((step) => step.stepId === stepId);
      if (!done) throw new EngineError('step_unknown', `execution ${execution.id} has no step ${stepId}`);
      if (done.submissionHash === hash) return { execution, outcome: 'same' };
      throw new EngineError('step_already_completed', `step ${stepId} is already completed with a different submission`);
    }

    const run: Run = { exec: structuredClone(execution), flows: new Map(), steps: 0 };
    const { exec } = run;
    const frame = exec.frames.at(-1)!;
    const flow = this.flowOf(run, frame);
    const node = nodeOf(flow, frame.nodeId);
    const type = this.typeOf(node);
    const handler = type.handlers?.[submission.handler];
    if (!handler) throw new EngineError('handler_unknown', `node ${node.id} (${node.type}) has no handler "${submission.handler}"`);

    const step: Step = { stepId, frame, flow, node, type, trace: this.newTrace(exec, stepId, frame, node, 'handler', submission.handler) };
    let rejected = false;
    try {
      const scopes = scopesOf(exec, frame);
      const input = await evaluateInputs(node, scopes);
      await this.runBefore(run, step, 'handler', submission);
      const ctx = this.nodeContext(exec, step, input, exec.current?.nodeState);
      const result = await callNode(() => handler(ctx, submission));
      rejected = (await this.apply(run, step, result, 'handler', submission, hash)) === 'rejected';
    } catch (error) {
      await this.failStep(run, step, error);
    } finally {
      this.endTrace(exec, step.trace);
    }
    await this.runAutomatic(run);
    return { execution: this.touch(run), outcome: rejected && exec.status === 'active' ? 'rejected' : 'advanced' };
  }

  /** The browser came back from a redirect (wait/redirect node): handler `return` with the query values. */
  resume(execution: Execution, stepId: string, handler: 'return', values: Record<string, string>): Promise<SubmitResult> {
    return this.submit(execution, stepId, { handler, values });
  }

  /** active -> expired (the session's time ran out). */
  expire(execution: Execution): Execution {
    return this.transition(execution, 'active', 'expired', { outcome: 'failure', error: 'session_expired' });
  }

  /** completed -> redeemed (the evidence was used or can no longer be). */
  redeem(execution: Execution): Execution {
    return this.transition(execution, 'completed', 'redeemed', {});
  }

  private transition(execution: Execution, from: Execution['status'], to: Execution['status'], extra: Partial<Execution>): Execution {
    if (execution.status !== from) throw new EngineError('invalid_transition', `cannot go from ${execution.status} to ${to}`);
    const { current: _waiting, ...rest } = execution;
    return { ...structuredClone(rest), ...extra, status: to, updatedAt: this.now() };
  }

  private async runAutomatic(run: Run): Promise<void> {
    const { exec } = run;
    while (exec.status === 'active' && !exec.current) {
      if (run.steps >= maxStepsPerCall) {
        await this.fail(run, failureCodes.stepLimit);
        return;
      }
      run.steps++;
      await this.enter(run);
    }
  }

  /** Reaches the frame's current node: guards, skip rules, `before` hooks, then the node's init. */
  private async enter(run: Run): Promise<void> {
    const { exec } = run;
    const frame = exec.frames.at(-1)!;
    const stepId = `s${exec.stepCounter++}`;
    let step: Step | undefined;
    try {
      const flow = this.flowOf(run, frame);
      const node = nodeOf(flow, frame.nodeId);
      const type = this.typeOf(node);
      step = { stepId, frame, flow, node, type, trace: this.newTrace(exec, stepId, frame, node, 'init') };
      const config = node.config ?? {};

      const visits = (frame.visits[node.id] ?? 0) + 1;
      frame.visits[node.id] = visits;
      if (node.maxVisits !== undefined && visits > node.maxVisits) {
        if (!node.guardPort) throw new StepFailure(failureCodes.loopGuard, `node ${node.id} was reached more than ${node.maxVisits} times`);
        this.leave(run, step, node.guardPort, node.guardPort);
        return;
      }
      const scopes = scopesOf(exec, frame);
      if (await isSkipped(exec, node, scopes)) {
        step.trace.phase = 'skip';
        this.leave(run, step, node.skipPort ?? type.ports(config)[0]!, 'skipped');
        return;
      }
      const input = await evaluateInputs(node, scopes);
      await this.runBefore(run, step, 'init');
      const result = await callNode(() => type.init(this.nodeContext(exec, step!, input, undefined)));
      await this.apply(run, step, result, 'init');
    } catch (error) {
      await this.failStep(run, step, error);
    } finally {
      if (step) this.endTrace(exec, step.trace);
    }
  }

  /** Post-processing of a node result; returns `rejected` when an interactive step refused the input. */
  private async apply(run: Run, step: Step, result: NodeResult, phase: 'init' | 'handler', submission?: Submission, hash?: string): Promise<'rejected' | 'done'> {
    const { exec } = run;
    const { frame, node, type, stepId } = step;
    if (result.kind === 'wait') {
      if (!type.interactive) throw new StepFailure(failureCodes.nodeFailed, `non-interactive node ${node.id} (${node.type}) returned wait`);
      await this.runAfter(run, step, phase, result, submission);
      exec.current = { stepId, phase: 'waiting', screen: result.screen, ...(result.nodeState !== undefined ? { nodeState: result.nodeState } : {}) };
      step.trace.branch = 'wait';
      return result.rejected ? 'rejected' : 'done';
    }
    if (result.kind === 'next') {
      await storeOutputs(exec, frame, node, result.outputs ?? {});
      exec.evidence.push(...(result.evidence ?? []));
      if (result.compensation !== undefined) {
        exec.compensations.push({ stepId, nodeId: node.id, nodeType: node.type, data: result.compensation, status: 'registered' });
      }
      exec.tags = [...new Set([...exec.tags, ...(result.tags ?? [])])];
      exec.activated = [...new Set([...exec.activated, ...(result.activate ?? [])])];
      await this.runAfter(run, step, phase, result, submission);
      this.leave(run, step, result.port, result.port, hash);
      return 'done';
    }
    await this.runAfter(run, step, phase, result, submission);
    if (result.kind === 'fail') throw new StepFailure(result.error, result.message ?? `node ${node.id} failed`);
    if (result.kind === 'call') {
      this.complete(exec, step, 'call', hash);
      await this.call(run, step, result.flow, result.inputs);
      return 'done';
    }
    this.complete(exec, step, 'end', hash);
    exec.evidence.push(...(result.evidence ?? []));
    exec.actions.push(...(result.actions ?? []));
    if (exec.frames.length > 1) await this.returnToCaller(run, step, result.outcome);
    else await this.finish(run, result.outcome, result.error);
    return 'done';
  }

  /** Records the step as completed and follows the link of `port`. */
  private leave(run: Run, step: Step, port: string, result: string, hash?: string): void {
    this.complete(run.exec, step, result, hash);
    follow(run.exec, step.frame, step.flow, step.node, port);
    step.trace.branch = port;
  }

  private complete(exec: Execution, step: Step, result: string, hash?: string): void {
    const completed: CompletedStep = { stepId: step.stepId, flowId: step.flow.id, nodeId: step.node.id, nodeType: step.node.type, result, at: this.now() };
    exec.completed.push(hash ? { ...completed, submissionHash: hash } : completed);
    if (exec.current?.stepId === step.stepId) delete exec.current;
    if (!step.trace.branch) step.trace.branch = result;
  }

  private async call(run: Run, step: Step, ref: string, inputs: Record<string, unknown>): Promise<void> {
    const { exec } = run;
    if (exec.frames.length >= maxCallDepth) throw new StepFailure(failureCodes.callDepth, `library calls nest deeper than ${maxCallDepth}`);
    const library = this.deps.services.flows.get(ref);
    if (!library) throw new StepFailure(failureCodes.flowNotFound, `no library flow "${ref}"`);
    run.flows.set(flowRef(library), library);
    const given = Object.fromEntries(Object.entries(inputs).filter(([name, value]) => library.inputs?.[name] && value !== undefined));
    exec.frames.push({ ...newFrame(library, library.start, given), calledFrom: step.node.id });
    exec.warnings = [...new Set([...exec.warnings, ...(this.deps.resolveProcessors(library).warnings ?? [])])];
    step.trace.branch = `call:${flowRef(library)}`;
  }

  /** A library flow ended: its declared outputs become the call node's `result`, and its outcome picks the port. */
  private async returnToCaller(run: Run, step: Step, outcome: Outcome): Promise<void> {
    const { exec } = run;
    const child = exec.frames.pop()!;
    const library = this.flowOf(run, child);
    const outputs = Object.fromEntries(Object.keys(library.outputs ?? {}).map((name) => [name, child.variables[name]]));
    const caller = exec.frames.at(-1)!;
    const callerFlow = this.flowOf(run, caller);
    const callNode = nodeOf(callerFlow, child.calledFrom ?? caller.nodeId);
    const port = outcome === 'success' ? 'success' : 'failure';
    await storeOutputs(exec, caller, callNode, outputs);
    follow(exec, caller, callerFlow, callNode, port);
    step.trace.branch = `return:${port}`;
  }

  private async finish(run: Run, outcome: Outcome, error?: string): Promise<void> {
    const { exec } = run;
    delete exec.current;
    exec.outcome = outcome;
    if (outcome === 'success') {
      exec.status = 'completed';
      return;
    }
    exec.status = 'failed';
    exec.error = error ?? 'flow_failed';
    await this.compensate(run);
  }

  private async fail(run: Run, code: string): Promise<void> {
    await this.finish(run, 'failure', code);
  }

  private async failStep(run: Run, step: Step | undefined, error: unknown): Promise<void> {
    const { code, message } = describeFailure(error);
    if (step) step.trace.error = { code, message };
    await this.fail(run, code);
  }

  /** Undoes registered compensations, newest first; a compensation that fails is recorded and surfaced. */
  private async compensate(run: Run): Promise<void> {
    const { exec } = run;
    for (const compensation of [...exec.compensations].reverse()) {
      if (compensation.status !== 'registered') continue;
      const completed = exec.completed.find((step) => step.stepId === compensation.stepId);
      const flow = completed && this.findFlow(run, completed.flowId);
      const node = flow?.nodes.find((candidate) => candidate.id === compensation.nodeId);
      const trace = this.newTraceFor(exec, compensation.stepId, flow?.id ?? exec.flowId, compensation.nodeId, compensation.nodeType, 'compensation');
      try {
        const type = this.deps.nodeTypes.get(compensation.nodeType);
        if (!type?.compensate || !node) throw new Error(`node type ${compensation.nodeType} cannot compensate`);
        await type.compensate({ context: exec.context, services: this.deps.services, executionId: exec.id, node }, compensation.data);
        compensation.status = 'compensated';
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        compensation.status = 'compensation_failed';
        compensation.error = message;
        exec.warnings.push(`compensation_failed: step ${compensation.stepId} node ${compensation.nodeId} (${compensation.nodeType}): ${message}`);
        trace.error = { code: 'compensation_failed', message };
      }
      compensation.at = this.now();
      trace.branch = compensation.status;
      this.endTrace(exec, trace);
    }
  }

  private async runBefore(run: Run, step: Step, phase: 'init' | 'handler', submission?: Submission): Promise<void> {
    await this.runProcessors(run, step, phase, 'before', undefined, submission);
  }

  private async runAfter(run: Run, step: Step, phase: 'init' | 'handler', result: NodeResult, submission?: Submission): Promise<void> {
    await this.runProcessors(run, step, phase, 'after', result, submission);
  }

  /** Runs the hooks in order; the first `stop` fails the step with the processor's error. */
  private async runProcessors(run: Run, step: Step, phase: 'init' | 'handler', hook: 'before' | 'after', result: NodeResult | undefined, submission?: Submission): Promise<void> {
    const { exec } = run;
    const { processors, options } = this.deps.resolveProcessors(step.flow);
    for (const processor of processors) {
      const base: ProcessorContext = {
        execution: exec,
        context: exec.context,
        node: step.node,
        nodeType: step.node.type,
        stepId: step.stepId,
        phase,
        ...(submission ? { submission } : {}),
        services: this.deps.services,
        options: options[processor.id] ?? {},
        now: this.now(),
      };
      let decision;
      try {
        if (hook === 'before') decision = await processor.before?.(base);
        else decision = await processor.after?.({ ...base, result: result! });
      } catch (error) {
        const { code, message } = describeFailure(error, failureCodes.processorFailed);
        step.trace.processors.push({ processor: processor.id, hook, decision: 'stop', error: code });
        throw new StepFailure(code, `processor ${processor.id}: ${message}`);
      }
      if (!decision) continue;
      const record: ProcessorDecisionRecord = { processor: processor.id, hook, decision: decision.decision };
      if (decision.decision === 'stop') record.error = decision.error;
      else if (decision.note) {
        record.note = decision.note;
        if (decision.note === renewSessionNote) exec.renewSession = true;
      }
      step.trace.processors.push(record);
      if (decision.decision === 'stop') throw new StepFailure(decision.error, decision.message ?? `stopped by processor ${processor.id}`);
    }
  }

  private nodeContext(exec: Execution, step: Step, input: Record<string, unknown>, nodeState: unknown): NodeContext {
    return {
      node: { ...step.node, config: step.node.config ?? {} },
      input,
      context: exec.context,
      variables: { flow: step.frame.variables, session: exec.session },
      ...(nodeState !== undefined ? { nodeState } : {}),
      services: this.deps.services,
      executionId: exec.id,
      stepId: step.stepId,
      locale: exec.context.locale ?? step.flow.settings?.defaultLocale ?? 'en',
      now: this.now(),
    };
  }

  private newTrace(exec: Execution, stepId: string, frame: Frame, node: NodeDefinition, phase: TraceEntry['phase'], handler?: string): TraceEntry {
    const entry = this.newTraceFor(exec, stepId, frame.flowId, node.id, node.type, phase);
    entry.variablesBefore = variablesOf(exec, frame);
    if (handler) entry.handler = handler;
    return entry;
  }

  private newTraceFor(exec: Execution, stepId: string, flowId: string, nodeId: string, nodeType: string, phase: TraceEntry['phase']): TraceEntry {
    const frame = exec.frames.at(-1);
    return { stepId, flowId, nodeId, nodeType, phase, variablesBefore: frame ? variablesOf(exec, frame) : { flow: {}, session: {} }, processors: [], startedAt: this.now(), durationMs: 0 };
  }

  /** Appends the entry when the execution records a trace. */
  private endTrace(exec: Execution, entry: TraceEntry): void {
    if (!exec.trace) return;
    entry.durationMs = this.now() - entry.startedAt;
    const frame = exec.frames.at(-1);
    if (frame) entry.variablesAfter = variablesOf(exec, frame);
    exec.trace.push(entry);
  }

  private flowOf(run: Run, frame: Frame): FlowDefinition {
    const ref = `${frame.flowId}@${frame.flowVersion}`;
    let flow = run.flows.get(ref) ?? this.deps.services.flows.get(ref);
    if (!flow) throw new StepFailure(failureCodes.flowNotFound, `flow ${ref} is not loaded`);
    run.flows.set(ref, flow);
    return flow;
  }

  /** The flow a completed step ran in (its frame may be gone): this call's flows, the live frames, else the newest version. */
  private findFlow(run: Run, flowId: string): FlowDefinition | undefined {
    const loaded = [...run.flows.values()].find((flow) => flow.id === flowId);
    if (loaded) return loaded;
    const frame = run.exec.frames.find((candidate) => candidate.flowId === flowId);
    return this.deps.services.flows.get(frame ? `${flowId}@${frame.flowVersion}` : flowId);
  }

  private typeOf(node: NodeDefinition): NodeType {
    const type = this.deps.nodeTypes.get(node.type);
    if (!type) throw new StepFailure(failureCodes.nodeFailed, `node ${node.id} has unknown type "${node.type}"`);
    return type;
  }

  private touch(run: Run): Execution {
    run.exec.updatedAt = this.now();
    return run.exec;
  }

  private now(): number {
    return this.deps.services.clock.now();
  }
}

export function isTerminal(execution: Pick<Execution, 'status'>): boolean {
  return terminalStatuses.includes(execution.status);
}

function newFrame(flow: FlowDefinition, nodeId: string, given: Record<string, unknown>): Frame {
  const declarations = { ...flow.inputs, ...flow.outputs, ...flow.variables };
  const defaults = Object.fromEntries(
    Object.entries(declarations)
      .filter(([, declaration]) => declaration.default !== undefined)
      .map(([name, declaration]) => [name, structuredClone(declaration.default)]),
  );
  return { flowId: flow.id, flowVersion: flow.version, nodeId, variables: { ...defaults, ...structuredClone(given) }, visits: {} };
}

function nodeOf(flow: FlowDefinition, id: string): NodeDefinition {
  const node = flow.nodes.find((candidate) => candidate.id === id);
  if (!node) throw new StepFailure(failureCodes.nodeFailed, `flow ${flowRef(flow)} has no node "${id}"`);
  return node;
}

function follow(exec: Execution, frame: Frame, flow: FlowDefinition, node: NodeDefinition, port: string): void {
  const link = flow.links.find((candidate) => candidate.from === node.id && candidate.output === port);
  if (!link) throw new StepFailure(failureCodes.nodeFailed, `node ${node.id} left through port "${port}", which has no link`);
  frame.nodeId = link.to;
  delete exec.current;
}

function scopesOf(exec: Execution, frame: Frame): Scopes {
  return { context: exec.context, session: exec.session, flow: frame.variables };
}

function variablesOf(exec: Execution, frame: Frame): TraceEntry['variablesBefore'] {
  return structuredClone({ flow: frame.variables, session: exec.session });
}

async function isSkipped(exec: Execution, node: NodeDefinition, scopes: Scopes): Promise<boolean> {
  if (node.requiresActivation && !exec.activated.includes(node.id)) return true;
  if (node.when !== undefined && !(await evaluateCondition(node.when, scopes))) return true;
  return node.skipIf !== undefined && (await evaluateCondition(node.skipIf, scopes));
}

async function evaluateInputs(node: NodeDefinition, scopes: Scopes): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  for (const [name, source] of Object.entries(node.inputs ?? {})) input[name] = await evaluate(source, scopes);
  return input;
}

/** Evaluates every mapping against the same scopes first, then writes: mappings never see each other's writes. */
async function storeOutputs(exec: Execution, frame: Frame, node: NodeDefinition, result: unknown): Promise<void> {
  const scopes: Scopes = { ...scopesOf(exec, frame), result };
  const values: Array<[string, unknown]> = [];
  for (const [target, source] of Object.entries(node.outputs ?? {})) values.push([target, await evaluate(source, scopes)]);
  for (const [target, value] of values) {
    const [scope, name] = target.split('.') as ['flow' | 'session', string];
    const variables = scope === 'flow' ? frame.variables : exec.session;
    if (value === undefined) delete variables[name];
    else variables[name] = value;
  }
}

/** A node that throws never crashes the engine: the error becomes the step's failure. */
async function callNode(run: () => Promise<NodeResult>): Promise<NodeResult> {
  try {
    return await run();
  } catch (error) {
    const { code, message } = describeFailure(error);
    throw new StepFailure(code, message);
  }
}

function describeFailure(error: unknown, fallback: string = failureCodes.nodeFailed): { code: string; message: string } {
  if (error instanceof StepFailure || error instanceof IoError) return { code: error.code, message: error.message };
  return { code: fallback, message: error instanceof Error ? error.message : String(error) };
}
