/**
 * Which expressions are cheap by their shape: paths of plain names, literals, operators,
 * conditionals, array/object constructors and calls of the built-in functions below, with no
 * lambda, user function, range, regex, filter, sort or transform. Their cost is bounded by the
 * expression's size times the size of the data it reads (nothing loops or recurses), so they are
 * evaluated on the event loop; every other expression runs in the expression workers
 * (expression-pool.ts), under a hard limit.
 */
type AstNode = { type?: string; value?: unknown; [key: string]: unknown };

const operatorsWithoutLoops = new Set(['and', 'or', '=', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '&', 'in']);

/**
 * Built-in functions whose work is linear in their arguments and whose result is no larger than
 * them: the everyday ones of mappings and conditions. Not here: those taking functions ($map,
 * $filter, $reduce, $sort, $each...), growing their result from a number ($pad), quadratic ones
 * ($distinct), regular expressions ($match, $replace, $split with a pattern) and $eval. A flow
 * cannot rebind these names inline: a binding (`:=`) or a block is not a bounded shape.
 */
const linearBuiltIns = new Set([
  'exists',
  'boolean',
  'not',
  'number',
  'string',
  'type',
  'length',
  'count',
  'sum',
  'max',
  'min',
  'average',
  'abs',
  'floor',
  'ceil',
  'round',
  'uppercase',
  'lowercase',
  'trim',
  'substring',
  'substringBefore',
  'substringAfter',
  'contains',
  'join',
  'keys',
  'lookup',
  'now',
  'millis',
]);

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
      return (
        operatorsWithoutLoops.has(ast.value as string) && hasOnly(ast, ['value', 'lhs', 'rhs']) && isBoundedShape(ast['lhs']) && isBoundedShape(ast['rhs'])
      );
    case 'condition':
      return (
        hasOnly(ast, ['condition', 'then', 'else']) &&
        isBoundedShape(ast['condition']) &&
        isBoundedShape(ast['then']) &&
        (ast['else'] === undefined || isBoundedShape(ast['else']))
      );
    case 'unary':
      return isBoundedConstructor(ast);
    case 'function':
      return isLinearBuiltInCall(ast);
    default:
      return false;
  }
}

function isLinearBuiltInCall(ast: AstNode): boolean {
  const procedure = ast['procedure'] as AstNode | undefined;
  return (
    ast.value === '(' &&
    hasOnly(ast, ['value', 'name', 'arguments', 'procedure']) &&
    procedure?.type === 'variable' &&
    hasOnly(procedure, ['value']) &&
    linearBuiltIns.has(procedure.value as string) &&
    (ast['arguments'] as unknown[]).every(isBoundedShape)
  );
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
