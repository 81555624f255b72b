import type { Action, Outcome } from '../engine/flow-state.js';
import type { NodeType } from '../engine/node-type.js';

export interface EndConfig {
  outcome: Exclude<Outcome, 'cancelled'>;
  /** Stable error code carried in the evidence when the outcome is failure. */
  error?: string;
  /** Keycloak user-session note name (without the `io.` prefix) -> flow variable. */
  sessionNotes?: Record<string, string>;
}

const maxNoteValueLength = 2048;

/** Ends the flow; turns collected variables into the actions Keycloak applies. */
export const endNode: NodeType<EndConfig> = {
  type: 'end',
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['outcome'],
    properties: {
      outcome: { enum: ['success', 'failure'] },
      error: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' },
      sessionNotes: {
        type: 'object',
        propertyNames: { pattern: '^[A-Za-z0-9_.-]{1,64}$' },
        additionalProperties: { type: 'string', minLength: 1 },
      },
    },
  },

  outputs: () => [],

  run(node, { variables }) {
    const { outcome, error, sessionNotes = {} } = node.config;
    // A note whose variable was never filled (an optional field left empty) is simply not set.
    const actions: Action[] = Object.entries(sessionNotes).flatMap(([name, variable]) => {
      const value = variables[variable];
      return value === undefined ? [] : [{ type: 'set_session_note' as const, name, value: value.slice(0, maxNoteValueLength) }];
    });
    return outcome === 'success'
      ? { kind: 'end', outcome, actions }
      : { kind: 'end', outcome, error: error ?? 'flow_failed', actions: [] };
  },
};
