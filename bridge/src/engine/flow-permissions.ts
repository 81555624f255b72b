/**
 * A flow's `permissions` must cover what its evidence can do: every action of its end nodes (and
 * every session note) where the definition says it statically, at least the action's type where a
 * value is only known at run time; and everything the library flows it calls may do. The bridge
 * still checks the evidence itself against the handoff's grants before signing it.
 */
import type { ActionType } from './execution.js';
import type { FlowDefinition, NodeDefinition } from './flow.js';
import { coversGrant, coversNames, isKnownActionType, type Grant } from '../handoff/grants.js';

export interface PermissionIssue {
  node?: string;
  field: string;
  message: string;
}

/** The node type that produces evidence actions. */
const endNodeType = 'end';

/** Per action type: the field of an end node's action holding the name(s) to cover. */
const namedBy: Partial<Record<ActionType, string>> = {
  set_session_note: 'name',
  set_user_attributes: 'attributes',
  add_required_action: 'action',
  remove_required_action: 'action',
  record_terms_acceptance: 'version',
  raise_acr: 'level',
};

export function permissionIssues(flow: FlowDefinition): PermissionIssue[] {
  const permissions = flow.permissions ?? [];
  const issues: PermissionIssue[] = [];
  flow.nodes.forEach((node, index) => {
    if (node.type !== endNodeType) return;
    const at = `nodes/${index}/config`;
    const uncovered = (field: string, what: string) =>
      issues.push({ node: node.id, field: `${at}/${field}`, message: `${what} is not covered by the flow's permissions (add it to "permissions")` });
    for (const name of Object.keys(sessionNotesOf(node))) {
      if (!coversNames(permissions, 'set_session_note', [name])) uncovered(`sessionNotes/${name}`, `session note "${name}" (set_session_note)`);
    }
    actionsOf(node).forEach((action, position) => {
      const type = action['type'];
      if (typeof type !== 'string' || !isKnownActionType(type)) return; // the end node's own schema reports it
      const names = staticNames(action, namedBy[type]);
      if (!coversNames(permissions, type, names))
        uncovered(`actions/${position}`, `${type}${names?.length ? ` ${names.map((name) => `"${name}"`).join(', ')}` : ''}`);
    });
  });
  return issues;
}

/** The grants of a called library flow that the calling flow's permissions do not cover. */
export function uncoveredByCaller(caller: FlowDefinition, callee: FlowDefinition): Grant[] {
  return (callee.permissions ?? []).filter((grant) => !coversGrant(caller.permissions ?? [], grant));
}

function sessionNotesOf(node: NodeDefinition): Record<string, unknown> {
  const notes = node.config?.['sessionNotes'];
  return notes && typeof notes === 'object' ? (notes as Record<string, unknown>) : {};
}

function actionsOf(node: NodeDefinition): Array<Record<string, unknown>> {
  const actions = node.config?.['actions'];
  return Array.isArray(actions) ? actions.filter((action): action is Record<string, unknown> => typeof action === 'object' && action !== null) : [];
}

/**
 * The names an action needs covered, where the definition fixes them: an attribute object's keys,
 * a string literal expression (`'VERIFY_EMAIL'`); undefined when only the run can tell.
 */
function staticNames(action: Record<string, unknown>, field: string | undefined): string[] | undefined {
  if (!field) return [];
  const value = action[field];
  if (field === 'name') return typeof value === 'string' ? [value] : undefined;
  if (value && typeof value === 'object') return Object.keys(value);
  const literal = typeof value === 'string' ? /^\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*$/.exec(value) : null;
  return literal ? [literal[1] ?? literal[2]!] : undefined;
}
