/**
 * Which expressions are cheap by their shape: paths of plain names, literals, operators,
 * conditionals and array/object constructors, with no function call, lambda, range, regex,
 * filter, sort or transform. Their cost is bounded by the expression's size times the size of
 * the data it reads (nothing loops or recurses), so they are evaluated on the event loop; every
 * other expression runs in the expression workers (expression-pool.ts), under a hard limit.
 */
type AstNode = { type?: string; value?: unknown; [key: string]: unknown };

const operatorsWithoutLoops = new Set(['and', 'or', '=', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '&', 'in']);

export function isBoundedShape(node: unknown): boolean {
  const ast = node as AstNode;
  switch (ast?.type) {
    case 'string':
    case 'number':
    case 'value':
      return true;
    case 'variable':
      return ast.value === ''; // `$`, the input; named variables may be functions
    case 'name':
      return hasOnly(ast, ['value']);
    case 'path':
      return hasOnly(ast, ['steps', 'keepSingletonArray']) && (ast['steps'] as unknown[]).every(isBoundedShape);
    case 'binary':
      return operatorsWithoutLoops.has(ast.value as string) && hasOnly(ast, ['value', 'lhs', 'rhs']) && isBoundedShape(ast['lhs']) && isBoundedShape(ast['rhs']);
    case 'condition':
      return hasOnly(ast, ['condition', 'then', 'else']) && isBoundedShape(ast['condition']) && isBoundedShape(ast['then']) && (ast['else'] === undefined || isBoundedShape(ast['else']));
    case 'unary':
      return isBoundedConstructor(ast);
    default:
      return false;
  }
}

function isBoundedConstructor(ast: AstNode): boolean {
  if (ast.value === '-') return hasOnly(ast, ['value', 'expression']) && isBoundedShape(ast['expression']);
  if (ast.value === '[') return hasOnly(ast, ['value', 'expressions', 'consarray']) && (ast['expressions'] as unknown[]).every(isBoundedShape);
  if (ast.value === '{') return hasOnly(ast, ['value', 'lhs']) && (ast['lhs'] as unknown[][]).every((pair) => pair.every(isBoundedShape));
  return false;
}

/** Any other key (stages, predicates, groups, focus, tuple...) means work this module does not bound. */
function hasOnly(ast: AstNode, keys: string[]): boolean {
  return Object.keys(ast).every((key) => key === 'type' || key === 'position' || keys.includes(key));
}

/** Every regex literal in an expression (validation checks that RE2 accepts each). */
export function regexLiterals(node: unknown, seen = new Set<object>()): RegExp[] {
  if (node instanceof RegExp) return [node];
  if (node === null || typeof node !== 'object' || seen.has(node)) return [];
  seen.add(node);
  return Object.values(node).flatMap((child) => regexLiterals(child, seen));
}
