import type { Response } from 'express';
import type { Feedback, Screen } from '../engine/node-type.js';
import { IoError } from '../errors.js';
import type { FlowSession } from '../journey/flow-session.js';
import type { ThemeRenderer } from '../screens/theme-renderer.js';
import { completionPageCsp } from './security-headers.js';

/** Turns sessions and errors into HTML responses using the theme. */
export class Pages {
  constructor(private readonly renderer: ThemeRenderer) {}

  step(res: Response, session: FlowSession, screen: Screen, feedback?: Feedback): void {
    const html = this.renderer.render(
      'step',
      { title: screen.model['title'], screen: { ...screen.model, partial: screen.partial, csrfToken: session.csrfToken, action: '/io/step' } },
      session.handoff.locale,
    );
    res.status(feedback ? 422 : 200).type('html').send(html);
  }

  /** The auto-submitting form that carries the evidence back to Keycloak. */
  complete(res: Response, session: FlowSession): void {
    const html = this.renderer.render(
      'complete',
      { title: 'complete.title', returnUri: session.handoff.return_uri, evidence: session.evidence?.token, outcome: session.state.outcome },
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
