import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { negotiateLocale, parseAcceptLanguage, textDirection } from '../../src/theming/locale.js';
import { MessageResolver, type MessageSource } from '../../src/theming/messages.js';
import { ThemeRenderer } from '../../src/theming/theme-renderer.js';
import { rootTheme, tempThemes, themesDir } from './support.js';

const source = (label: string, bundles: Record<string, Record<string, string>>): MessageSource => ({ label, bundles: new Map(Object.entries(bundles)) });
const bundle = (theme: string, locale: string) =>
  JSON.parse(readFileSync(join(themesDir, theme, 'messages', `messages_${locale}.json`), 'utf8')) as Record<string, string>;

describe('messages: arguments, plurals and fallback chains', () => {
  const flow = source('flow', { de: { 'x.flow': 'Fluss', 'x.shared': 'vom Fluss' } });
  const child = source('child', { de: { 'x.shared': 'vom Kind', 'x.child': 'Kind' }, en: { 'x.enOnly': 'child en' } });
  const parent = source('parent', {
    de: { 'x.shared': 'von den Eltern', 'x.child': 'Eltern', 'x.parent': 'Eltern', items: '{count, plural, one {# Eintrag} other {# Einträge}}' },
    en: { 'x.enOnly': 'parent en', 'x.default': 'English default', items: '{count, plural, one {# item} other {# items}}', hi: 'Hi {name}!' },
    ar: { items: '{count, plural, zero {لا عناصر} one {عنصر واحد} two {عنصران} few {# عناصر} many {# عنصرًا} other {# عنصر}}' },
  });
  const de = new MessageResolver([flow, child, parent], 'de', 'en');

  it('flow bundle -> theme child -> parent -> default locale', () => {
    expect(de.translate('x.shared')).to.equal('vom Fluss');
    expect(de.translate('x.child')).to.equal('Kind');
    expect(de.translate('x.parent')).to.equal('Eltern');
    expect(de.translate('x.enOnly')).to.equal('child en');
    expect(de.translate('x.default')).to.equal('English default');
  });

  it('a regional locale falls back to its language (de-CH -> de) before the default locale', () => {
    expect(new MessageResolver([flow, child, parent], 'de-CH', 'en').translate('x.parent')).to.equal('Eltern');
  });

  it('formats plurals with the rules of the locale of the text found (Intl.PluralRules)', () => {
    expect(de.translate('items', { count: 1 })).to.equal('1 Eintrag');
    expect(de.translate('items', { count: 3 })).to.equal('3 Einträge');
    const en = new MessageResolver([parent], 'en', 'en');
    expect(en.translate('items', { count: 1 })).to.equal('1 item');
    expect(en.translate('items', { count: 1000 })).to.equal('1,000 items');
    const ar = new MessageResolver([parent], 'ar', 'en');
    expect(ar.translate('items', { count: 2 })).to.equal('عنصران');
    expect(ar.translate('items', { count: 0 })).to.equal('لا عناصر');
    expect(ar.translate('items', { count: 3 })).to.match(/ عناصر$/);
  });

  it('fills arguments; keeps an unknown key as literal text (formatted too); keeps a missing argument visible', () => {
    const en = new MessageResolver([parent], 'en', 'en');
    expect(en.translate('hi', { name: 'Ann' })).to.equal('Hi Ann!');
    expect(en.translate('Welcome {name}', { name: 'Bo' })).to.equal('Welcome Bo');
    expect(en.translate('hi')).to.equal('Hi {name}!');
    expect(en.translate(undefined)).to.equal('');
  });

  it('the built-in plural messages in English, German, French and Arabic', () => {
    const theme = ThemeRenderer.load(themesDir, 'default');
    const say = (locale: string, count: number) => theme.messages(locale).translate('otp.wrong', { remaining: count });
    expect(say('en', 1)).to.equal('That code is not right. 1 attempt left.');
    expect(say('en', 4)).to.equal('That code is not right. 4 attempts left.');
    expect(say('de', 1)).to.equal('Dieser Code ist nicht richtig. Noch 1 Versuch übrig.');
    expect(say('fr', 2)).to.equal('Ce code n’est pas correct. Il reste 2 tentatives.');
    expect(say('ar', 2)).to.equal('هذا الرمز غير صحيح. تتبقى محاولتان.');
    // Arabic is partial: a missing key falls back to English.
    expect(theme.messages('ar').translate('error.handoff_expired')).to.equal('The sign-in request has expired.');
  });

  it('reads flow bundles from <flowsDir>/<flowId>/messages_<locale>.json before the theme', () => {
    const dir = tempThemes({ ...rootTheme(), 'flows/my-flow/messages_en.json': JSON.stringify({ 'app.title': 'My flow' }) });
    const theme = ThemeRenderer.load(dir, 'root', { flowsDir: join(dir, 'flows') });
    expect(theme.messages('en', ['my-flow']).translate('app.title')).to.equal('My flow');
    expect(theme.messages('en', ['other-flow']).translate('app.title')).to.equal('Root');
    expect(theme.messages('en', ['../root']).translate('app.title')).to.equal('Root');
  });
});

describe('messages: translation completeness', () => {
  const english = bundle('base', 'en');

  for (const locale of ['de', 'fr']) {
    it(`every built-in key has a ${locale} translation with the same arguments`, () => {
      const translated = bundle('base', locale);
      const missing = Object.keys(english).filter((key) => !(key in translated));
      expect(missing, `keys missing in themes/base/messages/messages_${locale}.json`).to.deep.equal([]);
      expect(
        Object.keys(translated).filter((key) => !(key in english)),
        'keys unknown in English',
      ).to.deep.equal([]);
      const argsOf = (text: string) => [...new Set([...text.matchAll(/\{(\w+)[,}]/g)].map((match) => match[1]))].sort();
      for (const key of Object.keys(english)) expect(argsOf(translated[key]!), `${locale} ${key}`).to.deep.equal(argsOf(english[key]!));
    });
  }

  it('the Arabic bundle (partial) only has known keys', () => {
    expect(Object.keys(bundle('base', 'ar')).filter((key) => !(key in english))).to.deep.equal([]);
  });

  it('the example child theme overrides its keys in every locale it ships', () => {
    const files = readdirSync(join(themesDir, 'example-child', 'messages'));
    const keys = Object.keys(bundle('example-child', 'en'));
    for (const file of files) {
      const locale = file.replace(/^messages_|\.json$/g, '');
      expect(Object.keys(bundle('example-child', locale)), file).to.have.members(keys);
    }
  });
});

describe('locales: negotiation and direction', () => {
  const supported = ['en', 'de', 'fr', 'ar'];

  it('the switcher choice, then the handoff locale, then Accept-Language, then the flow default, then the fallback', () => {
    const all = { chosen: 'fr', handoff: 'de', acceptLanguage: 'ar', flowDefault: 'en' };
    expect(negotiateLocale(all, supported, 'en')).to.equal('fr');
    expect(negotiateLocale({ ...all, chosen: undefined }, supported, 'en')).to.equal('de');
    expect(negotiateLocale({ ...all, chosen: undefined, handoff: undefined }, supported, 'en')).to.equal('ar');
    expect(negotiateLocale({ flowDefault: 'fr' }, supported, 'en')).to.equal('fr');
    expect(negotiateLocale({}, supported, 'en')).to.equal('en');
  });

  it('skips unsupported candidates and matches by language', () => {
    expect(negotiateLocale({ chosen: 'xx', handoff: 'ja de-AT', acceptLanguage: 'fr' }, supported, 'en')).to.equal('de');
    expect(negotiateLocale({ handoff: 'pt_BR', acceptLanguage: 'it;q=1, fr-CA;q=0.8, de;q=0.9' }, supported, 'en')).to.equal('de');
    expect(negotiateLocale({ handoff: 'de' }, ['en', 'de-CH'], 'en')).to.equal('de-CH');
    expect(negotiateLocale({ chosen: '<script>' }, supported, 'en')).to.equal('en');
  });

  it('parses Accept-Language by quality', () => {
    expect(parseAcceptLanguage('fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5, ja;q=0')).to.deep.equal(['fr-CH', 'fr', 'en', 'de']);
    expect(parseAcceptLanguage(undefined)).to.deep.equal([]);
  });

  it('renders ar, he, fa and ur right to left', () => {
    for (const locale of ['ar', 'he', 'fa-IR', 'ur']) expect(textDirection(locale), locale).to.equal('rtl');
    for (const locale of ['en', 'de', 'fr']) expect(textDirection(locale), locale).to.equal('ltr');
    const html = ThemeRenderer.load(themesDir, 'default').render('error', { title: 'error.title', code: 'x', messageKey: 'error.not_found' }, { locale: 'ar' });
    expect(html).to.contain('<html lang="ar" dir="rtl">');
    expect(html).to.contain('هذه الصفحة غير موجودة.');
  });
});
