import type { Action, Outcome } from '../engine/execution.js';
import { evaluate } from '../engine/expressions.js';
import type { NodeType } from '../engine/node-type.js';
import { expressionIssues, expressionScopes } from './shared/expression-scopes.js';

export interface EndConfig {
  outcome: Outcome;
  /** Stable error code carried in the evidence; required unless the outcome is success. */
  error?: string;
  /** Keycloak user-session note name (without the `io.` prefix) -> expression giving its value. */
  sessionNotes?: Record<string, string>;
}

const maxNoteValueLength = 2048;

/** Ends the flow (or a library sub-flow) and turns values into the session notes Keycloak sets. */
export const endNode: NodeType<EndConfig> = {
  type: 'end',
  kind: 'backend',
  description: 'Ends the flow with success, failure or cancellation, and sets Keycloak session notes.',
  interactive: false,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['outcome'],
    properties: {
      outcome: { enum: ['success', 'failure', 'cancelled'] },
      error: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' },
      sessionNotes: {
        type: 'object',
        propertyNames: { pattern: '^[A-Za-z0-9_.-]{1,64}$' },
        additionalProperties: { type: 'string', minLength: 1 },
      },
    },
    if: { properties: { outcome: { const: 'success' } } },
    then: { not: { required: ['error'] } },
    else: { required: ['error'] },
  },
  check: (config) => Object.entries(config.sessionNotes ?? {}).flatMap(([name, source]) => expressionIssues(`sessionNotes.${name}`, source)),
  inputs: () => ({}),
  outputs: () => ({}),
  ports: () => [],

  async init(ctx) {
    const { outcome, error, sessionNotes = {} } = ctx.node.config;
    const scopes = expressionScopes(ctx);
    const actions: Action[] = [];
    for (const [name, source] of Object.entries(sessionNotes)) {
      const value = noteValue(await evaluate(source, scopes));
      // A note whose value was never filled (an optional field left empty) is simply not set.
      if (value) actions.push({ type: 'set_session_note', name, value });
    }
    return { kind: 'end', outcome, ...(error !== undefined ? { error } : {}), actions };
  },
};

function noteValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.slice(0, maxNoteValueLength);
}
