import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ThemeRenderer } from './theme-renderer.js';
import type { TemplateWarning } from './template-lint.js';

export interface ThemeRegistryOptions {
  themesDir: string;
  /** IO_THEME: the theme when neither the flow nor the realm names one. */
  defaultTheme: string;
  /**
   * IO_THEME_BY_ISSUER: a theme per realm (issuer URL), for realms that have not stored a theme in
   * Keycloak (a handoff's `realm_settings.theme` wins).
   */
  themesByIssuer?: Readonly<Record<string, string>>;
  flowsDir?: string;
  /** Re-read every theme file on each render (themers' workflow; IO_THEME_HOT_RELOAD=1). */
  hotReload?: boolean;
  /** Called once per distinct lint warning. */
  warn?: (warning: TemplateWarning) => void;
  /** Called once per issuer and name when a realm's stored theme does not exist here (the fallback is used). */
  unknownRealmTheme?: (issuer: string | undefined, theme: string) => void;
}

/** What decides a page's theme. */
export interface ThemeSelection {
  /** The waiting node's own `theme`. */
  nodeTheme?: string;
  /** The flow's `settings.theme`. */
  flowTheme?: string;
  /** The realm's theme as stored in Keycloak (the handoff's `realm_settings.theme`). */
  realmTheme?: string;
  /** The realm's issuer, looked up in `themesByIssuer`. */
  issuer?: string;
}

/**
 * The themes of the bridge, loaded on first use and kept (or re-read on every use with hot reload).
 * Selection: the node's theme, else the flow's, else the realm's (stored in Keycloak, else
 * `themesByIssuer`), else the default theme.
 */
export class ThemeRegistry {
  private readonly loaded = new Map<string, ThemeRenderer>();
  private readonly warned = new Set<string>();
  private readonly unknownRealmThemes = new Set<string>();

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
    // A loaded theme exists (checked again on every page with hot reload only).
    if (!this.hotReload && this.loaded.has(name)) return true;
    return /^[a-z0-9][a-z0-9_-]*$/.test(name) && existsSync(join(this.options.themesDir, name, 'theme.json'));
  }

  /**
   * Node theme, else flow theme, else the realm's stored theme, else the issuer's configured one,
   * else the default. A stored theme this bridge does not have is skipped (reported once per issuer
   * and name): the realm's pages then look as they would without it, never an error page.
   */
  select({ nodeTheme, flowTheme, realmTheme, issuer }: ThemeSelection = {}): ThemeRenderer {
    const stored = realmTheme !== undefined && this.has(realmTheme) ? realmTheme : undefined;
    if (realmTheme !== undefined && stored === undefined) this.reportUnknown(issuer, realmTheme);
    const configured = issuer ? this.options.themesByIssuer?.[issuer] : undefined;
    return this.get(nodeTheme ?? flowTheme ?? stored ?? configured ?? this.options.defaultTheme);
  }

  private reportUnknown(issuer: string | undefined, theme: string): void {
    const key = `${issuer ?? ''}|${theme}`;
    if (this.unknownRealmThemes.has(key)) return;
    // Remembered up to 1000 pairs; past that, further unknown names are reported on every page.
    if (this.unknownRealmThemes.size < 1000) this.unknownRealmThemes.add(key);
    this.options.unknownRealmTheme?.(issuer, theme);
  }

  get default(): ThemeRenderer {
    return this.get(this.options.defaultTheme);
  }
}
