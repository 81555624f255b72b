import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { expectNoStackTrace, findErrorAlert, openPage } from './render';
import { loadFailures, ok, refusals, server, type Reply } from './server';

const bundles = { en: { 'ask.title': 'Your e-mail' }, de: {} };

function answers({ list = ok(bundles), missing = ok({ keys: ['ask.title'], missing: { de: ['ask.title'] } }) }: Partial<Record<string, Reply>> = {}) {
  server.answer('GET', '/flows/onboarding/messages', list);
  server.answer('GET', '/flows/onboarding/messages/missing', missing);
}

const keys = () => screen.queryAllByLabelText('Key').map((input) => (input as HTMLInputElement).value);

describe('Localization page', () => {
  it.each(loadFailures)(
    'when the bundles cannot be read ($name): the API message and no editor (saving would replace the bundle)',
    async ({ reply, title, message }) => {
      answers({ list: reply, missing: reply });
      await openPage('/demo/io/flows/onboarding/messages');
      expect((await findErrorAlert(title)).textContent).toContain(message);
      expect(screen.queryByRole('grid', { name: 'Messages' })).toBeNull();
      expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
      expect((screen.getByRole('button', { name: 'Download' }) as HTMLButtonElement).disabled, 'no empty file offered for bundles never read').toBe(true);
      expectNoStackTrace();
    },
  );

  it('a save refused (400): each problem; the rows as the admin left them', async () => {
    answers();
    server.answer('PUT', '/flows/onboarding/messages/en', refusals.invalid({ field: 'ask.title ', message: 'not a message key' }));
    const { user } = await openPage('/demo/io/flows/onboarding/messages');
    await screen.findByDisplayValue('ask.title');
    await user.type(screen.getByLabelText('Key'), ' ');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(within(await findErrorAlert('Not saved')).getByTestId('io-problems').textContent).toBe('ask.title : not a message key');
    expect(keys()).toEqual(['ask.title ']);
  });

  it('an upload that is not JSON: said so, nothing sent, the rows unchanged', async () => {
    answers();
    const { user } = await openPage('/demo/io/flows/onboarding/messages');
    await screen.findByDisplayValue('ask.title');
    await user.upload(document.querySelector<HTMLInputElement>('input[type="file"]')!, new File(['title = Hello'], 'en.properties'));
    expect((await findErrorAlert('Not saved')).textContent).toMatch(/JSON/);
    expect(server.writes()).toEqual([]);
    expect(keys()).toEqual(['ask.title']);
    expectNoStackTrace();
  });

  it('the missing-keys report cannot be read: said so; the bundle can still be edited', async () => {
    answers({ missing: refusals.bridgeDown });
    await openPage('/demo/io/flows/onboarding/messages');
    expect((await findErrorAlert('The request failed')).textContent).toContain('the bridge cannot answer');
    expect(await screen.findByDisplayValue('ask.title')).toBeTruthy();
    expect(screen.queryByTestId('io-missing')).toBeNull();
  });
});
