import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { dialog, expectNoStackTrace, findErrorAlert, openPage } from './render';
import { loadFailures, ok, refusals, server } from './server';

const lists = { authentication: ['user-identified', 'audit'] };

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
    expect(server.writes()).toEqual([{ method: 'PUT', path: '/processors/authentication', body: { processors: ['user-identified'], reason: 'audited elsewhere' } }]);
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
});
