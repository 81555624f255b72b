import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FlowSummary } from '../../src/api';
import { expectNoStackTrace, findErrorAlert, openPage } from './render';
import { loadFailures, ok, refusals, server } from './server';

const flows: FlowSummary[] = [{ id: 'accept-terms', name: 'Accept terms', category: 'library', status: 'active' }];

describe('Obligations page', () => {
  it.each(loadFailures)('when the mapping cannot be read ($name): the API message and no editor (saving would replace the mapping)', async ({ reply, title, message }) => {
    server.answer('GET', '/obligation-flows', reply);
    server.answer('GET', '/flows', ok(flows));
    await openPage('/demo/io/obligations');
    expect((await findErrorAlert(title)).textContent).toContain(message);
    expect(screen.queryByTestId('io-obligations-table')).toBeNull();
    expect(screen.queryByTestId('io-save-obligations')).toBeNull();
    expectNoStackTrace();
  });

  it('an empty mapping: an empty table to add to', async () => {
    server.answer('GET', '/obligation-flows', ok({}));
    server.answer('GET', '/flows', ok(flows));
    await openPage('/demo/io/obligations');
    const table = await screen.findByTestId('io-obligations-table');
    expect(within(table).queryAllByRole('textbox')).toEqual([]);
    expect(screen.getByRole('button', { name: 'Add an obligation type' })).toBeTruthy();
  });

  it('a save refused (400): every problem, and the rows as the admin left them', async () => {
    server.answer('GET', '/obligation-flows', ok({ terms: 'accept-terms' }));
    server.answer('GET', '/flows', ok(flows));
    server.answer('PUT', '/obligation-flows', refusals.invalid({ field: 'mfa', message: 'no flow is chosen' }, { field: 'terms', message: 'not a library flow' }));
    const { user } = await openPage('/demo/io/obligations');
    await screen.findByDisplayValue('terms');
    await user.click(screen.getByRole('button', { name: 'Add an obligation type' }));
    await user.type(screen.getAllByLabelText('Obligation type')[1]!, 'mfa');
    await user.click(screen.getByTestId('io-save-obligations'));
    const alert = await findErrorAlert('Not saved');
    expect([...within(alert).getByTestId('io-problems').querySelectorAll('li')].map((item) => item.textContent)).toEqual([
      'mfa: no flow is chosen',
      'terms: not a library flow',
    ]);
    expect(alert.textContent).not.toContain('invalid_input');
    expect(screen.getAllByLabelText('Obligation type').map((input) => (input as HTMLInputElement).value)).toEqual(['terms', 'mfa']);
    expect(server.writes()).toEqual([{ method: 'PUT', path: '/obligation-flows', body: { terms: 'accept-terms', mfa: '' } }]);
  });

  it('the library flows cannot be read: said so; the mapping is still shown', async () => {
    server.answer('GET', '/obligation-flows', ok({ terms: 'accept-terms' }));
    server.answer('GET', '/flows', refusals.forbidden);
    await openPage('/demo/io/obligations');
    expect((await findErrorAlert('You may not see or change this')).textContent).toContain('HTTP 403 Forbidden');
    expect(await screen.findByDisplayValue('terms')).toBeTruthy();
  });
});
