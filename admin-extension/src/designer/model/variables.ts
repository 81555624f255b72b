/**
 * Variables in scope: the flow's declared variables (and library inputs/outputs) and every `flow.x`
 * or `session.x` the nodes write (their `outputs` mappings, which also store what set-variables
 * computes) or read (expressions and references in configs, inputs, outputs, when, skipIf).
 */
import type { FlowDefinition, VariableDeclaration } from './flow.js';

export type Scope = 'flow' | 'session';

export interface VariableUse {
  node: string;
  /** Where in the node: `outputs/flow.x`, `inputs/email`, `config/fields/0/default`, `when`... */
  field: string;
}

export interface VariableInScope {
  scope: Scope;
  name: string;
  /** How the flow declares it (session variables are never declared). */
  declared?: VariableDeclaration & { as: 'variable' | 'input' | 'output' };
  setBy: VariableUse[];
  readBy: VariableUse[];
}

// `flow.x` / `session.x` not preceded by a name character or a dot (`user.session.x` is not one).
const reference = /(?<![\w$.])(flow|session)\.([A-Za-z_][A-Za-z0-9_]*)/g;

function references(value: unknown, field: string, found: (scope: Scope, name: string, field: string) => void): void {
  if (typeof value === 'string') {
    for (const match of value.matchAll(reference)) found(match[1] as Scope, match[2]!, field);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => references(item, `${field}/${index}`, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) references(item, `${field}/${key}`, found);
  }
}

export function variablesInScope(flow: FlowDefinition): VariableInScope[] {
  const byKey = new Map<string, VariableInScope>();
  const entry = (scope: Scope, name: string) => {
    const key = `${scope}.${name}`;
    let variable = byKey.get(key);
    if (!variable) {
      variable = { scope, name, setBy: [], readBy: [] };
      byKey.set(key, variable);
    }
    return variable;
  };
  const declarations: Array<['variable' | 'input' | 'output', Record<string, VariableDeclaration> | undefined]> = [
    ['input', flow.inputs],
    ['output', flow.outputs],
    ['variable', flow.variables],
  ];
  for (const [as, declared] of declarations) {
    for (const [name, declaration] of Object.entries(declared ?? {})) entry('flow', name).declared ??= { ...declaration, as };
  }
  for (const node of flow.nodes) {
    const read = (scope: Scope, name: string, field: string) => entry(scope, name).readBy.push({ node: node.id, field });
    for (const [target, source] of Object.entries(node.outputs ?? {})) {
      const [scope, name] = target.split('.') as [Scope, string];
      entry(scope, name).setBy.push({ node: node.id, field: `outputs/${target}` });
      references(source, `outputs/${target}`, read);
    }
    references(node.config, 'config', read);
    references(node.inputs, 'inputs', read);
    references(node.when, 'when', read);
    references(node.skipIf, 'skipIf', read);
  }
  return [...byKey.values()].sort((a, b) => a.scope.localeCompare(b.scope) || a.name.localeCompare(b.name));
}
