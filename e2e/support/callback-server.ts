/** The relying party's redirect URI: records every callback so a test can prove no code arrived. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { E2E_HOST } from './host.js';

export interface CallbackServer {
  redirectUri: string;
  hits: URL[];
  close(): Promise<void>;
}

export async function startCallbackServer(port: number): Promise<CallbackServer> {
  const hits: URL[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    // Only the redirect URI counts: Chromium also asks for /favicon.ico on its own.
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    hits.push(url);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>callback</title><p>callback received</p>');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    redirectUri: `http://${E2E_HOST}:${actual}/callback`,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
