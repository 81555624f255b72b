import type { Response } from 'express';
import { IoError } from '../errors.js';
import type { FlowSession } from '../journey/flow-session.js';
import type { ThemeRenderer } from '../screens/theme-renderer.js';
import { completionPageCsp } from './security-headers.js';

export interface StepPageOptions {
  status?: number;
  /** Message key shown above the screen (e.g. why a repeated submission was not applied). */
  notice?: string;
}

/** Turns sessions and errors into HTML responses using the theme. */
export class Pages {
  constructor(private readonly renderer: ThemeRenderer) {}

  /** The waiting step's screen: its partial and model, plus what every step form posts back. */
  step(res: Response, session: FlowSession, options: StepPageOptions = {}): void {
    const current = session.execution.current;
    if (!current) throw new IoError('internal_error', 500, `session ${session.execution.id} has no waiting step`);
    const { screen, stepId } = current;
    const html = this.renderer.render(
      'step',
      {
        title: screen.model['title'],
        notice: options.notice,
        screen: { ...screen.model, partial: screen.partial, csrfToken: session.csrfToken, stepId, handler: screen.handlers[0], action: '/io/step' },
      },
      session.handoff.locale,
    );
    res.status(options.status ?? 200).type('html').send(html);
  }

  /** The auto-submitting form that carries the evidence back to Keycloak. */
  complete(res: Response, session: FlowSession): void {
    const html = this.renderer.render(
      'complete',
      { title: 'complete.title', returnUri: session.handoff.return_uri, evidence: session.evidence?.token, outcome: session.execution.outcome },
      session.handoff.locale,
    );
    res.status(200).set('Content-Security-Policy', completionPageCsp).type('html').send(html);
  }

  /** An error page with the stable code and a sentence from the theme; never internals. */
  error(res: Response, error: IoError, locale?: string): void {
    const html = this.renderer.render('error', { title: 'error.title', code: error.code, messageKey: `error.${error.code}` }, locale);
    res.status(error.status).type('html').send(html);
  }
}
