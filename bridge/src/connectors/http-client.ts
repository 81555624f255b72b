/**
 * Outbound HTTP for integration nodes, on node:http(s). Enforced here, whatever a flow says:
 * - the bridge's host allow-list (`httpAllowedHosts`);
 * - the resolved addresses: every address the host resolves to must pass the address policy
 *   (address-policy.ts: no loopback, private, link-local, metadata... unless the operator allows
 *   a range with `httpAllowedNetworks`);
 * - the connection goes to exactly the address that was checked (the socket's `lookup` answers
 *   with it, no second resolution), so DNS rebinding between check and connect is impossible;
 *   TLS SNI and the Host header stay the URL's host name;
 * - redirects are never followed: a 3xx comes back as the response.
 */
import { lookup } from 'node:dns/promises';
import http, { type IncomingMessage, type RequestOptions } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { codedError, ConfigError } from '../errors.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../engine/services.js';
import { hostAllowed, isHostPattern } from '../nodes/integration/host-pattern.js';
import { createAddressPolicy } from './address-policy.js';

export type HttpClientErrorCode =
  | 'http_timeout'
  | 'http_network_error'
  | 'http_host_not_allowed'
  | 'http_address_not_allowed'
  | 'http_invalid_url'
  | 'http_bad_response';

export class HttpClientError extends codedError<HttpClientErrorCode>() {}

/** A host name's addresses (the system resolver by default; tests inject their own). */
export type Resolver = (hostname: string) => Promise<string[]>;

export interface HttpClientOptions {
  /** Host patterns (see host-pattern.ts); an empty list refuses every request. */
  allowedHosts: readonly string[];
  /** CIDR ranges allowed although the address policy refuses them (e.g. `10.20.0.0/16`). */
  allowedNetworks?: readonly string[];
  resolve?: Resolver;
  /** Larger response bodies fail with `http_bad_response`. */
  maxResponseBytes?: number;
}

const defaultMaxResponseBytes = 1024 * 1024;
const systemResolver: Resolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const invalid = options.allowedHosts.filter((entry) => !isHostPattern(entry));
  if (invalid.length > 0) throw new ConfigError('httpAllowedHosts', `not host patterns: ${invalid.join(', ')}`);
  const policy = createAddressPolicy(options.allowedNetworks ?? []);
  const resolve = options.resolve ?? systemResolver;
  const maxBytes = options.maxResponseBytes ?? defaultMaxResponseBytes;

  /** The one address to connect to, after every address of the host passed the policy. */
  const checkedAddress = async (url: URL): Promise<string> => {
    const hostname = bareHostname(url);
    let addresses: string[];
    try {
      addresses = isIP(hostname) ? [hostname] : await resolve(hostname);
    } catch (error) {
      throw new HttpClientError('http_network_error', `cannot resolve ${hostname}: ${(error as Error).message}`, { cause: error });
    }
    const refused = addresses.filter((address) => !policy.allows(address));
    if (addresses.length === 0 || refused.length > 0) {
      throw new HttpClientError(
        'http_address_not_allowed',
        `${hostname} resolves to ${refused.join(', ') || 'nothing'}, which the bridge's address policy refuses`,
      );
    }
    return addresses[0]!;
  };

  return {
    async request(request: HttpRequest): Promise<HttpResponse> {
      const url = allowedUrl(request.url, options.allowedHosts);
      const signal = AbortSignal.timeout(request.timeoutMs);
      try {
        const address = await checkedAddress(url);
        const response = await send(url, address, request, signal);
        const body = await readCapped(response, maxBytes);
        return { status: response.statusCode ?? 0, headers: flatHeaders(response), body };
      } catch (error) {
        if (error instanceof HttpClientError) throw error;
        if (signal.aborted) throw new HttpClientError('http_timeout', `${request.method} ${url.origin} took longer than ${request.timeoutMs} ms`);
        throw new HttpClientError('http_network_error', `${request.method} ${url.origin} failed: ${(error as Error).message}`, { cause: error });
      }
    },
  };
}

/** Sends the request to `address`, with the URL's host name for TLS (SNI, certificate) and the Host header. */
function send(url: URL, address: string, request: HttpRequest, signal: AbortSignal): Promise<IncomingMessage> {
  const family = isIP(address);
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) (callback as unknown as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const options: RequestOptions = {
    method: request.method,
    hostname: bareHostname(url),
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    headers: request.headers,
    lookup: pinned,
    // A fresh connection per request: a pooled socket would skip the check above.
    agent: false,
    signal,
  };
  return new Promise((resolve, reject) => {
    // Looked up at call time (not bound at import), so test doubles of node:http (nock) apply.
    const outgoing = (url.protocol === 'https:' ? https : http).request(options, resolve);
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function allowedUrl(raw: string, allowedHosts: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HttpClientError('http_invalid_url', `not a URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new HttpClientError('http_invalid_url', `scheme ${url.protocol} is not http(s)`);
  if (!hostAllowed(url, allowedHosts)) throw new HttpClientError('http_host_not_allowed', `host ${url.host} is not in the bridge's allow-list`);
  return url;
}

function flatHeaders(response: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(response.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]])),
  );
}

async function readCapped(response: IncomingMessage, maxBytes: number): Promise<string> {
  const tooLarge = () => new HttpClientError('http_bad_response', `response body exceeds ${maxBytes} bytes`);
  if (Number(response.headers['content-length'] ?? 0) > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge(); // leaving the loop destroys the stream
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
