import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FlowSummary } from '../../src/api';
import { dialog, expectNoStackTrace, findErrorAlert, openPage } from './render';
import { loadFailures, ok, refusals, server } from './server';

const onboarding: FlowSummary = {
  id: 'onboarding',
  name: 'Onboarding',
  category: 'authentication',
  status: 'active',
  activeVersion: 2,
  usedBy: { clients: [{ id: 'c1', clientId: 'demo-app', enabled: true }] },
  updatedBy: 'alice',
  updatedAt: Date.UTC(2026, 0, 5),
};

async function openFlows() {
  const page = await openPage('/demo/io/flows');
  await screen.findByTestId('io-flow-onboarding');
  return page;
}

async function rowAction(user: Awaited<ReturnType<typeof openPage>>['user'], action: string) {
  await user.click(within(screen.getByTestId('io-flow-onboarding')).getByRole('button', { name: 'Kebab toggle' }));
  await user.click(await screen.findByRole('menuitem', { name: action }));
}

describe('Flows page', () => {
  it.each(loadFailures)('when the list cannot be read ($name): the API message, no table, no empty state', async ({ reply, title, message }) => {
    server.answer('GET', '/flows', reply);
    await openPage('/demo/io/flows');
    expect((await findErrorAlert(title)).textContent).toContain(message);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Flows');
    expect(screen.queryByTestId('io-flows-table')).toBeNull();
    expect(screen.queryByTestId('io-empty')).toBeNull();
    expectNoStackTrace();
  });

  it('with no flows: the empty state', async () => {
    server.answer('GET', '/flows', ok([]));
    await openPage('/demo/io/flows');
    const empty = await screen.findByTestId('io-empty');
    expect(empty.textContent).toContain('No flows');
    expect(screen.queryByTestId('io-error')).toBeNull();
  });

  it('a delete refused because the flow is in use: the reason and what uses it, in the dialog, which stays open; the list stays', async () => {
    server.answer('GET', '/flows', ok([onboarding]));
    server.answer('DELETE', '/flows/onboarding', refusals.conflict('flow onboarding is in use', { usedBy: { clients: ['demo-app'] } }));
    const { user } = await openFlows();
    await rowAction(user, 'Delete');
    await user.click(within(dialog()).getByTestId('io-confirm-delete'));
    const alert = await findErrorAlert('The request failed', dialog());
    expect(alert.textContent).toContain('flow onboarding is in use');
    expect(alert.textContent).toContain('Used by: {"clients":["demo-app"]}');
    expect(screen.getByTestId('io-flow-onboarding').textContent).toContain('demo-app');
    expect(server.requests.filter((request) => request.method === 'GET' && request.path === '/flows')).toHaveLength(1);
  });

  it('a delete: the dialog stays until Keycloak answers, then closes and the list is read again', async () => {
    let answerDelete: () => void = () => {};
    server.answer('GET', '/flows', ok([onboarding]), ok([]));
    server.answer('DELETE', '/flows/onboarding', { status: 204, after: new Promise<void>((resolve) => (answerDelete = resolve)) });
    const { user } = await openFlows();
    await rowAction(user, 'Delete');
    const confirm = within(dialog()).getByTestId('io-confirm-delete');
    await user.click(confirm);
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect((confirm as HTMLButtonElement).disabled, 'no second delete while the first runs').toBe(true);
    answerDelete();
    expect((await screen.findByTestId('io-empty')).textContent).toContain('No flows');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(server.writes().map((request) => `${request.method} ${request.path}`)).toEqual(['DELETE /flows/onboarding']);
  });

  it('an export the bridge cannot answer: shown above the list, which stays', async () => {
    server.answer('GET', '/flows', ok([onboarding]));
    server.answer('GET', '/flows/onboarding/export', refusals.bridgeDown);
    const { user } = await openFlows();
    await rowAction(user, 'Export');
    expect((await findErrorAlert('The request failed')).textContent).toContain('the bridge cannot answer');
    expect(screen.getByTestId('io-flow-onboarding')).toBeTruthy();
  });

  it('a new flow refused (its id exists): shown in the dialog, which stays open with what was typed', async () => {
    server.answer('GET', '/flows', ok([onboarding]));
    server.answer('POST', '/flows', refusals.conflict('a flow "onboarding" exists', { id: 'onboarding' }));
    const { user } = await openFlows();
    await user.click(screen.getByTestId('io-create-flow'));
    await user.type(within(dialog()).getByLabelText(/^Id/), 'onboarding');
    await user.type(within(dialog()).getByLabelText(/^Name/), 'Again');
    await user.click(within(dialog()).getByTestId('io-confirm-create-flow'));
    expect((await findErrorAlert('The request failed', dialog())).textContent).toContain('a flow "onboarding" exists');
    expect((within(dialog()).getByLabelText(/^Id/) as HTMLInputElement).value).toBe('onboarding');
    expect(screen.getByTestId('io-flow-onboarding')).toBeTruthy();
  });

  it('an import refused: every problem with its field and node, in the dialog', async () => {
    server.answer('GET', '/flows', ok([onboarding]));
    server.answer(
      'POST',
      '/import?ids=keep',
      refusals.invalid(
        { field: 'flows/0/definition/links/1/to', node: 'orphan', message: 'no node "nowhere"' },
        { field: 'flows/0/definition/category', message: 'required' },
      ),
    );
    const { user } = await openFlows();
    await user.click(screen.getByTestId('io-import'));
    const file = new File([JSON.stringify({ flows: [{}] })], 'export.io-flows.json', { type: 'application/json' });
    await user.upload(dialog().querySelector<HTMLInputElement>('input[type="file"]')!, file);
    await user.click(within(dialog()).getByTestId('io-confirm-import'));
    const problems = within(await findErrorAlert('The request failed', dialog())).getByTestId('io-problems');
    expect([...problems.querySelectorAll('li')].map((item) => item.textContent)).toEqual([
      'flows/0/definition/links/1/to (node orphan): no node "nowhere"',
      'flows/0/definition/category: required',
    ]);
    expect(screen.queryAllByTestId('io-error').filter((alert) => !dialog().contains(alert))).toEqual([]);
  });

  it('templates that cannot be read, and an install refused: both in the template dialog', async () => {
    server.answer('GET', '/flows', ok([onboarding]));
    server.answer('GET', '/templates', refusals.bridgeDown, ok([{ id: 'signup', name: 'Sign-up', category: 'authentication' }]));
    server.answer('POST', '/templates/signup/install', refusals.conflict('the realm has a flow "signup"', { id: 'signup' }));
    const { user } = await openFlows();
    await user.click(screen.getByTestId('io-create-from-template'));
    expect((await findErrorAlert('The request failed', dialog())).textContent).toContain('the bridge cannot answer');
    await user.click(within(dialog()).getByRole('button', { name: 'Cancel' }));
    await user.click(screen.getByTestId('io-create-from-template'));
    await user.click(await within(dialog()).findByLabelText(/^Sign-up/));
    await user.click(within(dialog()).getByTestId('io-install-template'));
    expect((await findErrorAlert('The request failed', dialog())).textContent).toContain('the realm has a flow "signup"');
  });
});
