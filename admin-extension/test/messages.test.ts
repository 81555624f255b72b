/**
 * English is complete: every IO message key the console's code names (t('io...'), titleKey/subKey,
 * addError) is in the admin theme's English messages, which Keycloak serves to the console's i18n.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseProperties } from './pages/server';

const root = fileURLToPath(new URL('..', import.meta.url));
const messagesFile = join(root, '..', 'themes', 'keycloak', 'io', 'admin', 'messages', 'messages_en.properties');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function englishKeys(): Set<string> {
  const keys = new Set<string>();
  for (const line of readFileSync(messagesFile, 'utf8').split('\n')) {
    const match = /^([^#!\s][^=:\s]*)\s*[=:]/.exec(line);
    if (match) keys.add(match[1]!);
  }
  return keys;
}

describe('the English messages of the IO pages', () => {
  it("have every key the code names, the designer's included", () => {
    const named = new Set<string>();
    for (const file of sources(join(root, 'src'))) {
      const text = readFileSync(file, 'utf8');
      const patterns = [
        /\bt\(\s*'(io[A-Z][\w.]*)'/g,
        /\b(?:titleKey|subKey)="(io[A-Z][\w.]*)"/g,
        /\baddError\(\s*'(io[A-Z][\w.]*)'/g,
        /\bkey: '(io[A-Z][\w.]*)'/g,
      ];
      for (const pattern of patterns) for (const match of text.matchAll(pattern)) named.add(match[1]!);
    }
    expect([...named].filter((key) => key.startsWith('ioDesigner.'))).to.have.length.above(50);
    const english = englishKeys();
    expect([...named].filter((key) => !english.has(key)).sort()).to.deep.equal([]);
  });

  it('are what the German ones translate: no key English lacks, the same {{placeholders}}', () => {
    const messages = (locale: string) => parseProperties(readFileSync(messagesFile.replace('_en.', `_${locale}.`), 'utf8'));
    const english = messages('en');
    const german = messages('de');
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
    expect(Object.keys(german).length).to.be.above(20);
    expect(Object.keys(german).filter((key) => !(key in english))).to.deep.equal([]);
    expect(
      Object.entries(german)
        .filter(([key, text]) => placeholders(text).join() !== placeholders(english[key] ?? '').join())
        .map(([key]) => key),
    ).to.deep.equal([]);
  });

  it('read {{placeholders}} the way the code fills them', () => {
    const text = readFileSync(messagesFile, 'utf8');
    expect(text).to.match(/^ioDesigner\.published=Version \{\{version\}\} was published$/m);
    expect(text).to.match(/^ioDesigner\.invalid=\{\{count\}\} problems$/m);
  });
});
