/**
 * Author-written text with `{{ expression }}` placeholders (JSONata over the node's scopes), for
 * email subjects and bodies. In HTML every inserted value is escaped, so user data can never add
 * markup; the template around it is the author's and is taken as written.
 */
import { evaluate, type Scopes } from '../../engine/expressions.js';
import type { ConfigIssue } from '../../engine/node-type.js';
import { expressionIssues } from '../shared/expression-scopes.js';

const placeholder = /\{\{([\s\S]+?)\}\}/g;

export async function renderTemplate(template: string, scopes: Scopes, encode: (text: string) => string = (text) => text): Promise<string> {
  const values: string[] = [];
  for (const [, source] of template.matchAll(placeholder)) values.push(encode(display(await evaluate(source!, scopes))));
  let index = 0;
  return template.replace(placeholder, () => values[index++]!);
}

export function templateIssues(field: string, template: string | undefined): ConfigIssue[] {
  if (template === undefined) return [];
  const issues = [...template.matchAll(placeholder)].flatMap(([, source]) => expressionIssues(field, source));
  if (template.replace(placeholder, '').includes('{{')) issues.push({ field, message: 'has a "{{" without its "}}"' });
  return issues;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
