/**
 * Which Keycloak user a keycloak-* node acts on. By default (`subject: "self"`) the journey's own
 * user, the handoff's `sub`; acting on anyone else needs `subject: "other"` and a `userId` input,
 * which validation flags as a warning and which may never read a value from a screen or the
 * request (the `serverSideOnly` taint rule).
 */
import type { VariableDeclaration } from '../../engine/flow.js';
import type { NodeContext } from '../../engine/node-type.js';

export const subjects = ['self', 'other'] as const;

export interface SubjectConfig {
  subject?: (typeof subjects)[number];
}

export const subjectSchema = { subject: { enum: subjects, default: 'self' } };

export function userIdInputs(config: SubjectConfig): Record<string, VariableDeclaration> {
  if (config.subject !== 'other') return {};
  return {
    userId: {
      type: 'string',
      required: true,
      serverSideOnly: true,
      description: 'The Keycloak user id to act on (subject "other"); never from a screen or the request',
    },
  };
}

export function targetUserId(ctx: NodeContext<SubjectConfig>): string | undefined {
  if (ctx.node.config.subject !== 'other') return ctx.context.user?.id;
  const mapped = ctx.input['userId'];
  return typeof mapped === 'string' && mapped !== '' ? mapped : undefined;
}

export function subjectWarnings(config: SubjectConfig): string[] {
  return config.subject === 'other' ? ['acts on a user other than the journey\'s own (subject "other"): the userId input names the user'] : [];
}

/** Failure code when no user is known: no handoff user, or an empty `userId`. */
export const noUser = 'keycloak_user_missing';
