import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FlowDetail } from '../../src/api';
import { expectNoStackTrace, findErrorAlert, openPage } from './render';
import { loadFailures, ok, refusals, server } from './server';

const draft = {
  schemaVersion: 1,
  id: 'onboarding',
  name: 'Onboarding',
  category: 'authentication',
  version: '1',
  start: 'ask',
  nodes: [
    { id: 'ask', type: 'form', config: {} },
    { id: 'done', type: 'end', config: { outcome: 'success' } },
  ],
  links: [{ from: 'ask', output: 'submitted', to: 'done' }],
};
const flow: FlowDetail = { id: 'onboarding', name: 'Onboarding', category: 'authentication', status: 'draft', draft };
/** A run waiting at a step that sent the browser away: "continue" is the step the test takes. */
const waiting = {
  runId: 'run-1',
  status: 'active',
  screen: { html: '<p>away</p>', stepId: 'step-1', handlers: ['return'], redirectTo: 'https://idp.example/authorize' },
  at: { flowId: 'onboarding', nodeId: 'ask' },
  variables: { flow: { email: 'tester@example.com' }, session: {} },
  trace: [{ stepId: 'step-1', flowId: 'onboarding', nodeId: 'ask', nodeType: 'form', phase: 'enter', durationMs: 3 }],
  mail: [],
  warnings: [],
};

async function openTry() {
  server.answer('GET', '/flows/onboarding', ok(flow));
  const page = await openPage('/demo/io/flows/onboarding/try');
  await screen.findByTestId('io-try-form');
  return page;
}

describe('Try it page', () => {
  it.each(loadFailures)('when the flow cannot be read ($name): the API message, no form', async ({ reply, title, message }) => {
    server.answer('GET', '/flows/onboarding', reply);
    await openPage('/demo/io/flows/onboarding/try');
    expect((await findErrorAlert(title)).textContent).toContain(message);
    expect(screen.queryByTestId('io-try-form')).toBeNull();
    expectNoStackTrace();
  });

  it('a start refused (400): "The run could not go on" with each problem; the settings stay to be fixed', async () => {
    server.answer('POST', '/flows/onboarding/try', refusals.invalid({ field: 'stubs/lookup/port', node: 'lookup', message: 'no port "maybe"' }));
    const { user } = await openTry();
    await user.click(screen.getByTestId('io-try-start'));
    const alert = await findErrorAlert('The run could not go on');
    expect(within(alert).getByTestId('io-problems').textContent).toBe('stubs/lookup/port (node lookup): no port "maybe"');
    expect(screen.getByTestId('io-try-form')).toBeTruthy();
    expect(screen.queryByTestId('io-try-run')).toBeNull();
  });

  it('a start the bridge cannot answer (503): its message; the settings stay', async () => {
    server.answer('POST', '/flows/onboarding/try', refusals.bridgeDown);
    const { user } = await openTry();
    await user.click(screen.getByTestId('io-try-start'));
    expect((await findErrorAlert('The run could not go on')).textContent).toContain('the bridge cannot answer: connection refused');
    expect(screen.getByTestId('io-try-form')).toBeTruthy();
  });

  it.each([
    {
      name: '409 with a reason',
      reply: refusals.conflict('the step was already answered', { reason: 'step_already_completed' }),
      shown: ['the step was already answered', 'Reason: step_already_completed'],
    },
    { name: '404, the run expired', reply: refusals.notFound('no test run "run-1" (it expires after 15 minutes)'), shown: ['no test run "run-1"'] },
  ])('a step refused ($name): said, and the run as it was stays on screen', async ({ reply, shown }) => {
    server.answer('POST', '/flows/onboarding/try', ok(waiting));
    server.answer('POST', '/flows/onboarding/try/run-1', reply);
    const { user } = await openTry();
    await user.click(screen.getByTestId('io-try-start'));
    await user.click(await screen.findByRole('button', { name: 'Continue as if it came back' }));
    const alert = await findErrorAlert('The run could not go on');
    for (const text of shown) expect(alert.textContent).toContain(text);
    expect(server.writes().at(-1)).toEqual({ method: 'POST', path: '/flows/onboarding/try/run-1', body: { stepId: 'step-1', handler: 'return', values: {} } });
    expect(screen.getByTestId('io-try-status').textContent).toBe('Active');
    expect(screen.getByTestId('io-try-variables').textContent).toContain('tester@example.com');
  });
});
