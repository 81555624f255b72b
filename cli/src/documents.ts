/**
 * Flow files and test files are JSON or YAML (`.json`, `.yaml`, `.yml`): operators keep
 * configuration in either. A file that does not parse is an error naming the file and the line.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';

export class DocumentError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

export const documentExtensions = ['.json', '.yaml', '.yml'] as const;

export function isDocument(path: string): boolean {
  return (documentExtensions as readonly string[]).includes(extname(path));
}

export function readDocument(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DocumentError(path, `cannot read: ${(error as Error).message}`);
  }
  return parseDocumentText(path, text);
}

export function parseDocumentText(path: string, text: string): unknown {
  if (extname(path) === '.json') {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new DocumentError(path, `not valid JSON: ${(error as Error).message}`);
    }
  }
  // YAML 1.2 core schema: no custom tags, so a file cannot build objects of its own.
  const document = parseDocument(text, { schema: 'core', uniqueKeys: true });
  const [problem] = document.errors;
  if (problem) throw new DocumentError(path, `not valid YAML (line ${problem.linePos?.[0].line ?? '?'}): ${problem.message.split('\n')[0]}`);
  return document.toJS({ maxAliasCount: 100 });
}
