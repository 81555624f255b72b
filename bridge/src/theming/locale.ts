/** Languages written right to left: their pages render with `dir="rtl"`. */
export const rtlLanguages: readonly string[] = ['ar', 'he', 'fa', 'ur'];

const localeTag = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export const languageOf = (locale: string): string => locale.split('-')[0]!.toLowerCase();

export function textDirection(locale: string): 'rtl' | 'ltr' {
  return rtlLanguages.includes(languageOf(locale)) ? 'rtl' : 'ltr';
}

/** Normalizes `de_CH` / `DE-ch` to `de-CH`; undefined for anything that is not a locale tag. */
export function normalizeLocale(raw: string | undefined): string | undefined {
  const tag = raw?.trim().replace(/_/g, '-');
  if (!tag || !localeTag.test(tag)) return undefined;
  const [language, ...rest] = tag.split('-');
  return [language!.toLowerCase(), ...rest.map((part) => (part.length === 2 ? part.toUpperCase() : part.toLowerCase()))].join('-');
}

/** The tags of an Accept-Language header, best first (`*` and q=0 dropped). */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter(({ tag, q }) => tag !== '*' && q > 0 && !Number.isNaN(q))
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map(({ tag }) => tag);
}

/** Where a locale may come from, in the order they are asked. */
export interface LocaleSources {
  /** Chosen on a screen with the language switcher (kept in a cookie for the session). */
  chosen?: string;
  /** The handoff's `locale` claim (Keycloak: ui_locales, else the user's locale); may list several. */
  handoff?: string;
  /** The browser's Accept-Language header. */
  acceptLanguage?: string;
  /** The flow's `settings.defaultLocale`. */
  flowDefault?: string;
}

/**
 * Picks the locale of a page among the supported ones: the language switcher's choice, then the
 * handoff's locale, then Accept-Language, then the flow's default, then `fallback`. A candidate
 * matches a supported locale exactly, or by language (`de-CH` -> `de`, `de` -> `de-CH`).
 */
export function negotiateLocale(sources: LocaleSources, supported: readonly string[], fallback: string): string {
  const candidates = [sources.chosen, ...(sources.handoff ?? '').split(/[\s,]+/), ...parseAcceptLanguage(sources.acceptLanguage), sources.flowDefault];
  for (const raw of candidates) {
    const match = matchLocale(raw, supported);
    if (match) return match;
  }
  return fallback;
}

export function matchLocale(raw: string | undefined, supported: readonly string[]): string | undefined {
  const candidate = normalizeLocale(raw);
  if (!candidate) return undefined;
  const exact = supported.find((locale) => locale.toLowerCase() === candidate.toLowerCase());
  if (exact) return exact;
  const language = languageOf(candidate);
  return supported.find((locale) => locale.toLowerCase() === language) ?? supported.find((locale) => languageOf(locale) === language);
}

/** The locale and then its language (`de-CH`, `de`), then the default locale and its language. */
export function fallbackLocales(locale: string, defaultLocale: string): string[] {
  return [...new Set([locale, languageOf(locale), defaultLocale, languageOf(defaultLocale)])];
}

/** The language's own name for itself (`Deutsch`, `français`, `العربية`), for the language switcher. */
export function endonym(locale: string): string {
  let name = endonyms.get(locale);
  if (name === undefined) {
    name = displayName(locale);
    endonyms.set(locale, name);
  }
  return name;
}

/** Building an Intl.DisplayNames costs more than the rest of a language switcher: once per locale (the themes' locales). */
const endonyms = new Map<string, string>();

function displayName(locale: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
    return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
  } catch {
    return locale;
  }
}
