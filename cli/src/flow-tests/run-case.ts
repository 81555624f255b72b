/**
 * Runs one flow test case through the bridge's own engine, in memory: the same node types,
 * processors and validation as the bridge, with stubbed integrations (stub-services.ts).
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Execution, FlowContext } from '../../../bridge/src/engine/execution.js';
import type { FlowCatalog } from '../../../bridge/src/engine/flow-catalog.js';
import { FlowEngine } from '../../../bridge/src/engine/flow-engine.js';
import type { MailMessage } from '../../../bridge/src/engine/services.js';
import type { FlowRuntime } from '../../../bridge/src/flow-runtime.js';
import type { FlowTestCase, FlowTestStep, StepValue } from './case-format.js';
import { stubbedWorld } from './stub-services.js';

export interface CaseResult {
  name: string;
  failures: string[];
}

const testIssuerBase = 'https://keycloak.test/realms/';
const testUser = { id: 'test-user', username: 'test-user' };

export async function runCase(flowRef: string, testCase: FlowTestCase, catalog: FlowCatalog, runtime: FlowRuntime): Promise<CaseResult> {
  const failures: string[] = [];
  const realm = testCase.login?.realm ?? 'test';
  const world = stubbedWorld(testCase, `${testIssuerBase}${realm}`, catalog);
  try {
    const engine = new FlowEngine({ nodeTypes: runtime.nodeTypes, services: world.services, resolveProcessors: runtime.resolveProcessors });
    const flow = catalog.require(flowRef);
    const undeclared = Object.keys(testCase.variables ?? {}).filter((name) => !flow.variables?.[name]);
    if (undeclared.length > 0) throw new Error(`variables: ${undeclared.join(', ')} not declared by the flow`);
    let execution = await engine.start(flow, contextOf(testCase, realm), { executionId: randomUUID(), inputs: { ...testCase.variables, ...testCase.inputs } });
    for (const [index, step] of (testCase.steps ?? []).entries()) {
      const where = `step ${index + 1} (${step.node})`;
      const waiting = waitingNode(execution);
      if (waiting === undefined) {
        failures.push(`${where}: the flow had already ended (${describeEnd(execution)})`);
        break;
      }
      if (waiting !== step.node) {
        failures.push(`${where}: the flow waits at node ${waiting}`);
        break;
      }
      const values = resolveValues(step, world.mails);
      if (typeof values === 'string') {
        failures.push(`${where}: ${values}`);
        break;
      }
      const current = execution.current!;
      const result = await engine.submit(execution, current.stepId, { handler: step.handler ?? current.screen.handlers[0] ?? 'submit', values });
      execution = result.execution;
      const refused = result.outcome === 'rejected' || execution.current?.screen.model['hasErrors'] === true;
      if (step.rejected !== undefined && refused !== step.rejected) {
        failures.push(`${where}: expected the input to be ${step.rejected ? 'refused' : 'accepted'}, it was ${refused ? 'refused' : 'accepted'}`);
      }
    }
    failures.push(...compareOutcome(testCase, execution, world.mails));
    failures.push(...world.unexpectedRequests.map((request) => `the flow called ${request}, which the test does not stub`));
    failures.push(...world.unusedStubs().map((stub) => `the stub for ${stub} was never called`));
  } catch (error) {
    failures.push(`the engine failed: ${(error as Error).message}`);
  } finally {
    await world.close();
  }
  return { name: testCase.name, failures };
}

function contextOf(testCase: FlowTestCase, realm: string): FlowContext {
  const { client = 'test-client', user = testUser, anonymous = false, locale, acr, obligations } = testCase.login ?? {};
  return {
    issuer: `${testIssuerBase}${realm}`,
    realm,
    client: { id: client },
    ...(anonymous ? {} : { user }),
    ...(locale ? { locale } : {}),
    ...(acr ? { acr } : {}),
    ...(obligations ? { obligations } : {}),
  };
}

function waitingNode(execution: Execution): string | undefined {
  return execution.status === 'active' && execution.current ? execution.frames.at(-1)?.nodeId : undefined;
}

function describeEnd(execution: Execution): string {
  return `${execution.status}, outcome ${execution.outcome ?? 'none'}${execution.error ? `, error ${execution.error}` : ''}`;
}

/** The step's values with `{fromMail: regex}` replaced by the first match in the last mail sent. */
function resolveValues(step: FlowTestStep, mails: MailMessage[]): Record<string, string> | string {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.values ?? ({} as Record<string, StepValue>))) {
    if (typeof value === 'string') {
      values[name] = value;
      continue;
    }
    const mail = mails.at(-1);
    if (!mail) return `value ${name} comes from a mail, but none was sent`;
    const match = new RegExp(value.fromMail).exec(`${mail.subject}\n${mail.text}`);
    if (!match) return `value ${name}: /${value.fromMail}/ matches nothing in the last mail`;
    values[name] = match[0];
  }
  return values;
}

function compareOutcome({ expect }: FlowTestCase, execution: Execution, mails: MailMessage[]): string[] {
  const failures: string[] = [];
  if (execution.status === 'active') return [`the flow still waits at node ${waitingNode(execution)} after the last step`];
  const differs = (what: string, actual: unknown, expected: unknown) => {
    if (!isDeepStrictEqual(actual, expected)) failures.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  };
  differs('outcome', execution.outcome, expect.outcome);
  if (expect.error !== undefined || execution.error !== undefined) differs('error', execution.error, expect.error);
  if (expect.actions) differs('actions', execution.status === 'completed' ? execution.actions : [], expect.actions);
  if (expect.evidence)
    differs(
      'evidence',
      execution.evidence.map((entry) => entry.type),
      expect.evidence,
    );
  if (expect.mails)
    differs(
      'mails',
      mails.map((mail) => ({ to: mail.to })),
      expect.mails,
    );
  if (expect.compensated) {
    // Compensations run newest first.
    const ran = execution.compensations
      .filter((c) => c.status === 'compensated')
      .map((c) => c.nodeId)
      .reverse();
    differs('compensated', ran, expect.compensated);
  }
  const variables = execution.frames[0]?.variables ?? {};
  for (const [name, value] of Object.entries(expect.variables ?? {})) differs(`variable ${name}`, variables[name], value);
  return failures;
}
