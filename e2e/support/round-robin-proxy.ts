/**
 * A reverse proxy in front of several bridge processes, as a load balancer without session
 * affinity: each request goes to the next backend in turn. It appends the address it saw to
 * X-Forwarded-For (so the bridges' IO_TRUSTED_PROXIES is exercised) and records which backend
 * served what. The journey's own requests (`/io/handoff`, `/io/j/...`) take turns of their own, so
 * they alternate strictly whatever else passes in between (static files, the favicon, Keycloak's
 * readiness probes and key fetches).
 */
import { createServer, request as forward, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Forwarded {
  method: string;
  /** The path without its query. */
  path: string;
  /** Index of the backend that served it. */
  backend: number;
  status: number;
}

export interface RoundRobinProxy {
  url: string;
  /** Every request forwarded so far, in order. */
  served: Forwarded[];
  close(): Promise<void>;
}

export interface ProxyOptions {
  port: number;
  /** Where it listens (default 127.0.0.1). */
  host?: string;
  /** The address it connects to the backends from, e.g. 127.0.0.2: tells its connections from the browser's apart on one machine. */
  localAddress?: string;
}

export async function startRoundRobinProxy(backends: string[], { port, host = '127.0.0.1', localAddress }: ProxyOptions): Promise<RoundRobinProxy> {
  const served: Forwarded[] = [];
  const turns = { journey: 0, other: 0 };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const kind = path === '/io/handoff' || path.startsWith('/io/j/') ? 'journey' : 'other';
    const backend = turns[kind]++ % backends.length;
    const target = new URL(req.url ?? '/', backends[backend]);
    const peer = req.socket.remoteAddress ?? '';
    const prior = req.headers['x-forwarded-for'];
    const headers = { ...req.headers, 'x-forwarded-for': prior ? `${String(prior)}, ${peer}` : peer, 'x-forwarded-proto': 'http' };
    const upstream = forward(target, { method: req.method, headers, ...(localAddress ? { localAddress } : {}) }, (answer) => {
      served.push({ method: req.method ?? 'GET', path, backend, status: answer.statusCode ?? 0 });
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      served.push({ method: req.method ?? 'GET', path, backend, status: 502 });
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: backend ${backend} failed: ${error.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${actual}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
