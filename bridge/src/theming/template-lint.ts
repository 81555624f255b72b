import Handlebars from 'handlebars';

export interface TemplateWarning {
  file: string;
  line: number;
  message: string;
}

/**
 * Flags every triple-stash (`{{{ }}}`) and `{{& }}` in a template: it writes its value unescaped,
 * so anything a user typed that reaches it becomes HTML. A warning, not an error: a theme may know
 * the value is safe, but the lint makes it a deliberate choice.
 */
export function lintTemplate(source: string, file: string): TemplateWarning[] {
  const warnings: TemplateWarning[] = [];
  const ast = Handlebars.parse(source);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const statement = node as { type?: string; escaped?: boolean; path?: { original?: unknown }; loc?: { start: { line: number } } };
    if (statement.type === 'MustacheStatement' && statement.escaped === false) {
      warnings.push({
        file,
        line: statement.loc?.start.line ?? 0,
        message: `unescaped output {{{${String(statement.path?.original ?? '…')}}}}: user input that reaches it becomes HTML; use {{ }} unless the value is known to be safe`,
      });
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'loc' && key !== 'path') visit(value);
  };
  visit(ast);
  return warnings;
}
