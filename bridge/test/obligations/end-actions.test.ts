import { expect } from 'chai';
import { FlowCatalog } from '../../src/engine/flow-catalog.js';
import { validateFlow, type FlowValidationContext } from '../../src/engine/validate-flow.js';
import { FlowValidationError, type FlowIssue } from '../../src/errors.js';
import { endNode, type EndConfig } from '../../src/nodes/end.js';
import { builtInNodeTypes } from '../../src/nodes/node-registry.js';
import { expectKind, harness } from '../nodes/support/node-harness.js';
import { processorsOf } from '../engine/support.js';

const actionsOf = async (actions: EndConfig['actions'], flow: Record<string, unknown> = {}, input: Record<string, unknown> = {}) =>
  expectKind(await harness(endNode, { outcome: 'success', actions }, { flow, input }).init(), 'end').actions;

const env: FlowValidationContext = {
  nodeTypes: builtInNodeTypes(),
  processors: processorsOf(),
  defaultSets: { custom: [] },
  categorySet: (flow) => flow.category,
};

/** Every action type is permitted here: these tests are about the actions' own shape. */
const permitAll = [{ type: 'mark_email_verified' }, { type: 'set_user_attributes', attributes: ['company'] }, { type: 'raise_acr', levels: ['gold'] }];

function loadIssues(actions: unknown[], permissions: unknown[] = permitAll): FlowIssue[] {
  const flow = {
    schemaVersion: 1,
    id: 'f',
    name: 'f',
    category: 'custom',
    version: '1',
    permissions,
    start: 'done',
    nodes: [{ id: 'done', type: 'end', config: { outcome: 'success', actions } }],
    links: [],
  };
  try {
    validateFlow(flow, env, 'f.json');
  } catch (error) {
    expect(error).to.be.instanceOf(FlowValidationError);
    return [...(error as FlowValidationError).issues];
  }
  return [];
}

describe("end node: evidence actions (the contract's vocabulary)", () => {
  it('produces each action type from expressions, in the shapes of the protocol', async () => {
    const actions = await actionsOf(
      [
        { type: 'set_user_attributes', attributes: { company: 'flow.company', seats: 'flow.seats', tags: 'flow.tags', empty: 'flow.none' } },
        { type: 'set_user_attributes', attributes: 'flow.collected' },
        { type: 'mark_email_verified' },
        { type: 'add_required_action', action: "'webauthn-register'" },
        { type: 'remove_required_action', action: 'flow.drop' },
        { type: 'record_terms_acceptance', version: 'input.version' },
        { type: 'record_consent', purposes: 'flow.consent' },
        { type: 'raise_acr', level: "'gold'" },
        { type: 'raise_acr', level: '2' },
        { type: 'set_session_note', name: 'plan', value: 'flow.seats' },
      ],
      {
        company: 'Acme',
        seats: 3,
        tags: ['a', 'b'],
        collected: { jobTitle: 'CTO', verified: true },
        drop: 'VERIFY_PROFILE',
        consent: { marketing: true, analytics: false },
      },
      { version: '2026-10' },
    );
    expect(actions).to.deep.equal([
      { type: 'set_user_attributes', attributes: { company: ['Acme'], seats: ['3'], tags: ['a', 'b'] } },
      { type: 'set_user_attributes', attributes: { jobTitle: ['CTO'], verified: ['true'] } },
      { type: 'mark_email_verified' },
      { type: 'add_required_action', action: 'webauthn-register' },
      { type: 'remove_required_action', action: 'VERIFY_PROFILE' },
      { type: 'record_terms_acceptance', version: '2026-10' },
      { type: 'record_consent', purposes: { marketing: true, analytics: false } },
      { type: 'raise_acr', level: 'gold' },
      { type: 'raise_acr', level: '2' },
      { type: 'set_session_note', name: 'plan', value: '3' },
    ]);
  });

  it("produces the protocol 1.4 actions that name the login's user", async () => {
    const actions = await actionsOf(
      [
        { type: 'sign_in_user', user_id: 'flow.userId' },
        { type: 'identify_user', email: 'flow.email' },
        { type: 'sign_in_user', user_id: 'flow.none' },
      ],
      { userId: '0f9e8d7c-1234-4bcd-9abc-0123456789ab', email: 'Bob@Example.com' },
    );
    expect(actions).to.deep.equal([
      { type: 'sign_in_user', user_id: '0f9e8d7c-1234-4bcd-9abc-0123456789ab' },
      { type: 'identify_user', email: 'Bob@Example.com' },
    ]);
  });

  it('leaves out actions whose value selects nothing, and those whose `when` does not hold', async () => {
    const actions = await actionsOf(
      [
        { type: 'set_user_attributes', attributes: { company: 'flow.none' } },
        { type: 'record_terms_acceptance', version: 'flow.none' },
        { type: 'record_consent', purposes: 'flow.none' },
        { type: 'raise_acr', level: 'flow.none' },
        { type: 'mark_email_verified', when: 'flow.verified = true' },
        { type: 'add_required_action', action: "'CONFIGURE_TOTP'", when: 'flow.enroll' },
      ],
      { verified: true, enroll: 'yes' },
    );
    expect(actions).to.deep.equal([{ type: 'mark_email_verified' }]);
  });

  for (const [name, action, flow] of [
    ['an object as attribute value', { type: 'set_user_attributes', attributes: { company: 'flow.x' } }, { x: { nested: 1 } }],
    ['too many attribute values', { type: 'set_user_attributes', attributes: { tags: 'flow.x' } }, { x: Array.from({ length: 33 }, (_, i) => `t${i}`) }],
    ['a non-object attribute map', { type: 'set_user_attributes', attributes: 'flow.x' }, { x: 'Acme' }],
    ['an invalid attribute name from an expression', { type: 'set_user_attributes', attributes: 'flow.x' }, { x: { 'bad name': 'v' } }],
    ['a required action that is no alias', { type: 'add_required_action', action: 'flow.x' }, { x: 'not an alias!' }],
    ['a consent value that is not boolean', { type: 'record_consent', purposes: 'flow.x' }, { x: { marketing: 'yes' } }],
    ['a too long terms version', { type: 'record_terms_acceptance', version: 'flow.x' }, { x: 'v'.repeat(65) }],
    ['an acr level that is no identifier', { type: 'raise_acr', level: 'flow.x' }, { x: 1.5 }],
    ['a user id that is no Keycloak id', { type: 'sign_in_user', user_id: 'flow.x' }, { x: 'a/b' }],
    ['an email that is no address', { type: 'identify_user', email: 'flow.x' }, { x: 'bob' }],
    ['an email longer than 254 characters', { type: 'identify_user', email: 'flow.x' }, { x: `${'b'.repeat(250)}@x.io` }],
  ] as const) {
    it(`fails the flow with action_invalid for ${name}`, async () => {
      const result = expectKind(
        await harness(endNode, { outcome: 'success', actions: [action as never] }, { flow: flow as Record<string, unknown> }).init(),
        'fail',
      );
      expect(result.error).to.equal('action_invalid');
    });
  }

  describe('validated at load', () => {
    it('accepts the vocabulary', () => {
      expect(
        loadIssues([
          { type: 'mark_email_verified' },
          { type: 'set_user_attributes', attributes: { company: 'flow.c' } },
          { type: 'raise_acr', level: "'gold'", when: 'true' },
        ]),
      ).to.deep.equal([]);
    });

    it("refuses an action outside the flow's permissions, where the definition fixes its names", () => {
      const issues = (actions: unknown[], permissions?: unknown[]) => loadIssues(actions, permissions).map((issue) => `${issue.field}: ${issue.message}`);
      expect(issues([{ type: 'mark_email_verified' }], [])).to.deep.equal([
        'nodes/0/config/actions/0: mark_email_verified is not covered by the flow\'s permissions (add it to "permissions")',
      ]);
      expect(issues([{ type: 'set_user_attributes', attributes: { company: 'flow.c', role: 'flow.r' } }])).to.have.length(1);
      expect(issues([{ type: 'raise_acr', level: "'platinum'" }])[0]).to.match(/raise_acr "platinum" is not covered/);
      expect(issues([{ type: 'remove_required_action', action: "'CONFIGURE_TOTP'" }])[0]).to.match(/remove_required_action "CONFIGURE_TOTP"/);
      // Known only at run time: the type must be permitted; the bridge checks the names before signing.
      expect(issues([{ type: 'raise_acr', level: 'flow.level' }])).to.deep.equal([]);
      expect(issues([{ type: 'record_consent', purposes: 'flow.decisions' }])[0]).to.match(/record_consent is not covered/);
    });

    it('refuses a session note outside the permissions', () => {
      const flow = {
        schemaVersion: 1,
        id: 'f',
        name: 'f',
        category: 'custom',
        version: '1',
        permissions: [{ type: 'set_session_note', names: ['company'] }],
        start: 'done',
        nodes: [{ id: 'done', type: 'end', config: { outcome: 'success', sessionNotes: { company: 'flow.c', role: 'flow.r' } } }],
        links: [],
      };
      expect(() => validateFlow(flow, env, 'f.json')).to.throw(FlowValidationError, /sessionNotes\/role: session note "role"/);
    });

    it('refuses a flow calling a library flow that may do more than its own permissions', () => {
      const library = {
        schemaVersion: 1,
        id: 'lib',
        name: 'lib',
        category: 'library',
        version: '1',
        permissions: [{ type: 'mark_email_verified' }],
        start: 'done',
        nodes: [{ id: 'done', type: 'end', config: { outcome: 'success', actions: [{ type: 'mark_email_verified' }] } }],
        links: [],
      };
      const caller = (permissions: unknown[]) => ({
        schemaVersion: 1,
        id: 'caller',
        name: 'caller',
        category: 'custom',
        version: '1',
        permissions,
        start: 'call',
        nodes: [
          { id: 'call', type: 'call-flow', config: { flow: 'lib' } },
          { id: 'done', type: 'end', config: { outcome: 'success' } },
        ],
        links: [
          { from: 'call', output: 'success', to: 'done' },
          { from: 'call', output: 'failure', to: 'done' },
        ],
      });
      const load = (permissions: unknown[]) =>
        new FlowCatalog(
          [
            { raw: library, path: 'lib.json' },
            { raw: caller(permissions), path: 'caller.json' },
          ],
          env,
        );
      expect(() => load([])).to.throw(
        FlowValidationError,
        /caller.json node "call" permissions: library flow "lib" may do \[\{"type":"mark_email_verified"\}\]/,
      );
      expect(() => load([{ type: 'mark_email_verified' }])).to.not.throw();
    });

    it('refuses malformed permissions (the shape of grants)', () => {
      const issues = loadIssues([], [{ type: 'set_session_note' }]);
      expect(issues.map((issue) => issue.field)).to.include('permissions/0');
    });

    for (const [name, action, field] of [
      ['an action type outside the vocabulary', { type: 'delete_user' }, 'config/actions/0/type'],
      ['an unknown field', { type: 'mark_email_verified', value: 'x' }, 'config/actions/0'],
      ['a missing field', { type: 'record_terms_acceptance' }, 'config/actions/0'],
      ['an invalid attribute name', { type: 'set_user_attributes', attributes: { 'bad name': 'flow.x' } }, 'config/actions/0/attributes'],
      ['an invalid session note name', { type: 'set_session_note', name: 'a b', value: 'flow.x' }, 'config/actions/0/name'],
      ['an expression that does not compile', { type: 'raise_acr', level: 'flow.(' }, 'config/actions[0].level'],
      [
        'an attribute expression that does not compile',
        { type: 'set_user_attributes', attributes: { company: '$$$(' } },
        'config/actions[0].attributes.company',
      ],
    ] as const) {
      it(`refuses ${name}`, () => {
        const issues = loadIssues([action]);
        expect(issues, JSON.stringify(issues)).to.not.be.empty;
        expect(
          issues.some((issue) => issue.node === 'done' && issue.field.startsWith(field)),
          JSON.stringify(issues),
        ).to.equal(true);
      });
    }
  });
});
