/** Flow definitions as a realm publishes them in Keycloak (protocol 1.3); `version` is set at publish. */

/** A library flow: asks for a phone number and hands it back. */
export const askPhone = {
  schemaVersion: 1,
  id: 'ask-phone',
  name: 'Ask for a phone number',
  category: 'library',
  outputs: { phone: { type: 'string' } },
  start: 'ask',
  nodes: [
    {
      id: 'ask',
      type: 'form',
      config: { title: 'phone.title', fields: [{ name: 'phone', label: 'phone.label', type: 'text', required: true }] },
      outputs: { 'flow.phone': 'result.phone' },
    },
    { id: 'done', type: 'end', config: { outcome: 'success' } },
  ],
  links: [{ from: 'ask', output: 'submitted', to: 'done' }],
};

/** A top-level flow calling ask-phone, then handing the number to Keycloak as session note io.phone. */
export const signup = {
  schemaVersion: 1,
  id: 'signup',
  name: 'Sign up',
  category: 'authentication',
  permissions: [{ type: 'set_session_note', names: ['phone'] }],
  variables: { phone: { type: 'string' } },
  start: 'call',
  nodes: [
    { id: 'call', type: 'call-flow', config: { flow: 'ask-phone' }, outputs: { 'flow.phone': 'result.phone' } },
    { id: 'done', type: 'end', config: { outcome: 'success', sessionNotes: { phone: 'flow.phone' } } },
    { id: 'failed', type: 'end', config: { outcome: 'failure', error: 'phone_failed' } },
  ],
  links: [
    { from: 'call', output: 'success', to: 'done' },
    { from: 'call', output: 'failure', to: 'failed' },
  ],
};
