import { randomBytes } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

/**
 * The Content-Security-Policy of a page. Scripts and styles load only from the bridge itself or
 * carry the response's nonce (`nonce="{{nonce}}"` in templates); never 'unsafe-inline'.
 */
export function contentSecurityPolicy(nonce: string, formAction?: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    ...(formAction ? [`form-action ${formAction}`] : []),
  ].join('; ');
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
