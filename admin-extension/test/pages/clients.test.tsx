import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FlowSummary, IoClient } from '../../src/api';
import { expectNoStackTrace, findErrorAlert, openPage } from './render';
import { loadFailures, ok, refusals, server } from './server';

const plain: IoClient = { id: 'c1', clientId: 'demo-app-plain', enabled: false };
const flows: FlowSummary[] = [{ id: 'onboarding', name: 'Onboarding', category: 'authentication', status: 'active' }];

async function openClients() {
  const page = await openPage('/demo/io/clients');
  await screen.findByTestId('io-client-demo-app-plain');
  return page;
}

describe('Clients page', () => {
  it.each(loadFailures)('when the clients cannot be read ($name): the API message, no table, no empty state', async ({ reply, title, message }) => {
    server.answer('GET', '/clients', reply);
    server.answer('GET', '/flows', ok(flows));
    await openPage('/demo/io/clients');
    expect((await findErrorAlert(title)).textContent).toContain(message);
    expect(screen.queryByTestId('io-clients-table')).toBeNull();
    expect(screen.queryByTestId('io-empty')).toBeNull();
    expectNoStackTrace();
  });

  it('when the flows cannot be read: said so, and the clients are still listed with their own values', async () => {
    server.answer('GET', '/clients', ok([{ ...plain, enabled: true, flow: 'onboarding' }]));
    server.answer('GET', '/flows', refusals.bridgeDown);
    await openClients();
    expect((await findErrorAlert('The request failed')).textContent).toContain('the bridge cannot answer');
    expect((screen.getByLabelText('Flow of demo-app-plain') as HTMLSelectElement).value).toBe('onboarding');
  });

  it('with no client the admin may view: the empty state', async () => {
    server.answer('GET', '/clients', ok([]));
    server.answer('GET', '/flows', ok(flows));
    await openPage('/demo/io/clients');
    expect((await screen.findByTestId('io-empty')).textContent).toContain('No clients you may view');
  });

  it('switching IO on refused (403): "Not saved" with the reason; the switch shows what Keycloak has', async () => {
    server.answer('GET', '/clients', ok([plain]));
    server.answer('GET', '/flows', ok(flows));
    server.answer('PUT', '/clients/c1', refusals.forbidden);
    const { user } = await openClients();
    await user.click(screen.getByRole('checkbox', { name: 'IO journeys for demo-app-plain' }));
    expect((await findErrorAlert('Not saved')).textContent).toContain('HTTP 403 Forbidden');
    expect(server.writes()).toEqual([{ method: 'PUT', path: '/clients/c1', body: { enabled: true, flow: null } }]);
    await waitFor(() => expect(server.requests.filter((request) => request.path === '/clients')).toHaveLength(2));
    expect((screen.getByRole('checkbox', { name: 'IO journeys for demo-app-plain' }) as HTMLInputElement).checked).toBe(false);
  });

  it('choosing a flow refused (400): the problem with its field, the row unchanged', async () => {
    server.answer('GET', '/clients', ok([plain]));
    server.answer('GET', '/flows', ok(flows));
    server.answer('PUT', '/clients/c1', refusals.invalid({ field: 'flow', message: 'no flow "onboarding" in realm demo' }));
    const { user } = await openClients();
    await user.selectOptions(screen.getByLabelText('Flow of demo-app-plain'), 'onboarding');
    const alert = await findErrorAlert('Not saved');
    expect(within(alert).getByTestId('io-problems').textContent).toBe('flow: no flow "onboarding" in realm demo');
    expect((screen.getByLabelText('Flow of demo-app-plain') as HTMLSelectElement).value).toBe('');
  });
});
