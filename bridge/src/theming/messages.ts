import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { fallbackLocales } from './locale.js';
import { readThemeJson, ThemeError } from './theme-files.js';

export type Messages = Record<string, string>;

/** The bundles of one source (a theme, or a flow), by locale. */
export interface MessageSource {
  label: string;
  bundles: Map<string, Messages>;
}

const bundleLocale = '[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*';
const bundleFile = new RegExp(`^messages_(${bundleLocale})\\.json$`);
const localeName = new RegExp(`^${bundleLocale}$`);

/**
 * Reads `messages_<locale>.json` files of a directory. Each must be a flat JSON object of strings
 * in ICU MessageFormat; a file that is not gives an error naming the file (and key or line).
 */
export function readBundles(dir: string, label: string): MessageSource {
  const bundles = new Map<string, Messages>();
  if (existsSync(dir)) {
    for (const name of readdirSync(dir).sort()) {
      const match = bundleFile.exec(name);
      if (!match) continue;
      const file = join(dir, name);
      const parsed = readThemeJson(file);
      const problem = bundleProblem(parsed);
      if (problem) throw new ThemeError(file, problem);
      bundles.set(basename(match[1]!).replace(/_/g, '-'), parsed as Messages);
    }
  }
  return { label, bundles };
}

/**
 * A source from bundles given as data, locale -> bundle (a published flow version's messages),
 * each checked like a file; throws an Error naming the locale and the problem.
 */
export function messageSource(label: string, bundles: Readonly<Record<string, unknown>>): MessageSource {
  const source: MessageSource = { label, bundles: new Map() };
  for (const [locale, bundle] of Object.entries(bundles)) {
    const problem = localeName.test(locale) ? bundleProblem(bundle) : 'is not a locale';
    if (problem) throw new Error(`${label} messages ${JSON.stringify(locale)}: ${problem}`);
    source.bundles.set(locale.replace(/_/g, '-'), bundle as Messages);
  }
  return source;
}

/** What is wrong with a bundle: it must be a flat object of message keys to ICU MessageFormat texts. */
function bundleProblem(bundle: unknown): string | undefined {
  if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle)) return 'must be a JSON object of message keys to texts';
  for (const [key, value] of Object.entries(bundle)) {
    if (typeof value !== 'string') return `message "${key}" must be a string`;
    try {
      new IntlMessageFormat(value, 'en', undefined, { ignoreTag: true });
    } catch (error) {
      return `message "${key}" is not valid ICU MessageFormat: ${(error as Error).message}`;
    }
  }
  return undefined;
}

export type MessageArgs = Record<string, unknown>;

/**
 * Looks a key up through the sources (most specific first: flow bundles, then the theme child
 * first, then its parents) for the locale, then its language, then the default locale; formats the
 * text with ICU MessageFormat (arguments, plurals, selects). An unknown key is returned as is, so
 * flows may use literal text (and it is formatted with the arguments too).
 */
/** Compiled messages, shared by every render (bounded: literal flow text is also compiled). */
const formats = new Map<string, IntlMessageFormat>();
const maxFormats = 5000;

export class MessageResolver {
  constructor(
    private readonly sources: readonly MessageSource[],
    readonly locale: string,
    private readonly defaultLocale: string,
  ) {}

  /** The text and the locale of the bundle that had it; undefined when no bundle has the key. */
  lookup(key: string): { text: string; locale: string } | undefined {
    for (const locale of fallbackLocales(this.locale, this.defaultLocale)) {
      for (const source of this.sources) {
        const text = source.bundles.get(locale)?.[key];
        if (text !== undefined && Object.hasOwn(source.bundles.get(locale)!, key)) return { text, locale };
      }
    }
    return undefined;
  }

  has(key: string): boolean {
    return this.lookup(key) !== undefined;
  }

  translate(key: unknown, args: MessageArgs = {}): string {
    if (typeof key !== 'string') return '';
    const found = this.lookup(key);
    const text = found?.text ?? key;
    const locale = found?.locale ?? this.locale;
    if (!text.includes('{') && !text.includes("'")) return text;
    try {
      return String(compiled(text, locale).format(args));
    } catch {
      // A missing argument or a value of the wrong type: fill what is there, keep the rest visible.
      return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in args ? String(args[name]) : match));
    }
  }
}

function compiled(text: string, locale: string): IntlMessageFormat {
  const cacheKey = `${locale}\u0000${text}`;
  let format = formats.get(cacheKey);
  if (!format) {
    format = new IntlMessageFormat(text, locale, undefined, { ignoreTag: true });
    if (formats.size >= maxFormats) formats.clear();
    formats.set(cacheKey, format);
  }
  return format;
}
