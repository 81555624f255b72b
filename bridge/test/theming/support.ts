import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const themesDir = new URL('../../../themes/', import.meta.url).pathname;

/** A throw-away themes directory: `files` maps paths (`mytheme/theme.json`) to contents. */
export function tempThemes(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'io-themes-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** A minimal complete root theme named `name`. */
export function rootTheme(name = 'root', extra: Record<string, string> = {}): Record<string, string> {
  return {
    [`${name}/theme.json`]: JSON.stringify({ name, parent: null }),
    [`${name}/templates/layout.hbs`]: '<html lang="{{lang}}" dir="{{dir}}"><title>{{pageTitle}}</title>{{body}}</html>',
    [`${name}/templates/step.hbs`]: '{{> (lookup screen "partial") screen}}',
    [`${name}/templates/complete.hbs`]: 'done',
    [`${name}/templates/error.hbs`]: '{{t messageKey}}',
    [`${name}/partials/message.hbs`]: '<h1>{{t title args}}</h1>',
    [`${name}/messages/messages_en.json`]: JSON.stringify({ 'app.title': 'Root' }),
    ...extra,
  };
}
