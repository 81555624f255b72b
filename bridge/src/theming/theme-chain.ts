import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readThemeJson, ThemeError } from './theme-files.js';
import { describeSchemaError, validateThemeDescriptor, type ThemeDescriptor } from './theme-schema.js';

export interface ThemeLink {
  name: string;
  /** The theme's directory. */
  dir: string;
  descriptor: ThemeDescriptor;
  /** Its theme.json, for error messages. */
  file: string;
}

/** Reads and validates one theme's `theme.json`. */
export function readThemeDescriptor(themesDir: string, name: string, requiredBy?: string): ThemeLink {
  const dir = join(themesDir, name);
  const file = join(dir, 'theme.json');
  if (!existsSync(file)) {
    if (requiredBy) throw new ThemeError(requiredBy, `unknown parent theme "${name}" (no ${file})`);
    throw new ThemeError(file, `no theme "${name}": the file does not exist`);
  }
  const descriptor = readThemeJson(file);
  if (!validateThemeDescriptor(descriptor)) throw new ThemeError(file, describeSchemaError());
  if (descriptor.name !== name) throw new ThemeError(file, `name is "${descriptor.name}" but the theme's directory is "${name}"`);
  return { name, dir, descriptor, file };
}

/** A theme and its ancestors, child first: lookups take the first theme that has the file. */
export function resolveThemeChain(themesDir: string, theme: string): ThemeLink[] {
  const chain: ThemeLink[] = [];
  let next: { name: string; requiredBy?: string } | undefined = { name: theme };
  while (next) {
    const { name, requiredBy } = next;
    if (chain.some((link) => link.name === name)) {
      throw new ThemeError(requiredBy ?? name, `theme inheritance loops: ${[...chain.map((link) => link.name), name].join(' -> ')}`);
    }
    const link = readThemeDescriptor(themesDir, name, requiredBy);
    chain.push(link);
    next = link.descriptor.parent ? { name: link.descriptor.parent, requiredBy: link.file } : undefined;
  }
  return chain;
}
