import type { Request, Response } from 'express';
import type { Execution } from '../engine/execution.js';
import type { FlowSettings } from '../engine/flow.js';
import { IoError } from '../errors.js';
import type { FlowSession } from '../journey/flow-session.js';
import { matchLocale, negotiateLocale } from '../theming/locale.js';
import type { ThemeRegistry } from '../theming/theme-registry.js';
import type { MessageSource } from '../theming/messages.js';
import type { ThemeRenderer } from '../theming/theme-renderer.js';
import { challengeModel, refill } from '../theming/challenge.js';
import { allowChallengeSources, completionPageCsp, cspNonce } from './security-headers.js';
import { readCookie } from './browser-cookie.js';

export interface StepPageOptions {
  status?: number;
  /** Message key shown above the screen (e.g. why a repeated submission was not applied). */
  notice?: string;
}

export interface StepPage extends StepPageOptions {
  /** Where the step's forms post and the language switcher links: the journey's own step URL. */
  action: string;
}

/** What a journey's pages take from the flows it runs. */
export interface FlowView {
  /** The session's flow's settings (theme, default locale). */
  settings?: FlowSettings;
  /** Published versions' message bundles by flow id; absent: the flow bundle files. */
  messages?: ReadonlyMap<string, MessageSource>;
}

export interface PagesDeps {
  themes: ThemeRegistry;
  /** What the session's flows say about their pages; absent: nothing. */
  flowView?: (session: FlowSession) => Promise<FlowView>;
  publicUrl: string;
}

/** The language switcher's query parameter and the cookie that keeps the choice for the browser session. */
export const localeParameter = 'ui_locale';
export const localeCookie = 'io_locale';

/** Turns sessions and errors into HTML responses using the selected theme and negotiated locale. */
export class Pages {
  constructor(private readonly deps: PagesDeps) {}

  /** The waiting step's screen: its partial and model, plus what every step form posts back. */
  async step(req: Request, res: Response, session: FlowSession, options: StepPage): Promise<void> {
    const view = (await this.deps.flowView?.(session)) ?? {};
    const { theme, settings } = this.themeOf(session, view);
    const html = stepHtml(theme, session.execution, {
      csrfToken: session.csrfToken,
      action: options.action,
      notice: options.notice,
      locale: this.localeOf(req, res, theme, session, settings),
      flowMessages: view.messages,
      nonce: cspNonce(res),
      switcherPath: options.action,
    });
    const challenge = session.execution.current?.challenge;
    if (challenge?.sources) allowChallengeSources(res, challenge.sources);
    res
      .status(options.status ?? 200)
      .type('html')
      .send(html);
  }

  /** The auto-submitting form that carries the evidence back to Keycloak. */
  async complete(req: Request, res: Response, session: FlowSession): Promise<void> {
    const view = (await this.deps.flowView?.(session)) ?? {};
    const { theme, settings } = this.themeOf(session, view);
    const nonce = cspNonce(res);
    const html = theme.render(
      'complete',
      { title: 'complete.title', returnUri: session.handoff.return_uri, evidence: session.evidence?.token, outcome: session.execution.outcome },
      { locale: this.localeOf(req, res, theme, session, settings), flowIds: [session.execution.flowId], flowMessages: view.messages, nonce },
    );
    res.status(200).set('Content-Security-Policy', completionPageCsp(nonce)).type('html').send(html);
  }

  /** An error page with the stable code and a sentence from the theme; never internals. */
  error(req: Request, res: Response, error: IoError): void {
    const theme = this.deps.themes.default;
    const html = theme.render(
      'error',
      { title: 'error.title', code: error.code, messageKey: `error.${error.code}` },
      { locale: this.localeOf(req, res, theme), nonce: cspNonce(res) },
    );
    res.status(error.status).type('html').send(html);
  }

  /** The node's or flow's theme, else the realm's (from the session's handoff), else the default theme. */
  private themeOf(session: FlowSession, { settings }: FlowView): { theme: ThemeRenderer; settings?: FlowSettings } {
    return { theme: stepTheme(this.deps.themes, session.execution, settings, session.handoff.iss, session.handoff.realm_settings?.theme), settings };
  }

  /**
   * The page's locale: a language picked with the switcher (`?ui_locale=`, then kept in a cookie),
   * the handoff's locale, Accept-Language, the flow's default locale, the theme's default locale.
   */
  private localeOf(req: Request, res: Response, theme: ThemeRenderer, session?: FlowSession, settings?: FlowSettings): string {
    const asked = req.query[localeParameter];
    let chosen = typeof asked === 'string' ? matchLocale(asked, theme.locales) : undefined;
    if (chosen) {
      res.cookie(localeCookie, chosen, { httpOnly: true, secure: this.deps.publicUrl.startsWith('https:'), sameSite: 'lax', path: '/' });
    } else {
      chosen = readCookie(req, localeCookie);
    }
    return negotiateLocale(
      { chosen, handoff: session?.handoff.locale, acceptLanguage: req.get('accept-language'), flowDefault: settings?.defaultLocale },
      theme.locales,
      theme.defaultLocale,
    );
  }
}

/** How a waiting step is rendered: what its forms post and how the page is localised. */
export interface StepHtmlOptions {
  csrfToken: string;
  action: string;
  locale: string;
  notice?: string;
  flowMessages?: ReadonlyMap<string, MessageSource>;
  nonce?: string;
  /** Where the language switcher links; no switcher when absent. */
  switcherPath?: string;
}

/** The page of an execution's waiting step, in `theme`: the journey's pages and Try it render it alike. */
export function stepHtml(theme: ThemeRenderer, execution: Execution, options: StepHtmlOptions): string {
  const current = execution.current;
  if (!current) throw new IoError('internal_error', `execution ${execution.id} has no waiting step`);
  const { screen, stepId, challenge } = current;
  const frame = execution.frames.at(-1);
  const model = challenge ? { ...refill(screen.model, challenge.submission.values), challenge: challengeModel(challenge) } : screen.model;
  return theme.render(
    'step',
    {
      title: screen.model['title'],
      titleArgs: screen.model['args'],
      notice: options.notice,
      screen: { ...model, partial: screen.partial, csrfToken: options.csrfToken, stepId, handler: screen.handlers[0], action: options.action },
    },
    {
      locale: options.locale,
      flowIds: [frame?.flowId ?? execution.flowId, execution.flowId],
      flowMessages: options.flowMessages,
      nodeId: frame?.nodeId,
      nonce: options.nonce,
      ...(options.switcherPath ? { switcherPath: options.switcherPath } : {}),
    },
  );
}

/**
 * The waiting node's theme, else the flow's, else the realm's (the theme stored in Keycloak, which
 * the handoff carries as `realm_settings.theme`, else IO_THEME_BY_ISSUER), else the default theme
 * (unknown names are skipped).
 */
export function stepTheme(themes: ThemeRegistry, execution: Execution, settings: FlowSettings | undefined, issuer: string, realmTheme?: string): ThemeRenderer {
  const known = (name: string | undefined) => (name && themes.has(name) ? name : undefined);
  const nodeTheme = known(execution.current?.theme);
  const flowTheme = known(settings?.theme);
  return themes.select({ ...(nodeTheme ? { nodeTheme } : {}), ...(flowTheme ? { flowTheme } : {}), ...(realmTheme ? { realmTheme } : {}), issuer });
}

/**
 * A step page made safe to show in the admin console (Try it, an iframe `srcdoc`): a
 * Content-Security-Policy that allows no script at all and no form submission (`form-action
 * 'none'`), styles and images only from the bridge, and a `<base>` so the theme's relative URLs
 * (`/io/static/...`) load from the bridge. The console reads the form's values and submits them
 * through the admin API.
 */
export function previewHtml(html: string, publicUrl: string): string {
  const origin = new URL(publicUrl).origin;
  const policy = [
    `default-src 'none'`,
    `style-src ${origin}`,
    `img-src ${origin} data:`,
    `font-src ${origin}`,
    `form-action 'none'`,
    `base-uri ${origin}`,
  ].join('; ');
  const head = `<meta http-equiv="Content-Security-Policy" content="${policy}"><base href="${origin}/">`;
  // The policy must come before anything it governs: first thing in <head>.
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (tag) => `${tag}${head}`) : `${head}${html}`;
}
