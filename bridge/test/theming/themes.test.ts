import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { ThemeRegistry } from '../../src/theming/theme-registry.js';
import { ThemeRenderer } from '../../src/theming/theme-renderer.js';
import { lintTemplate } from '../../src/theming/template-lint.js';
import { ThemeError } from '../../src/theming/theme-files.js';
import { rootTheme, tempThemes, themesDir } from './support.js';

const messageScreen = (model: Record<string, unknown> = {}) => ({
  title: 'message.title',
  screen: {
    partial: 'message',
    title: 'Hello {name}',
    args: { name: '<b>Ann</b>' },
    severity: 'warning',
    continueLabel: 'message.continue',
    csrfToken: 'c',
    stepId: 's1',
    action: '/io/step',
    ...model,
  },
});

function expectThemeError(load: () => unknown, ...parts: Array<string | RegExp>): ThemeError {
  let caught: unknown;
  try {
    load();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'a ThemeError').to.be.instanceOf(ThemeError);
  for (const part of parts)
    expect((caught as Error).message).to.match(typeof part === 'string' ? new RegExp(part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : part);
  return caught as ThemeError;
}

describe('themes: inheritance and overrides', () => {
  const child = ThemeRenderer.load(themesDir, 'example-child', { flowsDir: join(themesDir, '..', 'e2e', 'fixtures', 'screens', 'flows') });
  const byDefault = ThemeRenderer.load(themesDir, 'default');

  it('resolves the chain child first, like Keycloak parent=', () => {
    expect(child.chain.map((link) => link.name)).to.deep.equal(['example-child', 'default', 'base']);
  });

  it('takes a partial from the child and the rest from the parents', () => {
    const html = child.render('step', messageScreen(), { locale: 'en' });
    expect(html).to.contain('io-message__icon');
    expect(html).to.contain('⚠');
    expect(byDefault.render('step', messageScreen(), { locale: 'en' })).not.to.contain('io-message__icon');
  });

  it('links the parents stylesheets first, then the child one; resolves static files child first', () => {
    const html = child.render('step', messageScreen(), { locale: 'en' });
    const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((match) => match[1]);
    expect(links).to.deep.equal(['/io/static/example-child/tokens.css', '/io/static/example-child/io.css', '/io/static/example-child/example-child.css']);
    expect(child.resolveStatic('logo.svg')).to.equal(join(themesDir, 'example-child', 'static', 'logo.svg'));
    expect(child.resolveStatic('io.css')).to.equal(join(themesDir, 'base', 'static', 'io.css'));
    expect(child.resolveStatic('../theme.json')).to.equal(undefined);
    expect(child.resolveStatic('nope.css')).to.equal(undefined);
  });

  it('uses the favicon and logo the nearest theme declares', () => {
    const html = child.render('step', messageScreen(), { locale: 'en' });
    expect(html).to.contain('<link rel="icon" href="/io/static/example-child/favicon.svg">');
    expect(html).to.contain('<img class="io-logo" src="/io/static/example-child/logo.svg"');
  });

  it('overrides a message and falls back to the parent for the rest', () => {
    const html = child.render('step', messageScreen(), { locale: 'de' });
    expect(html).to.contain('Anmeldung bei Example Corp');
    expect(html).to.contain('Verstanden');
    expect(html).to.contain('Geschützt durch IO for Keycloak');
  });

  it('adds per-flow and per-node CSS from static/flows when the theme has them', () => {
    const html = child.render('step', messageScreen(), { locale: 'en', flowIds: ['e2e-screens'], nodeId: 'welcome' });
    expect(html).to.contain('href="/io/static/example-child/flows/e2e-screens.css"');
    expect(html).to.contain('href="/io/static/example-child/flows/e2e-screens/welcome.css"');
    expect(html).to.match(/class="io-shell io-page io-page--step io-flow-e2e-screens io-node-welcome"/);
    const other = child.render('step', messageScreen(), { locale: 'en', flowIds: ['e2e-screens'], nodeId: 'terms' });
    expect(other).not.to.contain('flows/e2e-screens/terms.css');
    expect(byDefault.render('step', messageScreen(), { locale: 'en', flowIds: ['e2e-screens'], nodeId: 'welcome' })).not.to.contain('flows/e2e-screens');
  });

  it('escapes values by default (a user value never becomes HTML)', () => {
    const html = byDefault.render('step', messageScreen(), { locale: 'en' });
    expect(html).to.contain('Hello &lt;b&gt;Ann&lt;/b&gt;');
    expect(html).not.to.contain('<b>Ann</b>');
  });

  it('puts the CSP nonce on stylesheets and scripts, and a language switcher when asked', () => {
    const html = byDefault.render('complete', { returnUri: 'https://kc/x', evidence: 'e' }, { locale: 'en', nonce: 'n0nce' });
    expect(html).to.contain('<script src="/io/static/default/autosubmit.js" nonce="n0nce"></script>');
    expect(html).to.contain('nonce="n0nce">');
    expect(html).not.to.contain('io-languages');
    const step = byDefault.render('step', messageScreen(), { locale: 'fr', switcherPath: '/io/step' });
    expect(step).to.contain('<a href="/io/step?ui_locale&#x3D;de" lang="de" hreflang="de" dir="ltr">Deutsch</a>');
    expect(step).to.contain('lang="fr" hreflang="fr" dir="ltr" aria-current="true">Français</a>');
    expect(step).to.contain('lang="ar" hreflang="ar" dir="rtl">العربية</a>');
  });

  it('selects the node theme, else the flow theme, else the realm theme, else the default theme', () => {
    const registry = new ThemeRegistry({ themesDir, defaultTheme: 'default', themesByIssuer: { 'https://kc/realms/acme': 'example-child' } });
    expect(registry.select().name).to.equal('default');
    expect(registry.select({ issuer: 'https://kc/realms/acme' }).name).to.equal('example-child');
    expect(registry.select({ issuer: 'https://kc/realms/other' }).name).to.equal('default');
    expect(registry.select({ issuer: 'https://kc/realms/acme', flowTheme: 'base' }).name).to.equal('base');
    expect(registry.select({ issuer: 'https://kc/realms/acme', flowTheme: 'base', nodeTheme: 'default' }).name, 'a node theme wins').to.equal('default');
    expect(registry.get('default')).to.equal(registry.get('default'));
  });

  it('re-reads theme files on every use with hot reload', () => {
    const dir = tempThemes(rootTheme());
    const registry = new ThemeRegistry({ themesDir: dir, defaultTheme: 'root', hotReload: true });
    expect(registry.default.render('error', { messageKey: 'app.title' }, { locale: 'en' })).to.contain('Root');
    const file = join(dir, 'root', 'messages', 'messages_en.json');
    writeFileSync(file, JSON.stringify({ 'app.title': 'Reloaded' }));
    expect(registry.default.render('error', { messageKey: 'app.title' }, { locale: 'en' })).to.contain('Reloaded');
    const cached = new ThemeRegistry({ themesDir: dir, defaultTheme: 'root' });
    const first = cached.default;
    writeFileSync(file, JSON.stringify({ 'app.title': 'Again' }));
    expect(cached.default).to.equal(first);
  });
});

describe('themes: bad theme files give clear errors naming the file', () => {
  it('invalid JSON in theme.json: the file and the line', () => {
    const dir = tempThemes({ ...rootTheme(), 'root/theme.json': '{\n  "name": "root",\n  "parent": null,\n}\n' });
    const error = expectThemeError(() => ThemeRenderer.load(dir, 'root'), `${join(dir, 'root', 'theme.json')}:4`, 'invalid JSON');
    expect(error.line).to.equal(4);
    expect(error.variable).to.equal('IO_THEME');
  });

  it('invalid JSON in a message bundle: the file and the line', () => {
    const dir = tempThemes(rootTheme('root', { 'root/messages/messages_de.json': '{\n  "a": "b"\n  "c": "d"\n}' }));
    expectThemeError(() => ThemeRenderer.load(dir, 'root'), `${join(dir, 'root', 'messages', 'messages_de.json')}:3`);
  });

  it('a message that is not ICU MessageFormat: the file and the key', () => {
    const dir = tempThemes(rootTheme('root', { 'root/messages/messages_de.json': JSON.stringify({ 'x.y': '{count, plural, one {#}' }) }));
    expectThemeError(() => ThemeRenderer.load(dir, 'root'), 'messages_de.json', 'message "x.y" is not valid ICU MessageFormat');
  });

  it('an unknown parent: the theme.json that names it', () => {
    const dir = tempThemes({ ...rootTheme(), 'kid/theme.json': JSON.stringify({ name: 'kid', parent: 'ghost' }) });
    expectThemeError(() => ThemeRenderer.load(dir, 'kid'), join(dir, 'kid', 'theme.json'), 'unknown parent theme "ghost"');
  });

  it('an unknown theme', () => {
    const dir = tempThemes(rootTheme());
    expectThemeError(() => new ThemeRegistry({ themesDir: dir, defaultTheme: 'nope' }).preload(), join(dir, 'nope', 'theme.json'), 'no theme "nope"');
  });

  it('an inheritance cycle: the chain and the file that closes it', () => {
    const dir = tempThemes({
      'a/theme.json': JSON.stringify({ name: 'a', parent: 'b' }),
      'b/theme.json': JSON.stringify({ name: 'b', parent: 'a' }),
    });
    expectThemeError(() => ThemeRenderer.load(dir, 'a'), join(dir, 'b', 'theme.json'), 'theme inheritance loops: a -> b -> a');
  });

  it('a missing template: the theme and every theme looked in', () => {
    const files = rootTheme();
    delete files['root/templates/error.hbs'];
    const dir = tempThemes({ ...files, 'kid/theme.json': JSON.stringify({ name: 'kid', parent: 'root' }) });
    expectThemeError(() => ThemeRenderer.load(dir, 'kid'), join(dir, 'kid', 'theme.json'), 'missing template templates/error.hbs (looked in kid, root)');
  });

  it('schema errors: an unknown helper, an unknown property, a name that is not the directory', () => {
    const helper = tempThemes(rootTheme('root', { 'root/theme.json': JSON.stringify({ name: 'root', helpers: ['eval'] }) }));
    expectThemeError(() => ThemeRenderer.load(helper, 'root'), 'theme.json', 'helpers/0 must be one of: eq, ne');
    const unknown = tempThemes(rootTheme('root', { 'root/theme.json': JSON.stringify({ name: 'root', colour: 'red' }) }));
    expectThemeError(() => ThemeRenderer.load(unknown, 'root'), 'unknown property "colour"');
    const renamed = tempThemes(rootTheme('root', { 'root/theme.json': JSON.stringify({ name: 'other' }) }));
    expectThemeError(() => ThemeRenderer.load(renamed, 'root'), 'name is "other" but the theme\'s directory is "root"');
  });

  it('a template syntax error: the file and the line', () => {
    const dir = tempThemes(rootTheme('root', { 'root/partials/message.hbs': '<h1>\n{{#if x}}\n</h1>' }));
    expectThemeError(() => ThemeRenderer.load(dir, 'root'), join(dir, 'root', 'partials', 'message.hbs'), 'template syntax');
  });
});

describe('themes: helpers and the triple-stash lint', () => {
  it('warns about every {{{ }}} with the file and line, without failing the load', () => {
    const dir = tempThemes(
      rootTheme('root', { 'root/partials/message.hbs': '<h1>{{t title}}</h1>\n<p>{{{body}}}</p>\n{{#each items}}{{{this.html}}}{{/each}}' }),
    );
    const renderer = ThemeRenderer.load(dir, 'root');
    const file = join(dir, 'root', 'partials', 'message.hbs');
    expect(renderer.warnings.map(({ file: f, line }) => `${f}:${line}`)).to.deep.equal([`${file}:2`, `${file}:3`]);
    expect(renderer.warnings[0]!.message).to.contain('{{{body}}}').and.contain('unescaped');
    const warned: string[] = [];
    new ThemeRegistry({ themesDir: dir, defaultTheme: 'root', warn: (warning) => warned.push(`${warning.line}`) }).preload();
    expect(warned).to.deep.equal(['2', '3']);
  });

  it('also flags {{& }} and leaves escaped output alone', () => {
    expect(lintTemplate('{{& raw}} {{safe}} {{t "k"}}', 'x.hbs').map((w) => w.line)).to.deep.equal([1]);
  });

  it('finds no unescaped output in the shipped themes', () => {
    for (const theme of ['base', 'default', 'example-child']) expect(ThemeRenderer.load(themesDir, theme).warnings, theme).to.deep.equal([]);
  });

  it('offers optional helpers only to themes that enable them', () => {
    const template = '<h1>{{#if (eq severity "warning")}}W{{/if}}{{upper title}}</h1>';
    const off = tempThemes(rootTheme('root', { 'root/partials/message.hbs': template }));
    expect(() => ThemeRenderer.load(off, 'root').render('step', messageScreen(), { locale: 'en' })).to.throw(/Missing helper: "eq"/);
    const on = tempThemes(
      rootTheme('root', { 'root/partials/message.hbs': template, 'root/theme.json': JSON.stringify({ name: 'root', helpers: ['eq', 'upper'] }) }),
    );
    expect(ThemeRenderer.load(on, 'root').render('step', messageScreen({ title: 'straße' }), { locale: 'de' })).to.contain('<h1>WSTRASSE</h1>');
  });

  it('renders the formatting helpers in the page locale', () => {
    const dir = tempThemes(
      rootTheme('root', {
        'root/theme.json': JSON.stringify({ name: 'root', helpers: ['formatNumber', 'formatDate', 'ifLocale', 'json'] }),
        'root/partials/message.hbs': '{{formatNumber n}}|{{formatDate d}}|{{#ifLocale "de"}}DE{{else}}other{{/ifLocale}}|{{json o}}',
      }),
    );
    const html = ThemeRenderer.load(dir, 'root').render('step', messageScreen({ n: 1234.5, d: '2025-03-01T12:00:00Z', o: { a: '<x>' } }), { locale: 'de' });
    expect(html).to.contain('1.234,5|01.03.2025|DE|{&quot;a&quot;:&quot;&lt;x&gt;&quot;}');
  });
});
