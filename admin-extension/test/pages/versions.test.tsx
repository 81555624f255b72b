import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FlowDetail, VersionSummary } from '../../src/api';
import { dialog, expectNoStackTrace, findErrorAlert, openPage } from './render';
import { loadFailures, ok, refusals, server, type Reply } from './server';

const flow: FlowDetail = { id: 'onboarding', name: 'Onboarding', category: 'authentication', status: 'active', activeVersion: 2, draft: {} };
const versions: VersionSummary[] = [
  { version: 2, digest: 'b', author: 'alice', createdAt: Date.UTC(2026, 0, 2), comment: 'second', active: true },
  { version: 1, digest: 'a', author: 'alice', createdAt: Date.UTC(2026, 0, 1), comment: 'first' },
];
const noDifference = {
  from: '1',
  to: '2',
  diff: { nodes: { added: [], removed: [], changed: [] }, links: { added: [], removed: [] }, fields: [], empty: true },
};

function answers({
  detail = ok(flow),
  list = ok(versions),
  missing = ok({ keys: [], missing: {} }),
  diff = ok(noDifference),
}: Partial<Record<string, Reply>> = {}) {
  server.answer('GET', '/flows/onboarding', detail);
  server.answer('GET', '/flows/onboarding/versions', list);
  server.answer('GET', '/flows/onboarding/messages/missing', missing);
  server.answer('GET', /^\/flows\/onboarding\/diff\?/, diff);
}

async function openVersions() {
  const page = await openPage('/demo/io/flows/onboarding/versions');
  await screen.findByTestId('io-versions-table');
  return page;
}

describe('Versions page', () => {
  it.each(loadFailures)(
    'when the flow and its versions cannot be read ($name): the API message, no history, no empty state',
    async ({ reply, title, message }) => {
      answers({ detail: reply, list: reply, missing: reply });
      await openPage('/demo/io/flows/onboarding/versions');
      expect((await findErrorAlert(title)).textContent).toContain(message);
      expect(screen.queryByTestId('io-versions-table')).toBeNull();
      expect(screen.queryByTestId('io-empty')).toBeNull();
      expect(screen.queryByTestId('io-diff')).toBeNull();
      expectNoStackTrace();
    },
  );

  it('with no published version: the empty state', async () => {
    answers({ list: ok([]) });
    await openPage('/demo/io/flows/onboarding/versions');
    expect((await screen.findByTestId('io-empty')).textContent).toContain('No published version');
  });

  it('a publish refused (400): each problem with its field and node; the comment and the history stay', async () => {
    answers();
    server.answer(
      'POST',
      '/flows/onboarding/versions',
      refusals.invalid({ field: 'draft/nodes/1/config/title', node: 'ask', message: 'required' }, { field: 'draft/start', message: 'no node "gone"' }),
    );
    const { user } = await openVersions();
    await user.type(screen.getByTestId('io-publish-comment'), 'third');
    await user.click(screen.getByTestId('io-publish'));
    const alert = await findErrorAlert('Not saved');
    expect([...within(alert).getByTestId('io-problems').querySelectorAll('li')].map((item) => item.textContent)).toEqual([
      'draft/nodes/1/config/title (node ask): required',
      'draft/start: no node "gone"',
    ]);
    expect((screen.getByTestId('io-publish-comment') as HTMLInputElement).value).toBe('third');
    expect(within(screen.getByTestId('io-versions-table')).getAllByRole('row')).toHaveLength(3);
  });

  it('a publish the bridge cannot answer (503): its message; the history stays', async () => {
    answers();
    server.answer('POST', '/flows/onboarding/versions', refusals.bridgeDown);
    const { user } = await openVersions();
    await user.click(screen.getByTestId('io-publish'));
    expect((await findErrorAlert('Not saved')).textContent).toContain('the bridge cannot answer: connection refused');
    expect(screen.getByTestId('io-versions-table')).toBeTruthy();
  });

  it('a roll back refused (409): its message; the active version is still shown as active', async () => {
    answers();
    server.answer('PUT', '/flows/onboarding/active', refusals.conflict('version 1 of onboarding calls a library flow that is gone'));
    const { user } = await openVersions();
    const [, , first] = within(screen.getByTestId('io-versions-table')).getAllByRole('row');
    await user.click(within(first!).getByRole('button', { name: 'Kebab toggle' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Roll back to this version' }));
    expect((await findErrorAlert('Not saved')).textContent).toContain('calls a library flow that is gone');
    const [, second] = within(screen.getByTestId('io-versions-table')).getAllByRole('row');
    expect(second!.textContent).toContain('Active');
  });

  it('the missing-keys report cannot be read: said so, not taken for "nothing missing"', async () => {
    answers({ missing: refusals.bridgeDown });
    await openVersions();
    expect((await findErrorAlert('The request failed')).textContent).toContain('the bridge cannot answer');
    expect(screen.queryByTestId('io-missing-before-publish')).toBeNull();
  });

  it('a diff that cannot be computed: said in the compare panel; the history stays', async () => {
    answers({ diff: refusals.notFound('no version 3 of onboarding') });
    await openVersions();
    const panel = screen.getByTestId('io-diff');
    expect((await findErrorAlert('The request failed', panel)).textContent).toContain('no version 3 of onboarding');
    expect(within(panel).queryByTestId('io-diff-summary')).toBeNull();
    expect(screen.getByTestId('io-versions-table')).toBeTruthy();
  });

  it('a rollout refused: the reason in the dialog, which stays open with the chosen percentage; nothing is read again', async () => {
    answers();
    server.answer('PUT', '/flows/onboarding/rollout', refusals.conflict('version 1 is older than the active version'));
    const { user } = await openVersions();
    const older = screen.getAllByRole('row')[2]!;
    await user.click(within(older).getByRole('button', { name: 'Kebab toggle' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Roll out to a share of users' }));
    await user.click(within(dialog()).getByRole('button', { name: '+' }));
    await user.click(within(dialog()).getByTestId('io-confirm-rollout'));
    expect((await findErrorAlert('The request failed', dialog())).textContent).toContain('version 1 is older than the active version');
    expect((within(dialog()).getByRole('spinbutton') as HTMLInputElement).value).toBe('11');
    expect(server.writes()).toEqual([{ method: 'PUT', path: '/flows/onboarding/rollout', body: { version: 1, percentage: 11 } }]);
    expect(server.requests.filter((request) => request.method === 'GET' && request.path === '/flows/onboarding/versions')).toHaveLength(1);
  });

  it('a rollout saved: the dialog closes and the history is read again', async () => {
    answers();
    server.answer('PUT', '/flows/onboarding/rollout', ok({ version: 1, percentage: 10 }));
    const { user } = await openVersions();
    const older = screen.getAllByRole('row')[2]!;
    await user.click(within(older).getByRole('button', { name: 'Kebab toggle' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Roll out to a share of users' }));
    await user.click(within(dialog()).getByTestId('io-confirm-rollout'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.writes()).toEqual([{ method: 'PUT', path: '/flows/onboarding/rollout', body: { version: 1, percentage: 10 } }]);
    await waitFor(() => expect(server.requests.filter((request) => request.method === 'GET' && request.path === '/flows/onboarding/versions')).toHaveLength(2));
  });
});
