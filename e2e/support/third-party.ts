/**
 * A third-party system that flows call (a CRM): a real HTTP server on loopback that records every
 * request and answers as the test tells it. nock stays for the bridge's unit tests; here the
 * bridge's real HTTP client talks to a real socket.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  body: string;
  /** Whatever the test's observer returned when the request arrived (e.g. the user in Keycloak then). */
  observed?: unknown;
}

export interface ThirdParty {
  url: string;
  requests: RecordedRequest[];
  /** The status the next requests get, and an observer run before answering. */
  respondWith(status: number, observe?: () => Promise<unknown>): void;
  close(): Promise<void>;
}

export async function startThirdParty(port: number): Promise<ThirdParty> {
  const requests: RecordedRequest[] = [];
  let status = 200;
  let observe: (() => Promise<unknown>) | undefined;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', body };
      requests.push(recorded);
      if (observe) recorded.observed = await observe().catch((error: Error) => ({ error: error.message }));
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status < 400 ? { id: `crm-${requests.length}` } : { error: 'unavailable' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    requests,
    respondWith(nextStatus, nextObserve) {
      status = nextStatus;
      observe = nextObserve;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
