import type { Request, Response } from 'express';

/** `__Host-` pins the cookie to this exact origin, but browsers only accept it with Secure (https). */
export function sessionCookieName(publicUrl: string): string {
  return publicUrl.startsWith('https:') ? '__Host-io_session' : 'io_session';
}

export function setSessionCookie(res: Response, publicUrl: string, sessionId: string, ttlSeconds: number): void {
  res.cookie(sessionCookieName(publicUrl), sessionId, {
    httpOnly: true,
    secure: publicUrl.startsWith('https:'),
    sameSite: 'lax',
    path: '/',
    maxAge: ttlSeconds * 1000,
  });
}

export function readSessionCookie(req: Request, publicUrl: string): string | undefined {
  return readCookie(req, sessionCookieName(publicUrl));
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
