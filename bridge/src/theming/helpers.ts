import type { HelperDelegate, HelperOptions } from 'handlebars';
import { languageOf } from './locale.js';
import type { MessageArgs, MessageResolver } from './messages.js';
import type { OptionalHelperName } from './theme-schema.js';

function isHelperOptions(value: unknown): value is HelperOptions {
  return typeof value === 'object' && value !== null && 'hash' in value && 'data' in value;
}

/** Positional helper arguments without Handlebars' trailing options object. */
const positional = (args: unknown[]) => (args.length > 0 && isHelperOptions(args[args.length - 1]) ? args.slice(0, -1) : args);

/**
 * `{{t "key"}}`, `{{t "key" name=value}}`, `{{t key argsObject}}` (both may be combined): the
 * message for the key in the page's locale, formatted with ICU MessageFormat. Always available.
 */
export function translateHelper(messages: MessageResolver): HelperDelegate {
  return (key: unknown, ...rest: unknown[]) => {
    const args: MessageArgs = {};
    for (const value of rest) {
      if (isHelperOptions(value)) Object.assign(args, value.hash);
      else if (typeof value === 'object' && value !== null) Object.assign(args, value);
    }
    return messages.translate(key, args);
  };
}

/**
 * The helpers a theme may enable with `"helpers": [...]` in theme.json. None of them returns
 * unescaped HTML: their output goes through Handlebars' escaping like any other value.
 */
export function optionalHelpers(locale: string): Record<OptionalHelperName, HelperDelegate> {
  return {
    /** `{{#if (eq a b)}}` */
    eq: (...args: unknown[]) => {
      const [a, b] = positional(args);
      return a === b;
    },
    ne: (...args: unknown[]) => {
      const [a, b] = positional(args);
      return a !== b;
    },
    not: (...args: unknown[]) => !positional(args)[0],
    and: (...args: unknown[]) => positional(args).every(Boolean),
    or: (...args: unknown[]) => positional(args).some(Boolean),
    upper: (...args: unknown[]) => String(positional(args)[0] ?? '').toLocaleUpperCase(locale),
    lower: (...args: unknown[]) => String(positional(args)[0] ?? '').toLocaleLowerCase(locale),
    /** JSON text of a value (escaped on output like anything else, e.g. for a data- attribute). */
    json: (...args: unknown[]) => JSON.stringify(positional(args)[0] ?? null),
    formatNumber: (...args: unknown[]) => {
      const value = Number(positional(args)[0]);
      return Number.isFinite(value) ? new Intl.NumberFormat(locale).format(value) : '';
    },
    /** A date (ISO string or epoch ms) in the page's locale, `dateStyle` medium. */
    formatDate: (...args: unknown[]) => {
      const raw = positional(args)[0];
      const date = new Date(typeof raw === 'number' || typeof raw === 'string' ? raw : Number.NaN);
      return Number.isNaN(date.getTime()) ? '' : new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
    },
    /** `{{#ifLocale "de"}}…{{else}}…{{/ifLocale}}`: by language (`de` matches `de-CH`). */
    ifLocale: function (this: unknown, ...args: unknown[]) {
      const options = args[args.length - 1] as HelperOptions;
      const wanted = positional(args).map(String);
      return wanted.some((tag) => tag === locale || tag === languageOf(locale)) ? options.fn(this) : options.inverse(this);
    },
  };
}
