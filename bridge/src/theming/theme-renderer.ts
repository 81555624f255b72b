import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import Handlebars from 'handlebars';
import { optionalHelpers, translateHelper } from './helpers.js';
import { endonym, textDirection } from './locale.js';
import { MessageResolver, readBundles, type MessageSource } from './messages.js';
import { resolveThemeChain, type ThemeLink } from './theme-chain.js';
import { ThemeError } from './theme-files.js';
import type { OptionalHelperName } from './theme-schema.js';
import { lintTemplate, type TemplateWarning } from './template-lint.js';

export type PageTemplate = 'step' | 'complete' | 'error';
const pageTemplates: readonly PageTemplate[] = ['step', 'complete', 'error'];

export interface ThemeLoadOptions {
  /** Flow bundles live in `<flowsDir>/<flowId>/messages_<locale>.json`. */
  flowsDir?: string;
}

/** What a page render needs beyond its model. */
export interface RenderRequest {
  /** The negotiated locale (see `negotiateLocale`); one of `locales` or the default locale. */
  locale: string;
  /** Flows whose bundles and CSS apply, most specific (the running sub-flow) first. */
  flowIds?: readonly string[];
  /**
   * Published flow versions' bundles by flow id (protocol 1.3): when given, the flows' messages
   * come from here only, never from the files under `flowsDir`.
   */
  flowMessages?: ReadonlyMap<string, MessageSource>;
  /** The node the step shows: its CSS file and body class. */
  nodeId?: string;
  /** The response's CSP nonce, for any <script>/<style>/<link> the templates emit. */
  nonce?: string;
  /** Where the language switcher's links point (`?ui_locale=` is added); no switcher when absent. */
  switcherPath?: string;
}

/**
 * One theme with its ancestors, ready to render: `templates/<page>.hbs` inside
 * `templates/layout.hbs`, partials from `partials/`, messages from `messages/messages_<locale>.json`
 * and files from `static/`, each resolved child theme first. Output is HTML-escaped; templates are
 * linted for unescaped output at load.
 */
export class ThemeRenderer {
  private readonly flowSources = new Map<string, MessageSource>();
  /**
   * The pages' optional files (flow and node styles, favicon, logo) as found at their first render:
   * a page looks at no file after that. Keys come from the flows' and nodes' ids, so they are
   * bounded; with hot reload each request loads a new renderer, so new files show up.
   */
  private readonly pageAssets = new Map<string, string | undefined>();

  private constructor(
    readonly name: string,
    /** Child first. */
    readonly chain: readonly ThemeLink[],
    private readonly layout: Handlebars.TemplateDelegate,
    private readonly pages: ReadonlyMap<PageTemplate, Handlebars.TemplateDelegate>,
    private readonly themeSources: readonly MessageSource[],
    private readonly helperNames: ReadonlySet<OptionalHelperName>,
    /** Locales the theme offers (switcher, negotiation). */
    readonly locales: readonly string[],
    readonly defaultLocale: string,
    /** Unescaped output found in the theme's templates (file and line). */
    readonly warnings: readonly TemplateWarning[],
    private readonly flowsDir: string | undefined,
  ) {}

  static load(themesDir: string, theme: string, options: ThemeLoadOptions = {}): ThemeRenderer {
    const chain = resolveThemeChain(themesDir, theme);
    const parentsFirst = [...chain].reverse();
    const handlebars = Handlebars.create();
    const warnings: TemplateWarning[] = [];
    const read = (file: string) => {
      const source = readFileSync(file, 'utf8');
      try {
        warnings.push(...lintTemplate(source, file));
      } catch (error) {
        const message = (error as Error).message;
        throw new ThemeError(file, `template syntax: ${message.split('\n').pop() ?? message}`, Number(/line (\d+)/.exec(message)?.[1]) || undefined);
      }
      return source;
    };
    for (const link of parentsFirst) {
      for (const file of listFiles(join(link.dir, 'partials'), '.hbs')) handlebars.registerPartial(basename(file, '.hbs'), read(file));
    }
    const compiled = new Map<string, Handlebars.TemplateDelegate>();
    for (const name of ['layout', ...pageTemplates]) {
      const link = chain.find((candidate) => existsSync(join(candidate.dir, 'templates', `${name}.hbs`)));
      if (!link) {
        throw new ThemeError(chain[0]!.file, `missing template templates/${name}.hbs (looked in ${chain.map((l) => l.name).join(', ')})`);
      }
      compiled.set(name, handlebars.compile(read(join(link.dir, 'templates', `${name}.hbs`)), { strict: false }));
    }
    const themeSources = chain.map((link) => readBundles(join(link.dir, 'messages'), `theme ${link.name}`));
    const declared = <K extends 'locales' | 'defaultLocale'>(key: K) => chain.find((link) => link.descriptor[key] !== undefined)?.descriptor[key];
    const defaultLocale = declared('defaultLocale') ?? 'en';
    const locales = declared('locales') ?? [...new Set(themeSources.flatMap((source) => [...source.bundles.keys()]))].sort();
    if (!locales.includes(defaultLocale)) locales.unshift(defaultLocale);
    return new ThemeRenderer(
      theme,
      chain,
      compiled.get('layout')!,
      new Map(pageTemplates.map((page) => [page, compiled.get(page)!])),
      themeSources,
      new Set(chain.flatMap((link) => link.descriptor.helpers ?? [])),
      locales,
      defaultLocale,
      warnings,
      options.flowsDir,
    );
  }

  /**
   * Messages for a locale: the flows' bundles first (the published versions' when `flowMessages`
   * is given, else the files), then the theme's (child first).
   */
  messages(locale: string, flowIds: readonly string[] = [], flowMessages?: ReadonlyMap<string, MessageSource>): MessageResolver {
    const bundlesOf = (id: string) => (flowMessages ? (flowMessages.get(id) ?? noMessages(id)) : this.flowSource(id));
    return new MessageResolver([...flowIds.map(bundlesOf), ...this.themeSources], locale, this.defaultLocale);
  }

  render(page: PageTemplate, context: Record<string, unknown>, request: RenderRequest): string {
    const { locale, nonce } = request;
    const flowIds = [...new Set(request.flowIds ?? [])];
    const messages = this.messages(locale, flowIds, request.flowMessages);
    const all = optionalHelpers(locale);
    const helpers: Record<string, Handlebars.HelperDelegate> = { t: translateHelper(messages) };
    for (const name of this.helperNames) helpers[name] = all[name];
    const options = { helpers, allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };
    const common = { lang: locale, dir: textDirection(locale), nonce, staticBase: this.staticBase };
    const body = this.pages.get(page)!({ ...context, ...common }, options);
    const titleKey = typeof context['title'] === 'string' ? context['title'] : 'app.title';
    const pageTitle = messages.translate(titleKey, (context['titleArgs'] as Record<string, unknown> | undefined) ?? {});
    const topFlowFirst = [...flowIds].reverse();
    const css = [
      ...this.styles(),
      ...topFlowFirst.map((id) => this.staticUrlIfExists(`flows/${id}.css`)),
      ...(request.nodeId && flowIds[0] ? [this.staticUrlIfExists(`flows/${flowIds[0]}/${request.nodeId}.css`)] : []),
    ].filter((url): url is string => url !== undefined);
    return this.layout(
      {
        ...context,
        ...common,
        // Rendered (and escaped) by the page template: not escaped a second time, no triple-stash needed.
        body: new Handlebars.SafeString(body),
        pageTitle,
        staticBase: this.staticBase,
        styles: css,
        favicon: this.descriptorAsset('favicon'),
        logo: this.descriptorAsset('logo'),
        pageClass: [
          'io-page',
          `io-page--${page}`,
          ...flowIds.slice(0, 1).map((id) => `io-flow-${id}`),
          ...(request.nodeId ? [`io-node-${request.nodeId}`] : []),
        ].join(' '),
        languages: request.switcherPath && this.locales.length > 1 ? this.switcher(request.switcherPath, locale) : undefined,
      },
      options,
    );
  }

  /** `/io/static/<theme>`: the URL prefix of this theme's static files (resolved child first). */
  get staticBase(): string {
    return `/io/static/${this.name}`;
  }

  /** The file a static path resolves to, child theme first; undefined when no theme has it. */
  resolveStatic(path: string): string | undefined {
    if (path.split('/').some((segment) => segment === '..' || segment.startsWith('.'))) return undefined;
    for (const link of this.chain) {
      const root = resolve(link.dir, 'static');
      const file = resolve(root, path);
      if (!file.startsWith(root + sep)) return undefined;
      if (existsSync(file) && statSync(file).isFile()) return file;
    }
    return undefined;
  }

  private staticUrlIfExists(path: string): string | undefined {
    if (!this.pageAssets.has(path)) this.pageAssets.set(path, this.resolveStatic(path) ? `${this.staticBase}/${path}` : undefined);
    return this.pageAssets.get(path);
  }

  private styles(): string[] {
    const paths = [...this.chain].reverse().flatMap((link) => link.descriptor.styles ?? []);
    return [...new Set(paths)].map((path) => `${this.staticBase}/${path}`);
  }

  private descriptorAsset(key: 'favicon' | 'logo'): string | undefined {
    const path = this.chain.find((link) => link.descriptor[key])?.descriptor[key];
    return path ? this.staticUrlIfExists(path) : undefined;
  }

  private switcher(path: string, current: string) {
    return this.locales.map((code) => ({
      code,
      label: endonym(code),
      href: `${path}?ui_locale=${encodeURIComponent(code)}`,
      current: code === current,
      dir: textDirection(code),
    }));
  }

  private flowSource(flowId: string): MessageSource {
    let source = this.flowSources.get(flowId);
    if (!source) {
      const safe = /^[A-Za-z0-9_-]+$/.test(flowId);
      source = this.flowsDir && safe ? readBundles(join(this.flowsDir, flowId), `flow ${flowId}`) : noMessages(flowId);
      this.flowSources.set(flowId, source);
    }
    return source;
  }
}

function noMessages(flowId: string): MessageSource {
  return { label: `flow ${flowId}`, bundles: new Map() };
}

function listFiles(dir: string, extension: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => join(dir, name));
}
