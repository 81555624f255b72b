import { expect } from 'chai';
import type { Execution, FlowContext } from '../../src/engine/execution.js';
import type { FlowDefinition } from '../../src/engine/flow.js';
import type { Obligation } from '../../src/handoff/handoff-claims.js';
import { mappingProblems, obligationFlowsFor, planObligations } from '../../src/journey/obligation-plan.js';
import { context } from '../engine/support.js';
import { defaultMapping, obligationHarness, type ObligationHarness } from './support.js';

const userContext: FlowContext = { ...context, user: { id: 'user-1', email: 'jane@example.com' } };

/** A library flow of the test's own that verifies something: its `amr` output goes into the entry. */
const stepUp: FlowDefinition = {
  schemaVersion: 1,
  id: 'step-up',
  name: 'Step up',
  category: 'library',
  version: '3',
  permissions: [{ type: 'raise_acr', levels: ['gold'] }],
  outputs: { amr: { type: 'string' }, level: { type: 'string' } },
  start: 'verified',
  nodes: [
    {
      id: 'verified',
      type: 'set-variables',
      config: { values: { amr: "'otp'", level: "'gold'" } },
      outputs: { 'flow.amr': 'result.amr', 'flow.level': 'result.level' },
    },
    { id: 'done', type: 'end', config: { outcome: 'success', actions: [{ type: 'raise_acr', level: 'flow.level' }] } },
  ],
  links: [{ from: 'verified', output: 'next', to: 'done' }],
};

async function start(h: ObligationHarness, obligations: Obligation[], mapping: Record<string, string> = defaultMapping): Promise<Execution> {
  const plan = planObligations(obligations, mapping, h.catalog);
  return h.engine.start(plan, { ...userContext, obligations }, { executionId: 'corr-1', inline: true, evidenceScope: 'top-level' });
}

async function submit(h: ObligationHarness, execution: Execution, handler: string, values: Record<string, string> = {}): Promise<Execution> {
  const result = await h.engine.submit(execution, execution.current!.stepId, { handler, values });
  return result.execution;
}

describe('obligations: one visit, one generated flow of mapped library flows', () => {
  it('runs the mapped flows in order with their params and returns one entry per obligation', async () => {
    const h = obligationHarness();
    const obligations: Obligation[] = [
      { type: 'require_terms_acceptance', mode: 'mandatory', params: { version: '2026-10' } },
      { type: 'require_attributes', mode: 'mandatory', params: { fields: ['company'] } },
      { type: 'require_credential_enrollment', mode: 'soft', params: { credentialTypes: ['webauthn-passwordless', 'otp'] } },
      { type: 'require_consent', params: { purposes: ['marketing'] } },
    ];
    let exec = await start(h, obligations);

    expect(exec.current?.screen.partial).to.equal('terms');
    expect(exec.current?.screen.model['version']).to.equal('2026-10');
    exec = await submit(h, exec, 'accept', { accept: 'on' });

    expect(exec.current?.screen.partial).to.equal('form');
    expect(
      (exec.current?.screen.model['fields'] as Array<{ name: string }>).map((field) => field.name),
      'exactly the fields asked for',
    ).to.deep.equal(['company']);
    exec = await submit(h, exec, 'submit', { company: 'Acme', jobTitle: 'ignored: not asked' });

    expect(exec.current?.screen.partial).to.equal('choice');
    expect(
      (exec.current?.screen.model['options'] as Array<{ value: string }>).map((option) => option.value),
      'soft: may skip',
    ).to.deep.equal(['now', 'later']);
    exec = await submit(h, exec, 'choose', { choice: 'later' });

    expect(exec.current?.screen.partial).to.equal('consent');
    exec = await submit(h, exec, 'submit', { 'purpose-marketing': 'on' });
    expect(h.directory.calls, "the form asked Keycloak's user profile about the company").to.include('checkProfile user-1');

    expect(exec.status).to.equal('completed');
    expect(exec.outcome).to.equal('success');
    expect(exec.evidence.map(({ type, step, payload }) => ({ type, step, payload }))).to.deep.equal([
      { type: 'require_terms_acceptance', step: 'accept-terms@2', payload: { version: '2026-10', acceptedAt: new Date(h.clock.now()).toISOString() } },
      { type: 'require_attributes', step: 'collect-attributes@2', payload: { attributes: { company: 'Acme' } } },
      { type: 'require_credential_enrollment', step: 'enroll-credential@2', payload: { skipped: true } },
      { type: 'require_consent', step: 'consent@2', payload: { decisions: { marketing: true } } },
    ]);
    // The library flows' end actions, in order; the skipped nudge added none.
    expect(exec.actions).to.deep.equal([
      { type: 'record_terms_acceptance', version: '2026-10' },
      { type: 'set_user_attributes', attributes: { company: ['Acme'] } },
      { type: 'record_consent', purposes: { marketing: true } },
    ]);
  });

  it('continues a generated flow from its stored state (another instance, a JSON round trip)', async () => {
    const h = obligationHarness();
    const stored = JSON.parse(JSON.stringify(await start(h, [{ type: 'require_terms_acceptance', params: { version: '7' } }]))) as Execution;
    const exec = await submit(h, stored, 'accept', { accept: 'on' });
    expect(exec.status).to.equal('completed');
    expect(exec.actions).to.deep.equal([{ type: 'record_terms_acceptance', version: '7' }]);
  });

  it('offers no skip for a mandatory nudge and hands enrollment to Keycloak', async () => {
    const h = obligationHarness();
    let exec = await start(h, [{ type: 'require_credential_enrollment', mode: 'mandatory', params: {} }]);
    expect((exec.current?.screen.model['options'] as Array<{ value: string }>).map((option) => option.value)).to.deep.equal(['now']);
    exec = await submit(h, exec, 'choose', { choice: 'now' });
    expect(exec.status).to.equal('completed');
    expect(exec.actions).to.deep.equal([{ type: 'add_required_action', action: 'webauthn-register-passwordless' }]);
    // What was asked for, never "enrolled": Keycloak reports that once it holds the credential.
    expect(exec.evidence.map((entry) => entry.payload)).to.deep.equal([{ requested: 'webauthn-register-passwordless' }]);
  });

  it('lets a soft profile obligation be skipped, recorded as skipped', async () => {
    const h = obligationHarness();
    let exec = await start(h, [{ type: 'require_attributes', mode: 'soft', params: { fields: ['company'] } }]);
    expect(exec.current?.screen.model['skipLabel']).to.equal('Later');
    exec = await submit(h, exec, 'skip');
    expect(exec.status).to.equal('completed');
    expect(exec.evidence.map(({ type, payload }) => ({ type, payload }))).to.deep.equal([{ type: 'require_attributes', payload: { skipped: true } }]);
    expect(exec.actions).to.deep.equal([]);
  });

  it('keeps a mandatory profile obligation on screen when asked to skip it, prefilled with what Keycloak has', async () => {
    const h = obligationHarness();
    let exec = await start(h, [{ type: 'require_attributes', mode: 'mandatory', params: { fields: ['company', 'jobTitle'], values: { jobTitle: 'CTO' } } }]);
    expect(exec.current?.screen.model['skipLabel'], 'no skip button').to.equal(undefined);
    exec = await submit(h, exec, 'skip');
    expect(exec.current?.screen.partial, 'still asking').to.equal('form');
    const fields = exec.current?.screen.model['fields'] as Array<{ name: string; value: string }>;
    expect(fields.map(({ name, value }) => ({ name, value }))).to.deep.equal([
      { name: 'company', value: '' },
      { name: 'jobTitle', value: 'CTO' },
    ]);
  });

  it("shows the realm's user-profile refusal on the field and keeps the values, until Keycloak accepts them", async () => {
    const h = obligationHarness();
    h.directory.validators['company'] = (value) => (value.length < 2 ? 'Length must be between 2 and 100.' : undefined);
    let exec = await start(h, [{ type: 'require_attributes', params: { fields: ['company'] } }]);
    exec = await submit(h, exec, 'submit', { company: 'X' });
    const [field] = exec.current?.screen.model['fields'] as Array<{ name: string; value: string; error?: { message: string } }>;
    expect(field).to.deep.include({ name: 'company', value: 'X', error: { message: 'Length must be between 2 and 100.' } });
    exec = await submit(h, exec, 'submit', { company: 'Xa' });
    expect(exec.status).to.equal('completed');
    expect(exec.actions).to.deep.equal([{ type: 'set_user_attributes', attributes: { company: ['Xa'] } }]);
  });

  it('records consent with the versions the obligation names', async () => {
    const h = obligationHarness();
    let exec = await start(h, [
      { type: 'require_consent', params: { purposes: ['marketing', 'analytics'], versions: { marketing: '2', analytics: '1' }, granted: ['analytics'] } },
    ]);
    const purposes = exec.current?.screen.model['purposes'] as Array<{ id: string; checked: boolean }>;
    expect(
      purposes.map(({ id, checked }) => ({ id, checked })),
      'prechecked from granted',
    ).to.deep.equal([
      { id: 'marketing', checked: false },
      { id: 'analytics', checked: true },
    ]);
    exec = await submit(h, exec, 'submit', { 'purpose-marketing': 'on' });
    expect(exec.actions).to.deep.equal([
      { type: 'record_consent', purposes: { marketing: true, analytics: false }, versions: { marketing: '2', analytics: '1' } },
    ]);
    expect(exec.evidence[0]!.payload).to.deep.equal({ decisions: { marketing: true, analytics: false }, versions: { marketing: '2', analytics: '1' } });
  });

  it('fails the journey when a mandatory obligation is declined (obligation_declined)', async () => {
    const h = obligationHarness();
    let exec = await start(h, [
      { type: 'require_attributes', params: { fields: ['jobTitle'] } },
      { type: 'require_terms_acceptance', params: { version: '2026-10' } },
    ]);
    exec = await submit(h, exec, 'submit', { jobTitle: 'CTO' });
    exec = await submit(h, exec, 'decline');
    expect(exec.current?.screen.partial, 'the page that says why').to.equal('message');
    expect(exec.current?.screen.model['body']).to.contain('declined the terms of service');
    exec = await submit(h, exec, 'continue');
    expect(exec.status).to.equal('failed');
    expect(exec.error).to.equal('obligation_declined');
  });

  it('fails when the mapped flow fails (obligation_failed)', async () => {
    const h = obligationHarness();
    let exec = await start(h, [{ type: 'require_email_verification', params: {} }]);
    expect(h.mails.map((mail) => mail.to)).to.deep.equal(['jane@example.com']);
    const wrong = h.mails[0]!.text.includes('000000') ? '111111' : '000000';
    // verify-email allows three wrong codes.
    for (let attempt = 0; attempt < 3; attempt++) exec = await submit(h, exec, 'verify', { code: wrong });
    expect(exec.status).to.equal('failed');
    expect(exec.error).to.equal('obligation_failed');
  });

  it('marks the email verified, without amr: email verification is no authentication factor', async () => {
    const h = obligationHarness();
    let exec = await start(h, [{ type: 'require_email_verification', params: {} }]);
    exec = await submit(h, exec, 'verify', { code: h.mails[0]!.text.match(/\d{6}/)![0] });
    expect(exec.status).to.equal('completed');
    expect(exec.actions).to.deep.equal([{ type: 'mark_email_verified' }]);
    // The library's email proof reaches Keycloak next to the obligation's entry (the contract's email-proof rule).
    expect(exec.evidence.map(({ type, payload }) => ({ type, payload }))).to.deep.equal([
      { type: 'email_code_verified', payload: { email: 'jane@example.com' } },
      { type: 'require_email_verification', payload: { email: 'jane@example.com' } },
    ]);
  });

  it("puts a flow's amr output into payload.amr, and a library flow's raise_acr into the actions", async () => {
    const h = obligationHarness([stepUp]);
    const exec = await start(h, [{ type: 'step_up', params: {} }], { step_up: 'step-up' });
    expect(exec.status).to.equal('completed');
    expect(exec.evidence).to.have.length(1);
    expect(exec.evidence[0]).to.deep.include({ type: 'step_up', step: 'step-up@3', payload: { amr: 'otp', level: 'gold' } });
    expect(exec.actions).to.deep.equal([{ type: 'raise_acr', level: 'gold' }]);
  });

  it('fails closed, before any screen, when an obligation type is not mapped (obligation_unmapped)', async () => {
    const h = obligationHarness();
    const exec = await start(h, [
      { type: 'require_terms_acceptance', params: { version: '1' } },
      { type: 'require_loyalty_pledge', params: {} },
    ]);
    expect(exec.current).to.equal(undefined);
    expect(exec.status).to.equal('failed');
    expect(exec.error).to.equal('obligation_unmapped');
    expect(exec.evidence).to.deep.equal([]);
  });

  it('fails closed when an obligation lacks a param its flow requires (obligation_invalid)', async () => {
    const h = obligationHarness();
    const exec = await start(h, [{ type: 'require_attributes', params: {} }]);
    expect(exec.error).to.equal('obligation_invalid');
  });

  it('fails closed when a field asked for is not in the form catalogue', async () => {
    const h = obligationHarness();
    const exec = await start(h, [{ type: 'require_attributes', params: { fields: ['shoeSize'] } }]);
    expect(exec.status).to.equal('failed');
    expect(exec.error).to.equal('form_field_unknown');
  });

  it('generates flows that pass the catalog validation', () => {
    const h = obligationHarness();
    const plan = planObligations(
      [
        { type: 'require_attributes', params: { fields: ['company', 'jobTitle'] } },
        { type: 'require_credential_enrollment', mode: 'soft', params: { credentialTypes: ['otp'] } },
        { type: 'require_consent', mode: 'soft', params: { purposes: ['marketing', 'analytics'] } },
      ],
      defaultMapping,
      h.catalog,
    );
    expect(() => h.catalog.validate({ raw: plan, path: 'generated' })).not.to.throw();
    expect(plan.nodes.find((node) => node.id === 'obligation-1')?.inputs).to.deep.equal({ fields: '["company","jobTitle"]', mode: '"mandatory"' });
  });

  it('records every asked purpose as denied when the user declines consent', async () => {
    const h = obligationHarness();
    let exec = await start(h, [{ type: 'require_consent', params: { purposes: ['marketing', 'partners'] } }]);
    exec = await submit(h, exec, 'decline');
    expect(exec.status).to.equal('completed');
    expect(exec.actions).to.deep.equal([{ type: 'record_consent', purposes: { marketing: false, partners: false } }]);
  });
});

describe('obligation mapping configuration', () => {
  it('merges the per-issuer mapping over the general one', () => {
    const general = { a: 'flow-a', b: 'flow-b' };
    expect(obligationFlowsFor(general, { 'https://kc/realms/x': { b: 'flow-x', c: 'flow-c' } }, 'https://kc/realms/x')).to.deep.equal({
      a: 'flow-a',
      b: 'flow-x',
      c: 'flow-c',
    });
    expect(obligationFlowsFor(general, { 'https://kc/realms/x': { b: 'flow-x' } }, 'https://kc/realms/y')).to.deep.equal(general);
  });

  it('requires every mapped flow to exist and be a library flow', () => {
    const h = obligationHarness();
    expect(mappingProblems(defaultMapping, h.catalog, 'IO_OBLIGATION_FLOWS')).to.deep.equal([]);
    expect(mappingProblems({ x: 'nope', y: 'demo-profile' }, h.catalog, 'IO_OBLIGATION_FLOWS')).to.deep.equal([
      'IO_OBLIGATION_FLOWS: obligation type "x" maps to flow "nope", which is not loaded',
      'IO_OBLIGATION_FLOWS: obligation type "y" maps to flow "demo-profile" of category authentication; only library flows can fulfil obligations',
    ]);
  });
});
