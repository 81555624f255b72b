import { randomBytes } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { ChallengeSources } from '../engine/processor.js';

/**
 * The Content-Security-Policy of a page. Scripts and styles load only from the bridge itself or
 * carry the response's nonce (`nonce="{{nonce}}"` in templates); never 'unsafe-inline'. `extra`
 * adds third-party origins (a challenged step's widget, see allowChallengeSources).
 */
export function contentSecurityPolicy(nonce: string, formAction?: string, extra: ChallengeSources = {}): string {
  const more = (directive: keyof ChallengeSources) => (extra[directive]?.length ? ` ${extra[directive].join(' ')}` : '');
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'${more('script')}`,
    `style-src 'self' 'nonce-${nonce}'${more('style')}`,
    "img-src 'self' data:",
    ...(extra.frame?.length ? [`frame-src${more('frame')}`] : []),
    ...(extra.connect?.length ? [`connect-src${more('connect')}`] : []),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    ...(formAction ? [`form-action ${formAction}`] : []),
  ].join('; ');
}

/**
 * Widens this response's policy by a challenge's third-party origins (e.g. a CAPTCHA widget's
 * script and frame): only the page that shows the challenge allows them.
 */
export function allowChallengeSources(res: Response, sources: ChallengeSources): void {
  res.set('Content-Security-Policy', contentSecurityPolicy(cspNonce(res), res.locals['cspFormAction'] as string | undefined, sources));
}

/** The nonce of this response (set by `securityHeaders`). */
export function cspNonce(res: Response): string {
  return String(res.locals['cspNonce'] ?? '');
}

/**
 * CSP of the completion page. Browsers (Chromium verified) also apply `form-action` to the
 * redirects that follow a form POST, and Keycloak answers the evidence POST with a redirect to the
 * client's redirect_uri, an origin the bridge cannot know. So this one page carries no
 * `form-action`; its single form targets the return_uri that was verified against the issuer, and
 * no inline script can run to change it.
 */
export function completionPageCsp(nonce: string): string {
  return contentSecurityPolicy(nonce);
}

/**
 * Headers on every response, with a fresh CSP nonce per response. Forms may post only to the
 * bridge itself and to the Keycloak origins of the trusted issuers.
 */
export function securityHeaders(trustedIssuers: readonly string[]): RequestHandler {
  const keycloakOrigins = [...new Set(trustedIssuers.map((issuer) => new URL(issuer).origin))];
  const formAction = `'self' ${keycloakOrigins.join(' ')}`;
  return (_req, res, next) => {
    const nonce = randomBytes(18).toString('base64url');
    res.locals['cspNonce'] = nonce;
    res.locals['cspFormAction'] = formAction;
    res.set({
      'Content-Security-Policy': contentSecurityPolicy(nonce, formAction),
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    next();
  };
}
