import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { dialog, expectNoStackTrace, findErrorAlert, openPage } from './render';
import { loadFailures, ok, refusals, server } from './server';

const lists = { authentication: ['user-identified', 'audit'] };
const flows = [{ id: 'onboarding', name: 'Onboarding', category: 'authentication', status: 'draft' }];
const draft = {
  schemaVersion: 1,
  id: 'onboarding',
  name: 'Onboarding',
  category: 'authentication',
  version: '1',
  start: 'done',
  nodes: [{ id: 'done', type: 'end', config: { outcome: 'success' } }],
  links: [],
};

/** The Processors page on one flow's list (`?flow=onboarding`, tab Flows). */
async function openFlowProcessors() {
  const page = await openPage('/demo/io/processors?flow=onboarding');
  await screen.findByTestId('io-processors-table-flow');
  return page;
}

async function openProcessors() {
  const page = await openPage('/demo/io/processors');
  await screen.findByTestId('io-processors-authentication');
  return page;
}

describe('Processors page', () => {
  it.each(loadFailures)('when the lists cannot be read ($name): the API message, no list', async ({ reply, title, message }) => {
    server.answer('GET', '/processors', reply);
    await openPage('/demo/io/processors');
    expect((await findErrorAlert(title)).textContent).toContain(message);
    expect(screen.queryByTestId('io-processors-authentication')).toBeNull();
    expectNoStackTrace();
  });

  it('a removal refused (403): "Not saved" with the reason; the list stays as Keycloak has it', async () => {
    server.answer('GET', '/processors', ok(lists));
    server.answer('PUT', '/processors/authentication', refusals.forbidden);
    const { user } = await openProcessors();
    const card = screen.getByTestId('io-processors-authentication');
    await user.click(within(card).getAllByRole('button', { name: 'Remove' })[1]!);
    await user.type(within(dialog()).getByLabelText(/^Reason/), 'audited elsewhere');
    await user.click(within(dialog()).getByRole('button', { name: 'Remove' }));
    expect((await findErrorAlert('Not saved')).textContent).toContain('HTTP 403 Forbidden');
    expect(server.writes()).toEqual([
      { method: 'PUT', path: '/processors/authentication', body: { processors: ['user-identified'], reason: 'audited elsewhere' } },
    ]);
    expect(within(screen.getByTestId('io-processors-authentication')).getByText('audit')).toBeTruthy();
  });

  it('an addition refused (400): the problem with its field; the list unchanged', async () => {
    server.answer('GET', '/processors', ok(lists));
    server.answer('PUT', '/processors/authentication', refusals.invalid({ field: 'processors/2', message: 'unknown processor "rate-limit"' }));
    const { user } = await openProcessors();
    const card = screen.getByTestId('io-processors-authentication');
    await user.selectOptions(within(card).getByLabelText('Processor id'), 'rate-limit');
    await user.click(within(card).getByRole('button', { name: 'Add' }));
    expect(within(await findErrorAlert('Not saved')).getByTestId('io-problems').textContent).toBe('processors/2: unknown processor "rate-limit"');
    expect(within(screen.getByTestId('io-processors-authentication')).queryByText('rate-limit', { selector: 'code' })).toBeNull();
  });

  it.each(loadFailures)("when the realm's flows cannot be read ($name), tab Flows: the API message, no flow list", async ({ reply, title, message }) => {
    server.answer('GET', '/processors', ok(lists));
    server.answer('GET', '/flows', reply);
    await openPage('/demo/io/processors?flow=onboarding');
    expect((await findErrorAlert(title)).textContent).toContain(message);
    expect(screen.queryByTestId('io-processors-flow')).toBeNull();
    expect(screen.queryByTestId('io-processors-table-flow')).toBeNull();
    expectNoStackTrace();
  });

  it("when the flow's draft cannot be read (503): the API message, no list made up for it", async () => {
    server.answer('GET', '/processors', ok(lists));
    server.answer('GET', '/flows', ok(flows));
    server.answer('GET', '/flows/onboarding', refusals.bridgeDown);
    await openPage('/demo/io/processors?flow=onboarding');
    expect((await findErrorAlert('The request failed')).textContent).toContain('the bridge cannot answer');
    expect(screen.queryByTestId('io-processors-table-flow')).toBeNull();
  });

  it('a removal from a flow refused (403): "Not saved" in the dialog, which keeps the reason; the flow\'s list unchanged', async () => {
    server.answer('GET', '/processors', ok(lists));
    server.answer('GET', '/flows', ok(flows));
    server.answer('GET', '/flows/onboarding', ok({ ...flows[0], draft }));
    server.answer('PUT', '/flows/onboarding', refusals.forbidden);
    const { user } = await openFlowProcessors();
    // The realm's authentication list, with this flow's settings (none) applied.
    const table = screen.getByTestId('io-processors-table-flow');
    expect([...table.querySelectorAll('tbody code')].map((code) => code.textContent)).toEqual(['user-identified', 'audit']);
    await user.click(within(screen.getByTestId('io-processor-flow-audit')).getByRole('button', { name: 'Remove' }));
    await user.type(within(dialog()).getByLabelText(/^Reason/), 'audited upstream');
    await user.click(within(dialog()).getByRole('button', { name: 'Remove' }));
    expect((await findErrorAlert('Not saved', dialog())).textContent).toContain('HTTP 403 Forbidden');
    expect((within(dialog()).getByLabelText(/^Reason/) as HTMLTextAreaElement).value).toBe('audited upstream');
    expect(server.writes()).toEqual([
      {
        method: 'PUT',
        path: '/flows/onboarding',
        body: { ...draft, settings: { processors: { remove: ['audit'], override: { reason: 'audit: audited upstream' } } } },
      },
    ]);
    expect(within(screen.getByTestId('io-processors-table-flow')).getByText('audit')).toBeTruthy();
  });
});
