/** Which Keycloak user a keycloak-* node acts on: its `userId` input, else the handoff's user. */
import type { VariableDeclaration } from '../../engine/flow.js';
import type { NodeContext } from '../../engine/node-type.js';

export const userIdInput: Record<string, VariableDeclaration> = {
  userId: { type: 'string', description: "The Keycloak user id to act on; the handoff's user when not mapped" },
};

export function targetUserId(ctx: NodeContext<unknown>): string | undefined {
  const mapped = ctx.input['userId'];
  return typeof mapped === 'string' && mapped !== '' ? mapped : ctx.context.user?.id;
}

/** Failure code when neither the input nor the handoff names a user. */
export const noUser = 'keycloak_user_missing';
