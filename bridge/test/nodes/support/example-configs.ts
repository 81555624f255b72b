/** A valid config for each built-in node type of the NODES catalogue (also used to render every screen). */
export const exampleConfigs: Record<string, Record<string, unknown>> = {
  form: {
    title: 'Your company',
    intro: 'We need a few details.',
    fields: [
      { name: 'company', label: 'Company', type: 'text', required: true, maxLength: 100, hint: 'As registered' },
      { name: 'seats', label: 'Seats', type: 'number', min: 0, max: 10 },
      { name: 'plan', label: 'Plan', type: 'select', options: [{ value: 'free', label: 'Free' }] },
      { name: 'newsletter', label: 'Newsletter', type: 'checkbox', hint: 'Monthly' },
      { name: 'start', label: 'Start', type: 'date' },
    ],
  },
  message: { title: 'Welcome {name}', body: 'Hello', severity: 'warning', args: { name: 'context.user.username' } },
  choice: {
    title: 'How should we reach you?',
    options: [
      { value: 'email', label: 'Email', description: 'Fast' },
      { value: 'post', label: 'Post' },
    ],
  },
  terms: { version: '2025-01', title: 'Terms of service', body: 'You agree to…' },
  consent: {
    title: 'Your privacy',
    purposes: [
      { id: 'service', label: 'Service', required: true },
      { id: 'news', label: 'News', description: 'Monthly mail' },
    ],
  },
  otp: { ttlSeconds: 300, maxAttempts: 5 },
  'set-variables': { values: { fullName: 'input.first & " " & input.last' } },
  'generate-value': { strategy: 'slug', template: 'input.name', length: 4 },
  'policy-check': { rules: [{ id: 'username', field: 'input.username', regex: '[a-z]+', maxLength: 20 }] },
  'obligation-evidence': { type: 'require_terms_acceptance', step: 'accept-terms@1' },
  redirect: { url: '"https://idv.example.com/start"', returnParams: ['status'] },
  condition: { expression: 'context.user.enabled = true' },
  switch: { expression: 'context.realm', cases: [{ value: 'demo', port: 'demo' }] },
  'ab-split': {
    salt: 's1',
    variants: [
      { port: 'a', percent: 50 },
      { port: 'b', percent: 50 },
    ],
  },
  end: {
    outcome: 'success',
    sessionNotes: { company: 'flow.company' },
    actions: [
      { type: 'set_user_attributes', attributes: { company: 'flow.company' } },
      { type: 'record_terms_acceptance', version: 'input.version', when: 'flow.accepted = true' },
      { type: 'mark_email_verified' },
    ],
  },
};
