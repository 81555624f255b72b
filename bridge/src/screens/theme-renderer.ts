import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { resolveThemeChain } from './theme-chain.js';

export type PageTemplate = 'step' | 'complete' | 'error';
const pageTemplates: readonly PageTemplate[] = ['step', 'complete', 'error'];
const fallbackLocale = 'en';

type Messages = Record<string, string>;

/**
 * Renders pages from a theme directory: `templates/<page>.hbs` inside `templates/layout.hbs`,
 * partials from `partials/`, text from `messages/messages_<locale>.json`. Files are resolved child
 * theme first, then its parents. Output is HTML-escaped unless a template opts out with {{{ }}}.
 */
export class ThemeRenderer {
  private constructor(
    private readonly layout: Handlebars.TemplateDelegate,
    private readonly pages: Map<PageTemplate, Handlebars.TemplateDelegate>,
    private readonly messagesByLocale: Map<string, Messages>,
    /** Static directories, child first. */
    readonly staticDirs: string[],
  ) {}

  static load(themesDir: string, theme: string): ThemeRenderer {
    const chain = resolveThemeChain(themesDir, theme);
    const parentsFirst = [...chain].reverse();
    const handlebars = Handlebars.create();
    for (const dir of parentsFirst) {
      for (const file of listFiles(join(dir, 'partials'), '.hbs')) {
        handlebars.registerPartial(basename(file, '.hbs'), readFileSync(file, 'utf8'));
      }
    }
    const template = (name: string) => {
      const dir = chain.find((candidate) => existsSync(join(candidate, 'templates', `${name}.hbs`)));
      if (!dir) throw new Error(`theme "${theme}" has no templates/${name}.hbs`);
      return handlebars.compile(readFileSync(join(dir, 'templates', `${name}.hbs`), 'utf8'), { strict: false });
    };
    const messagesByLocale = new Map<string, Messages>();
    for (const dir of parentsFirst) {
      for (const file of listFiles(join(dir, 'messages'), '.json')) {
        const locale = basename(file, '.json').replace(/^messages_/, '');
        const parsed = JSON.parse(readFileSync(file, 'utf8')) as Messages;
        messagesByLocale.set(locale, { ...messagesByLocale.get(locale), ...parsed });
      }
    }
    return new ThemeRenderer(
      template('layout'),
      new Map(pageTemplates.map((page) => [page, template(page)])),
      messagesByLocale,
      chain.map((dir) => join(dir, 'static')).filter((dir) => existsSync(dir)),
    );
  }

  render(page: PageTemplate, context: Record<string, unknown>, locale?: string): string {
    const lang = locale && this.messagesByLocale.has(locale) ? locale : fallbackLocale;
    const translate = this.translator(lang);
    const options = { helpers: { t: translate }, allowProtoPropertiesByDefault: false };
    const body = this.pages.get(page)!({ ...context, lang }, options);
    const title = typeof context['title'] === 'string' ? translate(context['title']) : translate('app.title');
    // The page body is already escaped HTML; the layout inserts it with {{{body}}}.
    return this.layout({ ...context, lang, body, pageTitle: title }, options);
  }

  /**
   * `{{t key}}`, `{{t key name=value}}` or `{{t key argsObject}}`: the message for key with `{name}`
   * placeholders filled (or the key itself, so flows may use literal text).
   */
  private translator(lang: string) {
    const messages = { ...this.messagesByLocale.get(fallbackLocale), ...this.messagesByLocale.get(lang) };
    return (key: unknown, ...rest: unknown[]) => {
      const text = typeof key === 'string' ? (messages[key] ?? key) : '';
      const args: Record<string, unknown> = {};
      for (const value of rest) Object.assign(args, isHelperOptions(value) ? value.hash : value);
      return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in args ? String(args[name]) : match));
    };
  }
}

function isHelperOptions(value: unknown): value is { hash: Record<string, unknown> } {
  return typeof value === 'object' && value !== null && 'hash' in value && 'data' in value;
}

function listFiles(dir: string, extension: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => join(dir, name));
}
