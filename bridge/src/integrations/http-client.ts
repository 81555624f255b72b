/**
 * Outbound HTTP for integration nodes, on Node's fetch. The bridge-level allow-list is enforced
 * here, so no flow can reach a host the operator did not list, whatever its own config says.
 */
import { codedError, ConfigError } from '../errors.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../engine/services.js';
import { hostAllowed, isHostPattern } from '../nodes/integration/host-pattern.js';

export type HttpClientErrorCode = 'http_timeout' | 'http_network_error' | 'http_host_not_allowed' | 'http_invalid_url' | 'http_bad_response';

const statusOf: Record<HttpClientErrorCode, number> = {
  http_timeout: 504,
  http_network_error: 502,
  http_host_not_allowed: 500,
  http_invalid_url: 500,
  http_bad_response: 502,
};

export class HttpClientError extends codedError(statusOf) {}

export interface HttpClientOptions {
  /** Host patterns (see host-pattern.ts); an empty list refuses every request. */
  allowedHosts: readonly string[];
  fetchImpl?: typeof fetch;
  /** Larger response bodies fail with `http_bad_response`. */
  maxResponseBytes?: number;
}

const defaultMaxResponseBytes = 1024 * 1024;

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const invalid = options.allowedHosts.filter((entry) => !isHostPattern(entry));
  if (invalid.length > 0) throw new ConfigError('httpAllowedHosts', `not host patterns: ${invalid.join(', ')}`);
  const fetchImpl = options.fetchImpl ?? fetch;
  const maxBytes = options.maxResponseBytes ?? defaultMaxResponseBytes;

  return {
    async request(request: HttpRequest): Promise<HttpResponse> {
      const url = allowedUrl(request.url, options.allowedHosts);
      const signal = AbortSignal.timeout(request.timeoutMs);
      try {
        // Redirects come back as responses: following one could leave the allow-list.
        const response = await fetchImpl(url, { method: request.method, headers: request.headers, body: request.body, redirect: 'manual', signal });
        const body = await readCapped(response, maxBytes);
        return { status: response.status, headers: Object.fromEntries(response.headers), body };
      } catch (error) {
        if (error instanceof HttpClientError) throw error;
        if (signal.aborted) throw new HttpClientError('http_timeout', `${request.method} ${url.origin} took longer than ${request.timeoutMs} ms`);
        throw new HttpClientError('http_network_error', `${request.method} ${url.origin} failed: ${(error as Error).message}`, { cause: error });
      }
    },
  };
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

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = () => new HttpClientError('http_bad_response', `response body exceeds ${maxBytes} bytes`);
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge(); // leaving the loop cancels the stream
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
