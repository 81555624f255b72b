import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * The browser-binding cookie: one random secret per browser, shared by its tabs. Every journey's
 * session keeps the hash of the secret of the browser that opened it, so a journey's handle (in its
 * URLs) is honoured only in that browser. `__Host-` pins it to this exact origin (https only).
 */
export function browserCookieName(publicUrl: string): string {
  return isHttps(publicUrl) ? '__Host-io_browser' : 'io_browser';
}

const secretPattern = /^[A-Za-z0-9_-]{43}$/;

/** The browser's secret, or a new one for a browser without it yet (then `fresh`: set it once the handoff is accepted). */
export function browserSecretOf(req: Request, publicUrl: string): { secret: string; fresh: boolean } {
  const existing = readBrowserSecret(req, publicUrl);
  return existing ? { secret: existing, fresh: false } : { secret: randomBytes(32).toString('base64url'), fresh: true };
}

/**
 * Sets the browser's secret, on its first accepted handoff. Over https the cookie is
 * SameSite=None, so that Keycloak's cross-site POST of the handoff carries it and a second tab's
 * handoff joins the browser's secret instead of replacing it; without it the tabs would overwrite
 * each other's binding. The secret binds only: every request that changes a journey needs the
 * journey's handle and its CSRF token or return state as well. Plain http (development, IO_ALLOW_HTTP)
 * cannot use SameSite=None: it needs Keycloak and the bridge on one site (e.g. both on localhost).
 */
export function setBrowserCookie(res: Response, publicUrl: string, secret: string): void {
  res.cookie(browserCookieName(publicUrl), secret, {
    httpOnly: true,
    secure: isHttps(publicUrl),
    sameSite: isHttps(publicUrl) ? 'none' : 'lax',
    path: '/',
  });
}

export function readBrowserSecret(req: Request, publicUrl: string): string | undefined {
  const value = readCookie(req, browserCookieName(publicUrl));
  return value && secretPattern.test(value) ? value : undefined;
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) {
      try {
        return decodeURIComponent(part.slice(separator + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function isHttps(publicUrl: string): boolean {
  return publicUrl.startsWith('https:');
}
