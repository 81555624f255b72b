import { expect } from 'chai';
import { choiceNode, type ChoiceConfig } from '../../src/nodes/frontend/choice.js';
import { consentNode, type ConsentConfig } from '../../src/nodes/frontend/consent.js';
import { formNode, type FormConfig } from '../../src/nodes/frontend/form.js';
import { messageNode } from '../../src/nodes/frontend/message.js';
import { termsNode, type TermsConfig } from '../../src/nodes/frontend/terms.js';
import { MemoryDirectory } from '../../src/connectors/memory-directory.js';
import { baseContext, expectKind, fakeServices, harness } from './support/node-harness.js';

type FieldModel = { name: string; value: string; checked: boolean; error?: { message: string; args?: Record<string, unknown> }; autofocus: boolean };
const fieldsOf = (model: Record<string, unknown>) => model['fields'] as FieldModel[];

describe('form node', () => {
  const config: FormConfig = {
    title: 'profile.title',
    fields: [
      { name: 'company', label: 'Company', type: 'text', required: true, minLength: 2, maxLength: 20 },
      { name: 'email', label: 'Email', type: 'email' },
      { name: 'phone', label: 'Phone', type: 'tel' },
      { name: 'seats', label: 'Seats', type: 'number', min: 1, max: 500 },
      { name: 'birthday', label: 'Birthday', type: 'date' },
      { name: 'newsletter', label: 'Newsletter', type: 'checkbox' },
      {
        name: 'plan',
        label: 'Plan',
        type: 'select',
        options: [
          { value: 'free', label: 'Free' },
          { value: 'pro', label: 'Pro' },
        ],
      },
      { name: 'code', label: 'Code', type: 'text', pattern: '[A-Z]{3}' },
    ],
  };

  it('declares typed inputs, outputs and one port', () => {
    expect(formNode.outputs(config)).to.have.keys(config.fields.map((field) => field.name));
    expect(formNode.outputs(config)['seats']).to.deep.equal({ type: 'number' });
    expect(formNode.outputs(config)['newsletter']).to.deep.equal({ type: 'boolean' });
    expect(formNode.inputs(config)['company']).to.deep.equal({ type: 'string' });
    expect(formNode.ports(config)).to.deep.equal(['submitted']);
  });

  it('shows the fields prefilled from its inputs, focusing the first', async () => {
    const form = harness(formNode, config, { input: { company: 'Acme', seats: 12, newsletter: true, plan: 'pro' } });
    const { screen } = expectKind(await form.init(), 'wait');
    expect(screen.partial).to.equal('form');
    expect(screen.handlers).to.deep.equal(['submit']);
    const fields = fieldsOf(screen.model);
    expect(fields.find((field) => field.name === 'company')).to.include({ value: 'Acme', autofocus: true });
    expect(fields.find((field) => field.name === 'seats')).to.include({ value: '12' });
    expect(fields.find((field) => field.name === 'newsletter')).to.include({ checked: true });
    const plan = fields.find((field) => field.name === 'plan') as unknown as { options: Array<{ value: string; selected: boolean }> };
    expect(plan.options.find((option) => option.selected)?.value).to.equal('pro');
  });

  it('outputs typed values and form_submitted evidence on a valid submission', async () => {
    const form = harness(formNode, config);
    const result = expectKind(
      await form.submit('submit', {
        company: '  Acme  ',
        email: 'a@b.ch',
        phone: '+41 44 123 45 67',
        seats: '42',
        birthday: '1990-02-28',
        newsletter: 'on',
        plan: 'pro',
        code: 'ABC',
      }),
      'next',
    );
    const fields = {
      company: 'Acme',
      email: 'a@b.ch',
      phone: '+41 44 123 45 67',
      seats: 42,
      birthday: '1990-02-28',
      newsletter: true,
      plan: 'pro',
      code: 'ABC',
    };
    expect(result.port).to.equal('submitted');
    expect(result.outputs).to.deep.equal(fields);
    expect(result.evidence).to.deep.equal([{ type: 'form_submitted', step: 'step1', at: Date.UTC(2025, 0, 15, 12) / 1000, payload: { fields } }]);
  });

  it('leaves empty optional fields out and an unchecked checkbox false', async () => {
    const result = expectKind(await harness(formNode, config).submit('submit', { company: 'Acme', email: '' }), 'next');
    expect(result.outputs).to.deep.equal({ company: 'Acme', newsletter: false });
  });

  it('waits with field errors and keeps the values on invalid input', async () => {
    const form = harness(formNode, config);
    const { screen } = expectKind(
      await form.submit('submit', { company: 'A', email: 'nope', phone: 'call me', seats: '0', birthday: '2023-02-30', plan: 'gold', code: 'abc' }),
      'wait',
    );
    expect(screen.model['hasErrors']).to.equal(true);
    const errors = Object.fromEntries(fieldsOf(screen.model).map((field) => [field.name, field.error]));
    expect(errors).to.deep.equal({
      company: { message: 'field.tooShort', args: { min: 2 } },
      email: { message: 'field.email' },
      phone: { message: 'field.tel' },
      seats: { message: 'field.min', args: { min: 1 } },
      birthday: { message: 'field.date' },
      newsletter: undefined,
      plan: { message: 'field.option' },
      code: { message: 'field.pattern' },
    });
    const company = fieldsOf(screen.model).find((field) => field.name === 'company')!;
    expect(company).to.include({ value: 'A', autofocus: true });
  });

  it('checks required fields, lengths, numbers and required checkboxes', async () => {
    const strict: FormConfig = {
      title: 't',
      fields: [
        { name: 'name', label: 'Name', type: 'text', required: true },
        { name: 'bio', label: 'Bio', type: 'text', maxLength: 5 },
        { name: 'age', label: 'Age', type: 'number', max: 120 },
        { name: 'size', label: 'Size', type: 'number' },
        { name: 'agree', label: 'Agree', type: 'checkbox', required: true },
      ],
    };
    const { screen } = expectKind(await harness(formNode, strict).submit('submit', { name: '   ', bio: 'toolong', age: '121', size: '1e3' }), 'wait');
    const errors = Object.fromEntries(fieldsOf(screen.model).map((field) => [field.name, field.error?.message]));
    expect(errors).to.deep.equal({ name: 'field.required', bio: 'field.tooLong', age: 'field.max', size: 'field.number', agree: 'field.mustCheck' });
  });

  it('reports duplicate fields, bad patterns and misplaced options in check()', () => {
    const issues = formNode.check!({
      title: 't',
      fields: [
        { name: 'a', label: 'A', type: 'text', pattern: '(' },
        { name: 'a', label: 'A', type: 'number', min: 5, max: 1 },
        { name: 'b', label: 'B', type: 'select' },
        { name: 'c', label: 'C', type: 'text', options: [{ value: 'x', label: 'X' }] },
      ],
    });
    expect(issues.map((issue) => issue.field)).to.have.members(['fields', 'fields[0].pattern', 'fields[1].min', 'fields[2].options', 'fields[3].options']);
  });
});

describe('form node: skip button and the user-profile check', () => {
  const config: FormConfig = {
    title: 'Complete your profile',
    skipLabel: 'Later',
    checkUserProfile: true,
    fields: [{ name: 'company', label: 'Company', type: 'text', required: true }],
  };
  const withDirectory = () => {
    const services = fakeServices();
    const directory = new MemoryDirectory(baseContext.issuer).add({ id: 'user-1', username: 'jane', enabled: true, attributes: {} });
    directory.validators['company'] = (value) => (value === 'ACME' ? undefined : 'Unknown company.');
    return { services: { ...services, users: directory }, directory };
  };

  it('has a skipped port and a skippable input only with a skip label', () => {
    expect(formNode.ports(config)).to.deep.equal(['submitted', 'skipped']);
    expect(formNode.inputs(config)).to.have.property('skippable');
    expect(formNode.inputs({ ...config, skipLabel: undefined })).not.to.have.property('skippable');
    expect(formNode.check!({ ...config, fields: [{ name: 'skippable', label: 'x', type: 'text' }] })[0]?.message).to.match(/reserved/);
  });

  it('offers the skip button unless the skippable input is false, and skips without validating', async () => {
    const soft = harness(formNode, config);
    expect(expectKind(await soft.init(), 'wait').screen).to.deep.include({ handlers: ['submit', 'skip'] });
    expect(expectKind(await soft.submit('skip'), 'next')).to.deep.equal({ kind: 'next', port: 'skipped' });

    const mandatory = harness(formNode, config, { input: { skippable: false } });
    const { screen } = expectKind(await mandatory.init(), 'wait');
    expect(screen.handlers).to.deep.equal(['submit']);
    expect(screen.model['skipLabel']).to.equal(undefined);
    expect(expectKind(await mandatory.submit('skip'), 'wait').screen.partial, 'a skip it does not offer shows the form again').to.equal('form');
  });

  it("shows the realm's refusal on the field, in Keycloak's words, and accepts what Keycloak accepts", async () => {
    const { services, directory } = withDirectory();
    const form = harness(formNode, config, { services });
    const refused = expectKind(await form.submit('submit', { company: 'Initech' }), 'wait');
    expect(fieldsOf(refused.screen.model)[0]).to.deep.include({ value: 'Initech', error: { message: 'Unknown company.' } });
    expect(expectKind(await form.submit('submit', { company: 'ACME' }), 'next').outputs).to.deep.equal({ company: 'ACME' });
    expect(directory.calls).to.deep.equal(['checkProfile user-1', 'checkProfile user-1']);
  });

  it('checks nothing with Keycloak while its own validation refuses the input', async () => {
    const { services, directory } = withDirectory();
    expectKind(await harness(formNode, config, { services }).submit('submit', { company: '' }), 'wait');
    expect(directory.calls).to.deep.equal([]);
  });

  it('fails the step without a user to check for, or when Keycloak cannot answer', async () => {
    const { services, directory } = withDirectory();
    const anonymous = harness(formNode, config, { services, context: { ...baseContext, user: undefined } });
    expect(expectKind(await anonymous.submit('submit', { company: 'ACME' }), 'fail').error).to.equal('keycloak_user_missing');
    directory.failOn('checkProfile');
    expect(expectKind(await harness(formNode, config, { services }).submit('submit', { company: 'ACME' }), 'fail').error).to.equal('directory_unavailable');
  });
});

describe('message node', () => {
  it('shows its text with values from expressions and continues through next', async () => {
    const message = harness(
      messageNode,
      { title: 'done.title', body: 'Your username is {username}.', severity: 'success', args: { username: 'input.username' } },
      { input: { username: 'jane-4711' } },
    );
    const { screen } = expectKind(await message.init(), 'wait');
    expect(screen).to.deep.include({ partial: 'message', handlers: ['continue'] });
    expect(screen.model).to.deep.include({ severity: 'success', args: { username: 'jane-4711' }, continueLabel: 'message.continue' });
    expect(expectKind(await message.submit('continue'), 'next').port).to.equal('next');
  });
});

describe('choice node', () => {
  const config: ChoiceConfig = {
    title: 'How?',
    options: [
      { value: 'email', label: 'Email' },
      { value: 'sms', label: 'SMS' },
    ],
  };

  it('has a port per option, or one chosen port without branching', () => {
    expect(choiceNode.ports(config)).to.deep.equal(['email', 'sms']);
    expect(choiceNode.ports({ ...config, branch: false })).to.deep.equal(['chosen']);
  });

  it('leaves through the chosen option and outputs it', async () => {
    const result = expectKind(await harness(choiceNode, config).submit('choose', { choice: 'sms' }), 'next');
    expect(result).to.deep.include({ port: 'sms', outputs: { choice: 'sms' } });
    const single = expectKind(await harness(choiceNode, { ...config, branch: false }).submit('choose', { choice: 'email' }), 'next');
    expect(single).to.deep.include({ port: 'chosen', outputs: { choice: 'email' } });
  });

  it('asks again when nothing valid was chosen', async () => {
    const { screen } = expectKind(await harness(choiceNode, config).submit('choose', { choice: 'fax' }), 'wait');
    expect(screen.model['error']).to.deep.equal({ message: 'choice.required' });
  });

  it('preselects the input and renders as buttons on request', async () => {
    const { screen } = expectKind(await harness(choiceNode, { ...config, display: 'buttons' }, { input: { choice: 'sms' } }).init(), 'wait');
    expect(screen.model['asButtons']).to.equal(true);
    expect((screen.model['options'] as Array<{ checked: boolean }>).map((option) => option.checked)).to.deep.equal([false, true]);
  });

  it('reports duplicate option values', () => {
    expect(choiceNode.check!({ ...config, options: [...config.options, { value: 'sms', label: 'Again' }] })).to.deep.equal([
      { field: 'options', message: '"sms" occurs more than once' },
    ]);
  });
});

describe('terms node', () => {
  const config: TermsConfig = { version: '2025-01', title: 'Terms', body: 'terms.body' };

  it('records the accepted version with evidence', async () => {
    const result = expectKind(await harness(termsNode, config).submit('accept', { accept: 'on' }), 'next');
    expect(result.port).to.equal('accepted');
    expect(result.outputs).to.deep.equal({ acceptedVersion: '2025-01', acceptedAt: '2025-01-15T12:00:00.000Z' });
    expect(result.evidence?.[0]).to.deep.include({ type: 'terms_accepted', payload: { version: '2025-01' } });
  });

  it('refuses acceptance without the checkbox', async () => {
    const { screen } = expectKind(await harness(termsNode, config).submit('accept', {}), 'wait');
    expect(screen.model['error']).to.deep.equal({ message: 'terms.mustAccept' });
  });

  it('leaves through declined', async () => {
    expect(expectKind(await harness(termsNode, config).submit('decline'), 'next').port).to.equal('declined');
    const { screen } = expectKind(await harness(termsNode, config).init(), 'wait');
    expect(screen.handlers).to.deep.equal(['accept', 'decline']);
  });
});

describe('consent node', () => {
  const config: ConsentConfig = {
    title: 'Consent',
    purposes: [
      { id: 'service', label: 'Service', required: true },
      { id: 'marketing', label: 'Marketing', description: 'News' },
      { id: 'analytics', label: 'Analytics' },
    ],
  };

  it('records granted and denied purposes', async () => {
    const result = expectKind(await harness(consentNode, config).submit('submit', { 'purpose-service': 'on', 'purpose-analytics': 'on' }), 'next');
    expect(result.port).to.equal('granted');
    expect(result.outputs).to.deep.equal({
      granted: ['service', 'analytics'],
      denied: ['marketing'],
      decisions: { service: true, marketing: false, analytics: true },
    });
    expect(result.evidence?.[0]).to.deep.include({ type: 'consent_recorded', payload: { granted: ['service', 'analytics'], denied: ['marketing'] } });
  });

  it('requires the required purposes and keeps the choices', async () => {
    const { screen } = expectKind(await harness(consentNode, config).submit('submit', { 'purpose-marketing': 'on' }), 'wait');
    const purposes = screen.model['purposes'] as Array<{ id: string; checked: boolean; error?: unknown }>;
    expect(purposes.map((purpose) => [purpose.id, purpose.checked, purpose.error])).to.deep.equal([
      ['service', false, { message: 'consent.requiredPurpose' }],
      ['marketing', true, undefined],
      ['analytics', false, undefined],
    ]);
  });

  it('prechecks purposes granted before and can be declined', async () => {
    const { screen } = expectKind(await harness(consentNode, config, { input: { granted: ['marketing'] } }).init(), 'wait');
    expect((screen.model['purposes'] as Array<{ checked: boolean }>).map((purpose) => purpose.checked)).to.deep.equal([false, true, false]);
    expect(expectKind(await harness(consentNode, config).submit('decline'), 'next').port).to.equal('declined');
  });
});
