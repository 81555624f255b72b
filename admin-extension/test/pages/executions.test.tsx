import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FlowDetail } from '../../src/api';
import { expectNoStackTrace, findErrorAlert, openPage } from './render';
import { loadFailures, ok, refusals, server, type Reply } from './server';

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
const journey = {
  correlationId: 'corr-1',
  flowId: 'onboarding',
  flowVersion: 'draft',
  status: 'completed',
  startedAt: Date.now() - 60_000,
  durationMs: 1500,
  outcome: 'success',
  trace: [{ flowId: 'onboarding', nodeId: 'ask', nodeType: 'form', result: 'submitted', at: Date.now() - 59_000 }],
};
const funnel = { flowId: 'onboarding', from: '', to: '', nodes: { ask: { reached: 1, left: { submitted: 1 } }, done: { reached: 1, left: {} } } };

function answers({ executions = ok({ executions: [journey] }), counts = ok(funnel), detail = ok(flow) }: Partial<Record<string, Reply>> = {}) {
  server.answer('GET', '/flows/onboarding/executions?limit=200', executions);
  server.answer('GET', /^\/flows\/onboarding\/funnel\?from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d$/, counts);
  server.answer('GET', '/flows/onboarding', detail);
}

const openExecutions = () => openPage('/demo/io/flows/onboarding/executions');

describe('Executions page', () => {
  it.each(loadFailures)(
    'when nothing can be read ($name): the API message, and no "no journeys" or "not a realm flow" taken from the failure',
    async ({ reply, title, message }) => {
      answers({ executions: reply, counts: reply, detail: reply });
      await openExecutions();
      expect((await findErrorAlert(title)).textContent).toContain(message);
      expect(screen.queryByTestId('io-empty')).toBeNull();
      expect(screen.queryByTestId('io-funnel-empty')).toBeNull();
      expect(screen.queryByText(/not one of the realm's flows/)).toBeNull();
      expect(screen.queryByTestId('io-executions-table')).toBeNull();
      expectNoStackTrace();
    },
  );

  it('no journey yet: the empty states of the list and the funnel, no error', async () => {
    answers({ executions: ok({ executions: [] }), counts: ok({ ...funnel, nodes: {} }) });
    await openExecutions();
    expect((await screen.findByTestId('io-empty')).textContent).toContain('No journeys in this period');
    expect(screen.getByTestId('io-funnel-empty').textContent).toBe('No journey reached this flow in the period.');
    expect(screen.queryByTestId('io-error')).toBeNull();
  });

  it('a funnel refused (400): the problem; the journeys stay listed and the funnel is not called empty', async () => {
    answers({ counts: refusals.invalid({ field: 'to', message: 'at most 31 days' }) });
    await openExecutions();
    expect(within(await findErrorAlert('The request failed')).getByTestId('io-problems').textContent).toBe('to: at most 31 days');
    expect(await screen.findByTestId('io-execution-corr-1')).toBeTruthy();
    expect(screen.queryByTestId('io-funnel-empty')).toBeNull();
  });

  it('the flow cannot be read (503): said; the funnel table stays, the flow is not called a bridge file', async () => {
    answers({ detail: refusals.bridgeDown });
    await openExecutions();
    expect((await findErrorAlert('The request failed')).textContent).toContain('the bridge cannot answer');
    expect(await screen.findByTestId('io-funnel-ask')).toBeTruthy();
    expect(screen.queryByText(/not one of the realm's flows/)).toBeNull();
  });

  it("a flow of the bridge's own files (404 for its definition): the funnel as a table only, no error", async () => {
    answers({ detail: refusals.notFound('no flow "onboarding" in realm demo') });
    await openExecutions();
    expect(await screen.findByText(/not one of the realm's flows/)).toBeTruthy();
    expect(screen.getByTestId('io-funnel-ask').textContent).toContain('submitted: 1');
    expect(screen.queryByTestId('io-error')).toBeNull();
  });

  it('a period that is no period: said before asking, and it cannot be applied', async () => {
    answers();
    const { user } = await openExecutions();
    await screen.findByTestId('io-execution-corr-1');
    const from = screen.getByLabelText('From (UTC day)');
    await user.clear(from);
    await user.type(from, 'yesterday');
    expect(await screen.findByText('Choose two dates (YYYY-MM-DD)')).toBeTruthy();
    expect((screen.getByTestId('io-period-apply') as HTMLButtonElement).disabled).toBe(true);
  });
});
