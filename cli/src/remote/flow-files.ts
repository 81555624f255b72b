/**
 * A realm's flows as files: `<id>.json` (or `.yaml`) holds the flow definition, and the folder
 * `<id>.messages/` next to it holds one file per locale, `<locale>.json` (or `.yaml`), each an
 * object key -> text. `io-flows test` and the bridge read only the flow files of a folder, so the
 * message folders do not disturb them.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { DocumentError, isDocument, readDocument } from '../documents.js';
import { isTestFileName } from '../flow-tests/run-tests.js';
import { UsageError } from './connection.js';
import { IoApiError } from './io-api.js';

export type Messages = Record<string, Record<string, string>>;

export interface LocalFlow {
  path: string;
  definition: Record<string, unknown> & { id: string };
  /** locale -> bundle; empty when the flow has no message folder. */
  messages: Messages;
}

export type FileFormat = 'json' | 'yaml';

/** Flow files of the paths: files as given, folders' flow files (not test files, not recursive). */
export function findFlowFiles(paths: readonly string[]): string[] {
  const found: string[] = [];
  for (const path of paths) {
    if (!existsSync(path)) throw new UsageError(`no such file or folder: ${path}`);
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (isDocument(name) && !isTestFileName(name) && statSync(join(path, name)).isFile()) found.push(resolve(path, name));
      }
    } else if (isDocument(path) && !isTestFileName(path)) {
      found.push(resolve(path));
    } else {
      throw new UsageError(`${path} is not a flow file (.json, .yaml, .yml; test files are not flows)`);
    }
  }
  return [...new Set(found)];
}

/** Reads a flow file and the messages next to it; throws DocumentError. */
export function readLocalFlow(path: string): LocalFlow {
  const definition = readDocument(path);
  if (!definition || typeof definition !== 'object' || Array.isArray(definition) || typeof (definition as { id?: unknown }).id !== 'string') {
    throw new DocumentError(path, 'not a flow definition (an object with an "id")');
  }
  const flow = definition as LocalFlow['definition'];
  return { path, definition: flow, messages: readMessages(join(dirname(path), `${flow.id}.messages`)) };
}

function readMessages(dir: string): Messages {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return {};
  const messages: Messages = {};
  for (const name of readdirSync(dir).filter(isDocument).sort()) {
    const locale = basename(name, extname(name));
    const path = join(dir, name);
    if (messages[locale]) throw new DocumentError(path, `a second bundle for locale ${locale}`);
    const bundle = readDocument(path);
    if (!bundle || typeof bundle !== 'object' || Array.isArray(bundle) || Object.values(bundle).some((text) => typeof text !== 'string')) {
      throw new DocumentError(path, 'not a message bundle (an object key -> text)');
    }
    messages[locale] = bundle as Record<string, string>;
  }
  return messages;
}

/** The conventional order of a flow's first fields; the others follow in their own order. */
const leadingFields = ['$schema', 'schemaVersion', 'id', 'name', 'description', 'category', 'version'];

function readable(definition: Record<string, unknown>): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const key of leadingFields) if (key in definition) ordered[key] = definition[key];
  for (const [key, value] of Object.entries(definition)) if (!(key in ordered)) ordered[key] = value;
  return ordered;
}

function serialise(value: unknown, format: FileFormat): string {
  return format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : stringify(value, { lineWidth: 0 });
}

/**
 * Writes `<dir>/<id>.<format>` and one `<dir>/<id>.messages/<locale>.<format>` per locale;
 * returns the paths written. Other files are left alone.
 */
export function writeFlow(dir: string, id: string, definition: Record<string, unknown>, messages: Messages, format: FileFormat): string[] {
  // Names come from the server: only the API's own id and locale shapes become paths.
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(id))
    throw new IoApiError(`Keycloak sent a flow id that is no file name, ${JSON.stringify(id)}: nothing written for it`);
  const badLocale = Object.keys(messages).find((locale) => !/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/.test(locale));
  if (badLocale !== undefined)
    throw new IoApiError(`Keycloak sent messages of flow ${id} for a locale that is no file name, ${JSON.stringify(badLocale)}: nothing written for it`);
  const written: string[] = [];
  const write = (path: string, value: unknown) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, serialise(value, format));
    written.push(path);
  };
  write(join(dir, `${id}.${format}`), readable(definition));
  for (const [locale, bundle] of Object.entries(messages).sort(([a], [b]) => a.localeCompare(b))) {
    write(join(dir, `${id}.messages`, `${locale}.${format}`), bundle);
  }
  return written;
}
