import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Signup } from '../../src/api';
import { dialog, expectNoStackTrace, findErrorAlert, openPage } from './render';
import { loadFailures, ok, refusals, server } from './server';

const acme: Signup = {
  userId: 'u-acme',
  username: 'pat@acme.example',
  email: 'pat@acme.example',
  firstName: 'Pat',
  lastName: 'Lee',
  createdTimestamp: Date.UTC(2026, 11, 2, 9, 30),
  requiredActions: ['UPDATE_PASSWORD'],
  journey: 'j-1',
  organizations: [{ id: 'o-acme', name: 'Acme', domains: ['acme.example'], enabled: false }],
  access: { decide: true },
};
const globex: Signup = {
  ...acme,
  userId: 'u-globex',
  username: 'sam@globex.example',
  email: 'sam@globex.example',
  firstName: 'Sam',
  lastName: 'Roe',
  createdTimestamp: Date.UTC(2026, 11, 1, 8, 0),
  organizations: [{ id: 'o-globex', name: 'Globex', domains: ['globex.example'], enabled: false }],
};

const rows = () => screen.getAllByTestId(/^io-signup-/);
const cells = (row: HTMLElement) => [...row.querySelectorAll('td')].slice(0, 6).map((cell) => cell.textContent);

async function openSignups() {
  const page = await openPage('/demo/io/signups');
  await screen.findByTestId('io-signups-table');
  return page;
}

describe('Sign-up requests page', () => {
  it('while the list loads: a spinner, no table, no empty state', async () => {
    let answer!: () => void;
    server.answer('GET', '/signups', ok([acme]));
    const realFetch = globalThis.fetch;
    // The first read is held until the test lets it through.
    globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
      if (String(args[0]).endsWith('/io/signups')) await new Promise<void>((resolve) => (answer = resolve));
      return realFetch(...args);
    }) as typeof fetch;
    try {
      await openPage('/demo/io/signups');
      expect(screen.getByLabelText('Loading')).toBeTruthy();
      expect(screen.queryByTestId('io-signups-table')).toBeNull();
      expect(screen.queryByTestId('io-empty')).toBeNull();
      await waitFor(() => expect(answer).toBeTypeOf('function'));
      answer();
      await screen.findByTestId('io-signups-table');
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('nobody waiting: the empty state says where requests come from', async () => {
    server.answer('GET', '/signups', ok([]));
    await openPage('/demo/io/signups');
    const empty = await screen.findByTestId('io-empty');
    expect(empty.textContent).toContain('No sign-up requests');
    expect(empty.textContent).toContain('approval-required');
    expect(screen.queryByTestId('io-signups-table')).toBeNull();
  });

  it.each(loadFailures)('when the list cannot be read ($name): the API message, no table, no empty state', async ({ reply, title, message }) => {
    server.answer('GET', '/signups', reply);
    await openPage('/demo/io/signups');
    expect((await findErrorAlert(title)).textContent).toContain(message);
    expect(screen.queryByTestId('io-signups-table')).toBeNull();
    expect(screen.queryByTestId('io-empty')).toBeNull();
    expectNoStackTrace();
  });

  it('the waiting sign-ups, oldest first: applicant, name, organization, domains, time and status; a search narrows them', async () => {
    server.answer('GET', '/signups', ok([acme, globex]));
    const { user } = await openSignups();
    expect(rows().map(cells)).toEqual([
      ['sam@globex.example', 'Sam Roe', 'Globex', 'globex.example', new Date(globex.createdTimestamp!).toLocaleString('en'), 'Waiting for a decision'],
      ['pat@acme.example', 'Pat Lee', 'Acme', 'acme.example', new Date(acme.createdTimestamp!).toLocaleString('en'), 'Waiting for a decision'],
    ]);
    await user.type(screen.getByLabelText('Search by email, name, organization or domain'), 'acme.ex');
    expect(rows().map((row) => row.dataset.testid)).toEqual(['io-signup-pat@acme.example']);
    expect(screen.queryByTestId('io-signups-view-only')).toBeNull();
  });

  it('approve: asks first, sends the decision, says so and shows the list as the server has it then', async () => {
    server.answer('GET', '/signups', ok([acme, globex]), ok([globex]));
    server.answer('POST', '/signups/u-acme/approve', ok({ userId: 'u-acme', email: acme.email, decision: 'approved', organizations: [] }));
    const { user } = await openSignups();
    await user.click(screen.getByRole('button', { name: 'Approve the sign-up of pat@acme.example' }));
    expect(within(dialog()).getByRole('heading').textContent).toContain('Approve pat@acme.example?');
    expect(dialog().textContent).toContain('Acme (acme.example)');
    expect(server.writes(), 'nothing before the confirmation').toEqual([]);
    await user.click(within(dialog()).getByTestId('io-confirm-approve'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.writes()).toEqual([{ method: 'POST', path: '/signups/u-acme/approve' }]);
    expect(await screen.findByText('Approved: pat@acme.example')).toBeTruthy();
    await waitFor(() => expect(rows().map((row) => row.dataset.testid)).toEqual(['io-signup-sam@globex.example']));
  });

  it('reject: the reason is required (and at most 500 characters) before it can be sent; it is sent trimmed', async () => {
    server.answer('GET', '/signups', ok([acme]), ok([]));
    server.answer(
      'POST',
      '/signups/u-acme/reject',
      ok({ userId: 'u-acme', email: acme.email, decision: 'rejected', reason: 'Resellers only.', organizations: [] }),
    );
    const { user } = await openSignups();
    await user.click(screen.getByRole('button', { name: 'Reject the sign-up of pat@acme.example' }));
    const confirm = () => within(dialog()).getByTestId('io-confirm-reject') as HTMLButtonElement;
    expect(confirm().disabled).toBe(true);
    const reason = within(dialog()).getByLabelText(/Reason/);
    await user.type(reason, '   ');
    expect(confirm().disabled, 'blank is no reason').toBe(true);
    await user.click(reason);
    await user.paste('x'.repeat(501));
    expect(confirm().disabled, 'too long').toBe(true);
    expect(dialog().textContent).toContain('of at most 500 characters');
    await user.clear(reason);
    await user.type(reason, '  Resellers only. ');
    expect(confirm().disabled).toBe(false);
    expect(server.writes()).toEqual([]);
    await user.click(confirm());
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.writes()).toEqual([{ method: 'POST', path: '/signups/u-acme/reject', body: { reason: 'Resellers only.' } }]);
    expect(await screen.findByText('Rejected: pat@acme.example')).toBeTruthy();
    expect(await screen.findByTestId('io-empty')).toBeTruthy();
  });

  it("a refusal (another operator decided: 404) is shown in the dialog, which stays open; the list is the server's again", async () => {
    server.answer('GET', '/signups', ok([acme, globex]), ok([globex]));
    server.answer('POST', '/signups/u-acme/approve', refusals.notFound('no sign-up waiting for a decision with user id "u-acme"'));
    const { user } = await openSignups();
    await user.click(screen.getByRole('button', { name: 'Approve the sign-up of pat@acme.example' }));
    await user.click(within(dialog()).getByTestId('io-confirm-approve'));
    const alert = await findErrorAlert('Not decided', dialog());
    expect(alert.textContent).toContain('no sign-up waiting for a decision with user id "u-acme"');
    expect(screen.getByRole('dialog')).toBeTruthy();
    await waitFor(() => expect(rows().map((row) => row.dataset.testid)).toEqual(['io-signup-sam@globex.example']));
    expect(screen.queryByText('Approved: pat@acme.example')).toBeNull();
    expectNoStackTrace();
  });

  it('a rejection refused (400 from the API): its problem in the dialog, the reason as typed', async () => {
    server.answer('GET', '/signups', ok([acme]));
    server.answer('POST', '/signups/u-acme/reject', refusals.invalid({ field: 'reason', message: 'text of at most 500 characters' }));
    const { user } = await openSignups();
    await user.click(screen.getByRole('button', { name: 'Reject the sign-up of pat@acme.example' }));
    await user.type(within(dialog()).getByLabelText(/Reason/), 'Resellers only.');
    await user.click(within(dialog()).getByTestId('io-confirm-reject'));
    const alert = await findErrorAlert('Not decided', dialog());
    expect(within(alert).getByTestId('io-problems').textContent).toBe('reason: text of at most 500 characters');
    expect((within(dialog()).getByLabelText(/Reason/) as HTMLTextAreaElement).value).toBe('Resellers only.');
  });

  it('an admin who may only look (access.decide false): the list, no enabled action, and why', async () => {
    server.answer('GET', '/signups', ok([{ ...acme, access: { decide: false } }]));
    await openSignups();
    const row = screen.getByTestId('io-signup-pat@acme.example');
    for (const button of within(row).getAllByRole('button')) expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('io-signups-view-only').textContent).toContain('manage-realm');
  });
});
