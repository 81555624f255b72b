import type { RequestHandler } from 'express';

const baseDirectives = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
];

/**
 * CSP of the completion page. Browsers (Chromium verified) also apply `form-action` to the
 * redirects that follow a form POST, and Keycloak answers the evidence POST with a redirect to the
 * client's redirect_uri, an origin the bridge cannot know. So this one page carries no
 * `form-action`; its single form targets the return_uri that was verified against the issuer, and
 * no inline script can run to change it.
 */
export const completionPageCsp = baseDirectives.join('; ');

/**
 * Headers on every response. The CSP allows no inline script and lets forms post only to the
 * bridge itself and to the Keycloak origins of the trusted issuers.
 */
export function securityHeaders(trustedIssuers: readonly string[]): RequestHandler {
  const keycloakOrigins = [...new Set(trustedIssuers.map((issuer) => new URL(issuer).origin))];
  const csp = [...baseDirectives, `form-action 'self' ${keycloakOrigins.join(' ')}`].join('; ');
  return (_req, res, next) => {
    res.set({
      'Content-Security-Policy': csp,
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    next();
  };
}
