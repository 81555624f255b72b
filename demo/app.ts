/**
 * A tiny demo application for the quick start: "Sign in" starts a login at Keycloak, the IO
 * journey runs, and the callback shows the ID token's claims (including the ones the journey set).
 */
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { createRelyingParty, type PendingLogin } from './relying-party.js';

const port = Number(process.env.DEMO_PORT ?? 3001);
const issuer = process.env.DEMO_ISSUER ?? 'http://localhost:8080/realms/demo';
const redirectUri = `http://localhost:${port}/callback`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>IO demo app</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#1f2933}
a.button{display:inline-block;background:#3b5bdb;color:#fff;padding:.7rem 1.2rem;border-radius:.4rem;text-decoration:none}
pre{background:#f4f5f7;padding:1rem;border-radius:.4rem;overflow:auto}</style></head><body>${body}</body></html>`;

const rp = await createRelyingParty({ issuer, clientId: 'demo-app', redirectUri });
// Pending logins by a random browser cookie; a demo keeps them in memory.
const pending = new Map<string, PendingLogin>();

createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', `http://localhost:${port}`);
  const send = (status: number, html: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(html);
  };
  try {
    if (url.pathname === '/login') {
      const login = await rp.beginLogin();
      const id = randomBytes(16).toString('base64url');
      pending.set(id, login);
      return send(302, '', { location: login.url.href, 'set-cookie': `demo_login=${id}; HttpOnly; SameSite=Lax; Path=/` });
    }
    if (url.pathname === '/callback') {
      const id = /(?:^|;\s*)demo_login=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      const login = id ? pending.get(id) : undefined;
      if (!id || !login) return send(400, page('<p>No login in progress. <a href="/">Start again</a>.</p>'));
      pending.delete(id);
      const tokens = await rp.completeLogin(url, login);
      const claims = JSON.stringify(tokens.claims(), null, 2);
      return send(
        200,
        page(
          `<h1>Signed in</h1><p>The ID token's claims (note <code>company</code>, set by the IO journey):</p><pre>${escapeHtml(claims)}</pre><p><a href="/">Back</a></p>`,
        ),
      );
    }
    return send(
      200,
      page(
        '<h1>IO demo application</h1><p>Sign in as <b>alice</b> / <b>alice-password</b>; the IO journey asks for your company on the way.</p><p><a class="button" href="/login">Sign in</a></p>',
      ),
    );
  } catch (error) {
    return send(500, page(`<p>Login failed: ${escapeHtml(error instanceof Error ? error.message : String(error))}. <a href="/">Start again</a>.</p>`));
  }
}).listen(port, process.env.DEMO_HOST ?? '127.0.0.1', () => console.log(`demo app on http://localhost:${port}`));
