import type { Request, Response } from 'express';
import type { FlowSettings } from '../engine/flow.js';
import { IoError } from '../errors.js';
import type { FlowSession } from '../journey/flow-session.js';
import { matchLocale, negotiateLocale } from '../screens/locale.js';
import type { ThemeRegistry } from '../screens/theme-registry.js';
import type { MessageSource } from '../screens/messages.js';
import type { ThemeRenderer } from '../screens/theme-renderer.js';
import { completionPageCsp, cspNonce } from './security-headers.js';
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
    const current = session.execution.current;
    if (!current) throw new IoError('internal_error', 500, `session ${session.execution.id} has no waiting step`);
    const { screen, stepId } = current;
    const view = (await this.deps.flowView?.(session)) ?? {};
    const { theme, settings } = this.themeOf(session, view);
    const frame = session.execution.frames.at(-1);
    const html = theme.render(
      'step',
      {
        title: screen.model['title'],
        titleArgs: screen.model['args'],
        notice: options.notice,
        screen: { ...screen.model, partial: screen.partial, csrfToken: session.csrfToken, stepId, handler: screen.handlers[0], action: options.action },
      },
      {
        locale: this.localeOf(req, res, theme, session, settings),
        flowIds: [frame?.flowId ?? session.execution.flowId, session.execution.flowId],
        flowMessages: view.messages,
        nodeId: frame?.nodeId,
        nonce: cspNonce(res),
        switcherPath: options.action,
      },
    );
    res.status(options.status ?? 200).type('html').send(html);
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

  /** The flow's theme, else the realm's, else the default theme. */
  private themeOf(session: FlowSession, { settings }: FlowView): { theme: ThemeRenderer; settings?: FlowSettings } {
    const known = (name: string | undefined) => (name && this.deps.themes.has(name) ? name : undefined);
    const nodeTheme = known(session.execution.current?.theme);
    const flowTheme = known(settings?.theme);
    return { theme: this.deps.themes.select({ ...(nodeTheme ? { nodeTheme } : {}), ...(flowTheme ? { flowTheme } : {}), issuer: session.handoff.iss }), settings };
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
