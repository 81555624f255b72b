import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { dialog, expectNoStackTrace, findErrorAlert, openPage } from './render';
import { loadFailures, ok, refusals, server, type Reply } from './server';

const draft = {
  schemaVersion: 1,
  id: 'onboarding',
  name: 'Onboarding',
  category: 'authentication',
  version: '1',
  start: 'ask',
  nodes: [
    { id: 'ask', type: 'form', config: {}, ui: { x: 0, y: 0 } },
    { id: 'done', type: 'end', config: { outcome: 'success' }, ui: { x: 0, y: 200 } },
  ],
  links: [{ from: 'ask', output: 'submitted', to: 'done' }],
};
const valid = { valid: true, issues: [], warnings: [] };

function answers({
  detail = ok({ id: 'onboarding', name: 'Onboarding', status: 'draft', draft }),
  validate = ok(valid),
  missing = ok({ keys: [], missing: {} }),
}: Partial<Record<string, Reply>> = {}) {
  server.answer('GET', '/flows/onboarding', detail);
  server.answer('POST', '/flows/onboarding/validate', validate);
  server.answer('GET', '/flows/onboarding/messages/missing', missing);
}

async function openDesigner() {
  const page = await openPage('/demo/io/flows/onboarding/design');
  await screen.findByTestId('node-ask');
  return page;
}

describe('Design page', () => {
  it.each(loadFailures)('when the flow cannot be read ($name): the API message, no canvas', async ({ reply, message }) => {
    answers({ detail: reply });
    await openPage('/demo/io/flows/onboarding/design');
    expect((await findErrorAlert('The flow could not be loaded')).textContent).toContain(message);
    expect(screen.queryByTestId('node-ask')).toBeNull();
    expect(server.requests.map((request) => request.path)).not.toContain('/flows/onboarding/validate');
    expectNoStackTrace();
  });

  it('a check the bridge cannot answer (503): a warning with its message; the flow stays editable', async () => {
    answers({ validate: refusals.bridgeDown });
    await openDesigner();
    const warning = (await screen.findByText('The flow could not be checked')).closest('.pf-v5-c-alert')!;
    expect(warning.textContent).toContain('the bridge cannot answer: connection refused');
    expect(screen.getByTestId('node-done')).toBeTruthy();
  });

  it("the bridge's problems (400): on the nodes they name, the rest for the flow", async () => {
    answers({
      validate: refusals.invalid(
        { field: 'config/fields', node: 'ask', message: 'a form needs a field' },
        { field: 'category', message: 'not for this realm' },
      ),
    });
    await openDesigner();
    expect((await screen.findByTestId('issue-ask')).textContent).toContain('a form needs a field');
    expect(screen.getByTestId('issue-flow').textContent).toContain('Problems of the flow (1)');
    expect(screen.queryByTestId('issue-done')).toBeNull();
  });

  it('a publish refused (400): each problem in the publish dialog, which stays open', async () => {
    answers();
    server.answer(
      'POST',
      '/flows/onboarding/versions',
      refusals.invalid({ field: 'draft/nodes/0/config/fields', node: 'ask', message: 'a form needs a field' }),
    );
    const { user } = await openDesigner();
    await user.click(screen.getByRole('button', { name: 'Publish' }));
    await user.click(within(dialog()).getByRole('button', { name: 'Publish' }));
    const alert = await findErrorAlert('The draft was not published', dialog());
    expect(alert.textContent).toContain('ask: draft/nodes/0/config/fields: a form needs a field');
  });

  it('the publish dialog lists the keys a locale lacks; a report that cannot be read is said so, not taken for "nothing missing"', async () => {
    answers({ missing: ok({ keys: ['ask.help', 'ask.title'], missing: { en: [], de: ['ask.help'] } }) });
    const { user } = await openDesigner();
    await user.click(screen.getByRole('button', { name: 'Publish' }));
    expect((await within(dialog()).findByTestId('io-missing-before-publish')).textContent).toContain('de lacks 1 key(s) other locales have: ask.help');
    await user.click(within(dialog()).getByRole('button', { name: 'Cancel' }));

    answers({ missing: refusals.bridgeDown });
    await user.click(screen.getByRole('button', { name: 'Publish' }));
    expect((await findErrorAlert('The request failed', dialog())).textContent).toContain('the bridge cannot answer');
    expect(within(dialog()).queryByTestId('io-missing-before-publish')).toBeNull();
  });

  it('a save refused (403): the designer says so with the reason; the edit is kept', async () => {
    answers();
    server.answer('PUT', '/flows/onboarding', refusals.forbidden);
    const { user } = await openDesigner();
    await user.click(screen.getByRole('button', { name: 'Auto-layout' }));
    const save = screen.getByRole('button', { name: 'Save draft' });
    await user.click(save);
    expect((await findErrorAlert('The draft was not saved')).textContent).toContain('HTTP 403 Forbidden');
    expect((save as HTMLButtonElement).disabled).toBe(false);
    expect((screen.getByRole('button', { name: 'Undo' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('a save refused (400): each problem with its field and node, until a save succeeds', async () => {
    answers();
    server.answer('PUT', '/flows/onboarding', refusals.invalid({ field: 'nodes/0/config/fields', node: 'ask', message: 'a form needs a field' }), ok({}));
    const { user } = await openDesigner();
    await user.click(screen.getByRole('button', { name: 'Auto-layout' }));
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    const alert = await findErrorAlert('The draft was not saved');
    expect([...within(alert).getByTestId('io-problems').querySelectorAll('li')].map((item) => item.textContent)).toEqual([
      'nodes/0/config/fields (node ask): a form needs a field',
    ]);
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(screen.queryByText('The draft was not saved')).toBeNull());
  });

  it('Try it runs the model as it is: the stored draft while nothing changed, the unsaved model after a change (said so); a refused start shows its problems in the dialog', async () => {
    answers();
    const waiting = { runId: 'run-1', status: 'active', variables: { flow: {}, session: {} }, trace: [], mail: [], warnings: [] };
    server.answer(
      'POST',
      '/flows/onboarding/try',
      ok(waiting),
      refusals.invalid({ field: 'draft/nodes/0/config/fields', node: 'ask', message: 'a form needs a field' }),
    );
    const { user } = await openDesigner();

    await user.click(screen.getByTestId('io-designer-try'));
    expect(within(dialog()).queryByTestId('io-try-unsaved')).toBeNull();
    await user.click(within(dialog()).getByTestId('io-try-start'));
    await within(dialog()).findByTestId('io-try-run');
    expect(server.writes().at(-1)).toEqual({
      method: 'POST',
      path: '/flows/onboarding/try',
      body: { integrations: 'stubbed', stubs: {}, user: { username: 'tester', email: 'tester@example.com' } },
    });
    await user.click(within(dialog()).getByRole('button', { name: 'Close' }));

    await user.click(screen.getByRole('button', { name: 'Auto-layout' }));
    await user.click(screen.getByTestId('io-designer-try'));
    expect(within(dialog()).getByTestId('io-try-unsaved').textContent).toContain('unsaved changes included');
    await user.click(within(dialog()).getByTestId('io-try-start'));
    const alert = await findErrorAlert('The run could not go on', dialog());
    expect(within(alert).getByTestId('io-problems').textContent).toBe('draft/nodes/0/config/fields (node ask): a form needs a field');
    const sent = server.writes().at(-1)!.body as { definition: typeof draft };
    expect(sent.definition.id).toBe('onboarding');
    expect(sent.definition.nodes.map((node) => node.id)).toEqual(['ask', 'done']);
    expect(sent.definition).not.toEqual(draft);
    expect(
      server.writes().filter((request) => request.method === 'PUT'),
      'nothing saved',
    ).toEqual([]);
  });
});
