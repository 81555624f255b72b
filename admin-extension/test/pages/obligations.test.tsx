import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FlowSummary } from '../../src/api';
import { dialog, expectNoStackTrace, findErrorAlert, openPage } from './render';
import { loadFailures, ok, refusals, server, type Reply } from './server';

const flows: FlowSummary[] = [{ id: 'accept-terms', name: 'Accept terms', category: 'library', status: 'active' }];
const terms = {
  type: 'require_terms_acceptance',
  params: { version: '2026-10' },
  when: { attributeOlderThan: { attribute: 'io_terms_version', value: '2026-10' } },
};
const passkey = { type: 'require_credential_enrollment', mode: 'soft', when: { credentialMissing: ['webauthn-passwordless'] } };

/** The page's three reads: the rules, the mapping and the flows. */
function answers({
  rules = ok({ rules: [], scope: 'io-clients' }),
  mapping = ok({}),
  library = ok(flows),
}: Partial<Record<'rules' | 'mapping' | 'library', Reply>> = {}) {
  server.answer('GET', '/obligation-rules', rules);
  server.answer('GET', '/obligation-flows', mapping);
  server.answer('GET', '/flows', library);
}

describe('Obligations page', () => {
  it.each(loadFailures)(
    'when the mapping cannot be read ($name): the API message and no editor (saving would replace the mapping)',
    async ({ reply, title, message }) => {
      answers({ mapping: reply });
      await openPage('/demo/io/obligations');
      expect((await findErrorAlert(title)).textContent).toContain(message);
      expect(screen.queryByTestId('io-obligations-table')).toBeNull();
      expect(screen.queryByTestId('io-save-obligations')).toBeNull();
      expectNoStackTrace();
    },
  );

  it('an empty mapping: an empty table to add to', async () => {
    answers();
    await openPage('/demo/io/obligations');
    const table = await screen.findByTestId('io-obligations-table');
    expect(within(table).queryAllByRole('textbox')).toEqual([]);
    expect(screen.getByRole('button', { name: 'Add an obligation type' })).toBeTruthy();
  });

  it('a save refused (400): every problem, and the rows as the admin left them', async () => {
    answers({ mapping: ok({ terms: 'accept-terms' }) });
    server.answer(
      'PUT',
      '/obligation-flows',
      refusals.invalid({ field: 'mfa', message: 'no flow is chosen' }, { field: 'terms', message: 'not a library flow' }),
    );
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
    answers({ mapping: ok({ terms: 'accept-terms' }), library: refusals.forbidden });
    await openPage('/demo/io/obligations');
    expect((await findErrorAlert('You may not see or change this')).textContent).toContain('HTTP 403 Forbidden');
    expect(await screen.findByDisplayValue('terms')).toBeTruthy();
  });
});

describe('Obligations page: rules', () => {
  /** The JSON editor of the open rule dialog, its text replaced by `text`. */
  async function typeRule(user: Awaited<ReturnType<typeof openPage>>['user'], text: string) {
    const editor = within(dialog()).getByTestId('io-rule-json');
    await user.clear(editor);
    await user.click(editor);
    await user.paste(text);
  }
  const rows = () => screen.getAllByTestId(/^io-rule-\d+$/);

  it.each(loadFailures)(
    'when the rules cannot be read ($name): the API message and no rules editor (saving would replace them); the mapping is shown',
    async ({ reply, title, message }) => {
      answers({ rules: reply, mapping: ok({ terms: 'accept-terms' }) });
      await openPage('/demo/io/obligations');
      expect((await findErrorAlert(title)).textContent).toContain(message);
      expect(await screen.findByDisplayValue('terms')).toBeTruthy();
      expect(screen.queryByTestId('io-rules-table')).toBeNull();
      expect(screen.queryByTestId('io-save-rules')).toBeNull();
      expectNoStackTrace();
    },
  );

  it("the stored rules: type, mode and conditions in a line; rules that do not parse said so with the parser's message", async () => {
    answers({ rules: ok({ rules: [terms, passkey], scope: 'all', problem: "rules[1].when has unknown condition 'credentialMising'" }) });
    await openPage('/demo/io/obligations');
    await screen.findByTestId('io-rule-1');
    expect(rows().map((row) => [...row.querySelectorAll('td')].slice(0, 3).map((cell) => cell.textContent))).toEqual([
      ['require_terms_acceptance', 'mandatory', 'attributeOlderThan: io_terms_version < 2026-10'],
      ['require_credential_enrollment', 'soft', 'credentialMissing: webauthn-passwordless'],
    ]);
    expect((screen.getByTestId('io-rules-scope') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId('io-rules-stored-problem').textContent).toContain("rules[1].when has unknown condition 'credentialMising'");
  });

  it('a rule that is not JSON: said under the editor, and it cannot be applied', async () => {
    answers();
    const { user } = await openPage('/demo/io/obligations');
    await user.click(await screen.findByTestId('io-add-rule'));
    await typeRule(user, '{"type": ');
    expect(within(dialog()).getByText(/^Not a JSON object: /)).toBeTruthy();
    expect((within(dialog()).getByTestId('io-apply-rule') as HTMLButtonElement).disabled).toBe(true);
    expect(server.writes()).toEqual([]);
  });

  it("a rule Keycloak's parser refuses (400): its problem in the dialog, which stays open; the rule is not taken", async () => {
    answers({ rules: ok({ rules: [terms], scope: 'io-clients' }) });
    server.answer(
      'POST',
      '/obligation-rules/validate',
      refusals.invalid({ field: 'rules/1', message: "rules[1].when has unknown condition 'attributeMissing'" }),
    );
    const { user } = await openPage('/demo/io/obligations');
    await user.click(await screen.findByTestId('io-add-rule'));
    const typo = { type: 'require_attributes', when: { attributeMissing: ['company'] } };
    await typeRule(user, JSON.stringify(typo));
    await user.click(within(dialog()).getByTestId('io-apply-rule'));
    const alert = await findErrorAlert('The request failed', dialog());
    expect(within(alert).getByTestId('io-problems').textContent).toBe("rules/1: rules[1].when has unknown condition 'attributeMissing'");
    expect(alert.textContent).not.toContain('invalid_input');
    expect(server.writes()).toEqual([{ method: 'POST', path: '/obligation-rules/validate', body: { rules: [terms, typo], scope: 'io-clients' } }]);
    expect(rows()).toHaveLength(1);
  });

  it('a rule taken, then a save refused (403): said so, and the rules as the admin left them', async () => {
    answers({ rules: ok({ rules: [terms], scope: 'io-clients' }) });
    server.answer('POST', '/obligation-rules/validate', ok({ rules: [terms, passkey], scope: 'io-clients' }));
    server.answer('PUT', '/obligation-rules', refusals.forbidden);
    const { user } = await openPage('/demo/io/obligations');
    await user.click(await screen.findByTestId('io-add-rule'));
    await typeRule(user, JSON.stringify(passkey));
    await user.click(within(dialog()).getByTestId('io-apply-rule'));
    await screen.findByTestId('io-rule-1');
    await user.click(screen.getByTestId('io-save-rules'));
    expect((await findErrorAlert('Not saved')).textContent).toContain('HTTP 403 Forbidden');
    expect(rows()).toHaveLength(2);
    expect(server.writes().at(-1)).toEqual({ method: 'PUT', path: '/obligation-rules', body: { rules: [terms, passkey], scope: 'io-clients' } });
  });
});
