import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';

/** A theme and its ancestors, child first: lookups take the first theme that has the file. */
export function resolveThemeChain(themesDir: string, theme: string): string[] {
  const chain: string[] = [];
  for (let name: string | null = theme; name !== null; ) {
    if (chain.includes(name)) throw new ConfigError('IO_THEME', `theme inheritance loops: ${[...chain, name].join(' -> ')}`);
    const descriptor = join(themesDir, name, 'theme.json');
    if (!existsSync(descriptor)) throw new ConfigError('IO_THEME', `no theme "${name}" (missing ${descriptor})`);
    chain.push(join(themesDir, name));
    const parsed = JSON.parse(readFileSync(descriptor, 'utf8')) as { parent?: string | null };
    name = parsed.parent ?? null;
  }
  return chain;
}
