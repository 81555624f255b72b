import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ThemeRenderer } from './theme-renderer.js';
import type { TemplateWarning } from './template-lint.js';

export interface ThemeRegistryOptions {
  themesDir: string;
  /** IO_THEME: the theme when neither the flow nor the realm names one. */
  defaultTheme: string;
  /** IO_THEME_BY_ISSUER: a theme per realm (issuer URL). */
  themesByIssuer?: Readonly<Record<string, string>>;
  flowsDir?: string;
  /** Re-read every theme file on each render (themers' workflow; IO_THEME_HOT_RELOAD=1). */
  hotReload?: boolean;
  /** Called once per distinct lint warning. */
  warn?: (warning: TemplateWarning) => void;
}

/** What decides a page's theme. */
export interface ThemeSelection {
  /** The waiting node's own `theme`. */
  nodeTheme?: string;
  /** The flow's `settings.theme`. */
  flowTheme?: string;
  /** The realm's issuer, looked up in `themesByIssuer`. */
  issuer?: string;
}

/**
 * The themes of the bridge, loaded on first use and kept (or re-read on every use with hot reload).
 * Selection: the flow's theme, else the realm's, else the default theme.
 */
export class ThemeRegistry {
  private readonly loaded = new Map<string, ThemeRenderer>();
  private readonly warned = new Set<string>();

  constructor(readonly options: ThemeRegistryOptions) {}

  /** Loads the default and every realm theme now, so a broken theme stops the bridge at start. */
  preload(): this {
    for (const name of new Set([this.options.defaultTheme, ...Object.values(this.options.themesByIssuer ?? {})])) this.get(name);
    return this;
  }

  get hotReload(): boolean {
    return this.options.hotReload === true;
  }

  /** A theme by name (its theme.json must exist). */
  get(name: string): ThemeRenderer {
    const cached = this.loaded.get(name);
    if (cached && !this.hotReload) return cached;
    const renderer = ThemeRenderer.load(this.options.themesDir, name, { flowsDir: this.options.flowsDir });
    for (const warning of renderer.warnings) {
      const key = `${warning.file}:${warning.line}:${warning.message}`;
      if (this.warned.has(key)) continue;
      this.warned.add(key);
      this.options.warn?.(warning);
    }
    this.loaded.set(name, renderer);
    return renderer;
  }

  /** Whether a theme of this name exists (without loading it). */
  has(name: string): boolean {
    return /^[a-z0-9][a-z0-9_-]*$/.test(name) && existsSync(join(this.options.themesDir, name, 'theme.json'));
  }

  /** Node theme, else flow theme, else the realm's, else the default. */
  select({ nodeTheme, flowTheme, issuer }: ThemeSelection = {}): ThemeRenderer {
    const realmTheme = issuer ? this.options.themesByIssuer?.[issuer] : undefined;
    return this.get(nodeTheme ?? flowTheme ?? realmTheme ?? this.options.defaultTheme);
  }

  get default(): ThemeRenderer {
    return this.get(this.options.defaultTheme);
  }
}
