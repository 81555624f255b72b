/**
 * Try it (issue 10): an admin runs a flow draft step by step from the admin console. The draft and
 * the library flows it calls come in the request (from Keycloak, signed), are validated exactly as
 * on publish, and run with the real engine and node types — but in a namespace of their own:
 *
 * - runs live in their own store (`{prefix}try:`), 15 minutes, and belong to the realm (issuer) and
 *   admin (`sub`) that started them: anyone else gets admin_run_not_found;
 * - nothing here can reach a journey session or sign evidence: this module has neither the session
 *   store nor the signer; the evidence a run would send is only shown;
 * - counters (lockouts, rate limits) are prefixed `try:`, audit events carry `mode: "try"`;
 * - the realm's settings come with the request as a login's handoff carries them (`realm_settings`,
 *   protocol 1.3): the screens use the realm's theme and the steps run its processor lists;
 * - integrations are stubbed unless the admin asks for the real ones: Keycloak user and membership
 *   nodes, send-email and http-request answer from `stubs` (default: their first port, no outputs),
 *   processors see an in-memory directory holding the test user, mail is captured, never sent, and
 *   outbound HTTP is refused.
 */
import { randomBytes } from 'node:crypto';
import { FlowCatalog } from '../engine/flow-catalog.js';
import { FlowEngine } from '../engine/flow-engine.js';
import { EngineError } from '../engine/engine-errors.js';
import type { Execution, FlowContext, TraceEntry } from '../engine/execution.js';
import { flowRef, type FlowDefinition } from '../engine/flow.js';
import type { NodeType, NodeTypeRegistry } from '../engine/node-type.js';
import type { MailMessage, Services } from '../engine/services.js';
import { callFlowNodeType, type FlowValidationContext } from '../engine/validate-flow.js';
import { AdminError, FlowValidationError, IoError, malformedFields, type FieldProblem } from '../errors.js';
import { refuseEvidence } from '../handoff/evidence-authorization.js';
import { parseRealmSettings, type RealmSettings } from '../handoff/realm-settings.js';
import type { FlowRuntime } from '../flow-runtime.js';
import { maxFlowVersions } from '../handoff/flow-versions.js';
import { realmOfIssuer } from '../handoff/realm.js';
import { MemoryDirectory } from '../connectors/memory-directory.js';
import { isJsonObject } from '../json-object.js';
import { messageSource, type MessageSource } from '../theming/messages.js';
import type { SessionStore } from '../store/session-store.js';
import type { AdminCall } from '../handoff/admin-token.js';

/** How long a test run lives after it started. */
export const tryRunTtlSeconds = 15 * 60;

/** A stubbed integration node's answer: the port it leaves by and its outputs. */
export interface StubAnswer {
  port?: string;
  outputs?: Record<string, unknown>;
}

export interface TryUser {
  username: string;
  email?: string;
  given_name?: string;
  family_name?: string;
  attributes?: Record<string, string[]>;
}

/** The body of `POST /io/admin/try`. */
export interface TryRequest {
  flow: Record<string, unknown>;
  library: Array<Record<string, unknown>>;
  /** Flow id -> locale -> key -> text (the draft's and the library versions' bundles). */
  messages: Record<string, Record<string, Record<string, string>>>;
  inputs: Record<string, unknown>;
  user?: TryUser;
  integrations: 'stubbed' | 'real';
  stubs: Record<string, StubAnswer>;
  locale?: string;
  /** The realm's theme and processor lists, as a login's handoff would carry them. */
  realm_settings?: RealmSettings;
}

/** The body of `POST /io/admin/try/{runId}`. */
export interface TryStep {
  stepId: string;
  handler: string;
  values: Record<string, string>;
}

/** What is kept of a run between its steps. */
export interface TryRun {
  issuer: string;
  subject: string;
  request: TryRequest;
  execution: Execution;
  /** Mail the run's steps sent (captured; in real mode also sent). */
  mail: MailMessage[];
  /** The in-memory directory's users after the last step (stubbed mode), so changes carry over. */
  directory?: ReturnType<MemoryDirectory['snapshot']>;
}

export interface TryScreen {
  html: string;
  stepId: string;
  handlers: string[];
  /** A redirect step: where the browser would go; answer it with handler `return` and the values it would bring back. */
  redirectTo?: string;
}

export interface TryAnswer {
  runId: string;
  status: 'active' | 'completed' | 'failed';
  screen?: TryScreen;
  /** The variables of the running frame (the draft's, or a library flow's while it runs) and of the session. */
  variables: { flow: Record<string, unknown>; session: Record<string, unknown> };
  /** Where the run stands: the frame's flow and node. */
  at?: { flowId: string; nodeId: string };
  trace: TraceEntry[];
  outcome?: string;
  error?: string;
  /** Only for display: what the evidence would have carried; nothing was signed or sent. */
  evidence?: { outcome: string; error?: string; entries: Execution['evidence']; actions: Execution['actions']; refusal?: { code: string; message: string } };
  /** Mail the steps sent (stubbed: captured only). */
  mail: MailMessage[];
  warnings: string[];
}

export interface TryRunsDeps {
  store: SessionStore<TryRun>;
  nodeTypes: NodeTypeRegistry;
  validation: FlowValidationContext;
  /** A run's processors: the realm's lists (the request's `realm_settings.processors`), else the built-in sets. */
  resolveProcessorsFor: FlowRuntime['resolveProcessorsFor'];
  /** Whether this bridge has a processor of this id (a realm list naming another is refused, as in a handoff). */
  knownProcessor: (id: string) => boolean;
  /** The bridge's real adapters (used as they are only in `real` mode; counters always prefixed). */
  services: Services;
  /** Renders the waiting step in its theme (the node's, the flow's, the realm's, the bridge's), its forms posting nowhere. */
  renderScreen: (execution: Execution, flow: FlowDefinition | undefined, messages: ReadonlyMap<string, MessageSource>, page: TryPage) => string;
  now?: () => number;
}

/** Where a run's screen is shown: its locale and realm (issuer, and the theme the realm stored). */
export interface TryPage {
  locale?: string;
  issuer: string;
  realmTheme?: string;
}

export class TryRuns {
  constructor(private readonly deps: TryRunsDeps) {}

  async start(call: AdminCall, body: Buffer): Promise<TryAnswer> {
    const subject = requireSubject(call);
    const request = parseTryRequest(body, this.deps.knownProcessor);
    const { catalog, flow } = this.catalogOf(request);
    checkStubs(request.stubs, catalog, flow, this.deps.nodeTypes);
    const messages = messagesOf(request.messages);
    const run: TryRun = { issuer: call.issuer, subject, request, execution: undefined as unknown as Execution, mail: [] };
    const runId = randomBytes(18).toString('base64url');
    const { engine, directory } = this.engineFor(run, catalog);
    run.execution = await engine.start(flow, contextOf(call.issuer, request), { executionId: `try-${runId}`, trace: true, inputs: request.inputs });
    if (directory) run.directory = directory.snapshot();
    await this.deps.store.create(runId, run, tryRunTtlSeconds);
    return this.answer(runId, run, flow, messages);
  }

  async step(call: AdminCall, runId: string, body: Buffer): Promise<TryAnswer> {
    const subject = requireSubject(call);
    const step = parseTryStep(body);
    const record = await this.deps.store.get(runId);
    // Another realm's or another admin's run does not exist for this caller.
    if (!record || record.data.issuer !== call.issuer || record.data.subject !== subject)
      throw new AdminError('admin_run_not_found', `no test run ${runId} of ${call.issuer} for ${subject}`);
    const run = record.data;
    const { catalog, flow } = this.catalogOf(run.request);
    const { engine, directory } = this.engineFor(run, catalog);
    let execution: Execution;
    try {
      ({ execution } = await engine.submit(run.execution, step.stepId, { handler: step.handler, values: step.values }));
    } catch (error) {
      if (error instanceof EngineError) throw new AdminError('admin_step_refused', error.message).with({ reason: error.code });
      throw error;
    }
    const next: TryRun = { ...run, execution, ...(directory ? { directory: directory.snapshot() } : {}) };
    if (!(await this.deps.store.update(runId, record.version, next)))
      throw new AdminError('admin_step_refused', `test run ${runId} changed during this request`).with({ reason: 'run_conflict' });
    return this.answer(runId, next, flow, messagesOf(run.request.messages));
  }

  /** The draft with its library, validated as on publish (an invalid one is admin_flow_invalid with the issues). */
  private catalogOf(request: TryRequest): { catalog: FlowCatalog; flow: FlowDefinition } {
    try {
      const catalog = new FlowCatalog(
        [...request.library.map((raw, index) => ({ raw, path: `library/${index}` })), { raw: request.flow, path: 'flow' }],
        this.deps.validation,
      );
      const flow = catalog.require(`${String(request.flow['id'])}@${String(request.flow['version'])}`);
      return { catalog, flow };
    } catch (error) {
      if (!(error instanceof FlowValidationError)) throw error;
      const issues = error.issues.map(({ path, node, field, message }) => ({ path, node: node ?? null, field, message }));
      throw new AdminError('admin_flow_invalid', `the flow to try is invalid: ${issues.length} issue(s)`).with({ issues });
    }
  }

  private engineFor(run: TryRun, catalog: FlowCatalog): { engine: FlowEngine; directory?: MemoryDirectory } {
    const real = run.request.integrations === 'real';
    const base = this.deps.services;
    const directory = real ? undefined : MemoryDirectory.restore(run.issuer, run.directory ?? initialDirectory(run.request.user));
    const captured = run.mail;
    const services: Services = {
      ...base,
      flows: catalog,
      users: directory ?? base.users,
      organizations: directory ?? base.organizations,
      mail: {
        send: async (message) => {
          captured.push({ to: message.to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}) });
          return real ? base.mail.send(message) : { messageId: `try-${captured.length}` };
        },
      },
      http: real
        ? base.http
        : {
            request: async () => {
              throw new IoError('integration_stubbed', 'Try it: outbound HTTP is stubbed (answer the node from stubs, or try with real integrations)');
            },
          },
      counters: prefixedCounters(base.counters, `try:${run.issuer}|`),
      audit: { record: (event) => base.audit.record({ ...event, details: { ...event.details, mode: 'try' } }) },
    };
    const nodeTypes = real ? this.deps.nodeTypes : stubbedNodeTypes(this.deps.nodeTypes, run.request.stubs);
    const resolveProcessors = this.deps.resolveProcessorsFor(run.request.realm_settings?.processors);
    return { engine: new FlowEngine({ nodeTypes, services, resolveProcessors }), ...(directory ? { directory } : {}) };
  }

  private answer(runId: string, run: TryRun, flow: FlowDefinition, messages: ReadonlyMap<string, MessageSource>): TryAnswer {
    const { execution } = run;
    const frame = execution.frames.at(-1);
    const status = execution.status === 'active' ? 'active' : execution.status === 'completed' || execution.status === 'redeemed' ? 'completed' : 'failed';
    const current = execution.current;
    const answer: TryAnswer = {
      runId,
      status,
      ...(current
        ? {
            screen: {
              html: this.deps.renderScreen(execution, flow, messages, {
                ...(run.request.locale ? { locale: run.request.locale } : {}),
                issuer: run.issuer,
                ...(run.request.realm_settings?.theme ? { realmTheme: run.request.realm_settings.theme } : {}),
              }),
              stepId: current.stepId,
              handlers: current.screen.handlers,
              ...(current.screen.redirectTo ? { redirectTo: current.screen.redirectTo } : {}),
            },
          }
        : {}),
      variables: { flow: frame?.variables ?? {}, session: execution.session },
      ...(frame && status === 'active' ? { at: { flowId: frame.flowId, nodeId: frame.nodeId } } : {}),
      trace: execution.trace ?? [],
      ...(execution.outcome ? { outcome: execution.outcome } : {}),
      ...(execution.error ? { error: execution.error } : {}),
      mail: run.mail,
      warnings: execution.warnings,
    };
    if (status !== 'active') {
      const success = execution.outcome === 'success';
      const refusal = success ? refuseEvidence(flow.permissions ?? [], execution.evidence, execution.actions, execution.context.user !== undefined) : undefined;
      answer.evidence = {
        outcome: execution.outcome ?? 'failure',
        ...(execution.error ? { error: execution.error } : {}),
        entries: execution.evidence,
        actions: success ? execution.actions : [],
        ...(refusal ? { refusal } : {}),
      };
    }
    return answer;
  }
}

function requireSubject(call: AdminCall): string {
  // A run belongs to an admin: a token that names none cannot start or continue one.
  if (!call.subject) throw new AdminError('admin_token_invalid', 'a try-flow token must name the admin (sub)');
  return call.subject;
}

/** The test user of the run's context (a fixed id: nothing is looked up in Keycloak). */
const tryUserId = 'io-try-user';

function contextOf(issuer: string, request: TryRequest): FlowContext {
  const user = request.user;
  return {
    issuer,
    realm: realmOfIssuer(issuer),
    client: { id: 'io-try-it' },
    ...(user
      ? {
          user: {
            id: tryUserId,
            username: user.username,
            ...(user.email ? { email: user.email } : {}),
            ...(user.given_name ? { givenName: user.given_name } : {}),
            ...(user.family_name ? { familyName: user.family_name } : {}),
            enabled: true,
          },
        }
      : {}),
    ...(request.locale ? { locale: request.locale } : {}),
  };
}

function initialDirectory(user: TryUser | undefined): ReturnType<MemoryDirectory['snapshot']> {
  if (!user) return [];
  return [
    {
      user: {
        id: tryUserId,
        username: user.username,
        ...(user.email ? { email: user.email, emailVerified: false } : {}),
        ...(user.given_name ? { firstName: user.given_name } : {}),
        ...(user.family_name ? { lastName: user.family_name } : {}),
        enabled: true,
        attributes: user.attributes ?? {},
      },
      groups: [],
      roles: [],
    },
  ];
}

function messagesOf(messages: TryRequest['messages']): Map<string, MessageSource> {
  return new Map(Object.entries(messages).map(([flowId, bundles]) => [flowId, messageSource(`flow ${flowId} (try)`, bundles)]));
}

/** Counters of test runs never meet production's (a lockout tried out locks no real user). */
function prefixedCounters(counters: Services['counters'], prefix: string): Services['counters'] {
  return {
    increment: (key, ttl) => counters.increment(prefix + key, ttl),
    get: (key) => counters.get(prefix + key),
    reset: (key) => counters.reset(prefix + key),
    put: (key, value, ttl) => counters.put(prefix + key, value, ttl),
    read: (key) => counters.read(prefix + key),
  };
}

/** Integration node types that reach outside (Keycloak users and memberships, mail, HTTP); a library call is not one. */
export function isStubbable(type: NodeType): boolean {
  return type.kind === 'integration' && type.type !== callFlowNodeType;
}

/** The registry with each stubbable type answering from `stubs` by node id: its port (default: the first) and outputs. */
function stubbedNodeTypes(registry: NodeTypeRegistry, stubs: Record<string, StubAnswer>): NodeTypeRegistry {
  return {
    types: () => registry.types(),
    get: (name) => {
      const type = registry.get(name);
      if (!type || !isStubbable(type)) return type;
      return {
        ...type,
        init: async (ctx) => {
          const stub = stubs[ctx.node.id] ?? {};
          return { kind: 'next', port: stub.port ?? type.ports(ctx.node.config)[0]!, outputs: stub.outputs ?? {} };
        },
        compensate: async () => {},
      } as NodeType;
    },
  };
}

/** Every stub names a stubbable node of the draft or its library, and a port that node has. */
function checkStubs(stubs: Record<string, StubAnswer>, catalog: FlowCatalog, flow: FlowDefinition, nodeTypes: NodeTypeRegistry): void {
  const flows = [
    flow,
    ...catalog
      .refs()
      .filter((ref) => ref.includes('@') && ref !== flowRef(flow))
      .map((ref) => catalog.get(ref)!),
  ];
  const problems: FieldProblem[] = [];
  for (const [nodeId, stub] of Object.entries(stubs)) {
    const node = flows.flatMap((candidate) => candidate.nodes).find((candidate) => candidate.id === nodeId);
    const type = node && nodeTypes.get(node.type);
    if (!node || !type || !isStubbable(type)) {
      problems.push({
        field: `stubs/${nodeId}`,
        message: 'not an integration node of the flow or its library (http-request, keycloak-user, keycloak-membership, send-email)',
      });
      continue;
    }
    const ports = type.ports(node.config ?? {});
    if (stub.port !== undefined && !ports.includes(stub.port)) problems.push({ field: `stubs/${nodeId}/port`, message: `one of ${ports.join(', ')}` });
  }
  if (problems.length > 0) throw malformedFields(problems);
}

const localePattern = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw malformedFields([{ field: '', message: 'the body is not JSON' }]);
  }
}

/**
 * The body of a start, every problem named by its field. `realm_settings` is checked as a
 * handoff's claim is (`knownProcessor`: a list naming a processor this bridge lacks is refused).
 */
export function parseTryRequest(body: Buffer, knownProcessor: (id: string) => boolean): TryRequest {
  const parsed = parseJson(body);
  if (!isJsonObject(parsed)) throw malformedFields([{ field: '', message: 'a JSON object' }]);
  const problems: FieldProblem[] = [];
  const { flow, library = [], messages = {}, inputs = {}, user, integrations = 'stubbed', stubs = {}, locale, realm_settings } = parsed;
  if (!isJsonObject(flow)) problems.push({ field: 'flow', message: 'a flow definition object' });
  if (!Array.isArray(library) || library.length >= maxFlowVersions || !library.every(isJsonObject)) {
    problems.push({ field: 'library', message: `an array of at most ${maxFlowVersions - 1} definition objects` });
  }
  if (!isJsonObject(messages) || !Object.values(messages).every(isJsonObject))
    problems.push({ field: 'messages', message: 'an object of flow id -> locale -> messages' });
  else {
    try {
      messagesOf(messages as TryRequest['messages']);
    } catch (error) {
      problems.push({ field: 'messages', message: (error as Error).message });
    }
  }
  if (!isJsonObject(inputs)) problems.push({ field: 'inputs', message: 'an object of input name -> value' });
  if (user !== undefined) problems.push(...userProblems(user));
  if (integrations !== 'stubbed' && integrations !== 'real') problems.push({ field: 'integrations', message: '"stubbed" or "real"' });
  if (!isJsonObject(stubs)) problems.push({ field: 'stubs', message: 'an object of node id -> {port?, outputs?}' });
  else {
    for (const [nodeId, stub] of Object.entries(stubs)) {
      if (!isJsonObject(stub)) problems.push({ field: `stubs/${nodeId}`, message: 'an object {port?, outputs?}' });
      else {
        if (stub['port'] !== undefined && typeof stub['port'] !== 'string') problems.push({ field: `stubs/${nodeId}/port`, message: 'a port name' });
        if (stub['outputs'] !== undefined && !isJsonObject(stub['outputs']))
          problems.push({ field: `stubs/${nodeId}/outputs`, message: 'an object of output name -> value' });
        const unknown = Object.keys(stub).filter((key) => key !== 'port' && key !== 'outputs');
        if (unknown.length > 0) problems.push({ field: `stubs/${nodeId}`, message: `unknown field(s) ${unknown.join(', ')}` });
      }
    }
  }
  if (locale !== undefined && (typeof locale !== 'string' || !localePattern.test(locale)))
    problems.push({ field: 'locale', message: 'a language tag, e.g. "en"' });
  const realmSettings = parseRealmSettings(realm_settings, knownProcessor);
  if ('problem' in realmSettings) problems.push({ field: 'realm_settings', message: realmSettings.problem });
  if (problems.length > 0) throw malformedFields(problems);
  return {
    flow: flow as Record<string, unknown>,
    library: library as Array<Record<string, unknown>>,
    messages: messages as TryRequest['messages'],
    inputs: inputs as Record<string, unknown>,
    ...(user !== undefined ? { user: user as unknown as TryUser } : {}),
    integrations: integrations as TryRequest['integrations'],
    stubs: stubs as Record<string, StubAnswer>,
    ...(locale !== undefined ? { locale: locale as string } : {}),
    ...('settings' in realmSettings && realmSettings.settings ? { realm_settings: realmSettings.settings } : {}),
  };
}

function userProblems(user: unknown): FieldProblem[] {
  if (!isJsonObject(user)) return [{ field: 'user', message: 'an object {username, email?, given_name?, family_name?, attributes?}' }];
  const problems: FieldProblem[] = [];
  if (typeof user['username'] !== 'string' || user['username'] === '' || user['username'].length > 255)
    problems.push({ field: 'user/username', message: 'a non-empty string' });
  for (const name of ['email', 'given_name', 'family_name']) {
    const value = user[name];
    if (value !== undefined && (typeof value !== 'string' || value.length > 255)) problems.push({ field: `user/${name}`, message: 'a string' });
  }
  const attributes = user['attributes'];
  if (
    attributes !== undefined &&
    (!isJsonObject(attributes) || !Object.values(attributes).every((values) => Array.isArray(values) && values.every((v) => typeof v === 'string')))
  ) {
    problems.push({ field: 'user/attributes', message: 'an object of attribute name -> array of strings' });
  }
  const unknown = Object.keys(user).filter((key) => !['username', 'email', 'given_name', 'family_name', 'attributes'].includes(key));
  if (unknown.length > 0) problems.push({ field: 'user', message: `unknown field(s) ${unknown.join(', ')}` });
  return problems;
}

/** The body of a step. */
export function parseTryStep(body: Buffer): TryStep {
  const parsed = parseJson(body);
  if (!isJsonObject(parsed)) throw malformedFields([{ field: '', message: 'a JSON object {stepId, handler, values}' }]);
  const problems: FieldProblem[] = [];
  const { stepId, handler, values = {} } = parsed;
  if (typeof stepId !== 'string' || stepId === '') problems.push({ field: 'stepId', message: 'the waiting step id' });
  if (typeof handler !== 'string' || handler === '') problems.push({ field: 'handler', message: 'a handler of the waiting step' });
  if (!isJsonObject(values) || !Object.values(values).every((value) => typeof value === 'string'))
    problems.push({ field: 'values', message: 'an object of field name -> string' });
  if (problems.length > 0) throw malformedFields(problems);
  return { stepId: stepId as string, handler: handler as string, values: values as Record<string, string> };
}
