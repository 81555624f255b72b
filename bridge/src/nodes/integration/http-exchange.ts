/**
 * One HTTP exchange of the http-request node: the request evaluated from its expressions, sent
 * with retries, and the response as expressions see it.
 */
import { evaluate, type Scopes } from '../../engine/expressions.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../../engine/services.js';
import { IoError } from '../../errors.js';

export const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof httpMethods)[number];

/** A request as a flow author writes it: `url`, header values and `body` are expressions. */
export interface RequestTemplate {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  /** Its value is sent as JSON. */
  body?: string;
}

/** What `response` is in the node's expressions. */
export interface ParsedResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the content type is JSON, else the text. */
  body: unknown;
}

export async function evaluateRequest(template: RequestTemplate, scopes: Scopes, timeoutMs: number): Promise<HttpRequest> {
  const headers: Record<string, string> = {};
  for (const [name, source] of Object.entries(template.headers ?? {})) {
    const value = await evaluate(source, scopes);
    if (value !== undefined && value !== null) headers[name] = String(value);
  }
  const url = String(await evaluate(template.url, scopes));
  const value = template.body === undefined ? undefined : await evaluate(template.body, scopes);
  if (value === undefined) return { method: template.method, url, headers, timeoutMs };
  const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  return {
    method: template.method,
    url,
    headers: hasContentType ? headers : { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(value),
    timeoutMs,
  };
}

export interface RetryPolicy {
  /** Attempts after the first one. */
  retries: number;
  /** Whether repeating the request is safe (idempotent method, or declared idempotent). */
  idempotent: boolean;
  sleep(ms: number): Promise<void>;
  now(): number;
}

const backoffBaseMs = 200;
const maxRetryAfterMs = 5000;
const transientErrors = new Set(['http_timeout', 'http_network_error']);

/** Sends `request`, repeating it on transient failures (network, timeout, 5xx, 429) while the policy allows. */
export async function sendWithRetries(http: HttpClient, request: HttpRequest, policy: RetryPolicy): Promise<HttpResponse> {
  for (let attempt = 0; ; attempt++) {
    const mayRetry = policy.idempotent && attempt < policy.retries;
    let response: HttpResponse;
    try {
      response = await http.request(request);
    } catch (error) {
      if (!mayRetry || !(error instanceof IoError && transientErrors.has(error.code))) throw error;
      await policy.sleep(backoffMs(attempt));
      continue;
    }
    if (!mayRetry || !(response.status >= 500 || response.status === 429)) return response;
    await policy.sleep(retryDelayMs(attempt, response.headers['retry-after'], policy.now()));
  }
}

function backoffMs(attempt: number): number {
  return backoffBaseMs * 2 ** attempt;
}

/** The server's Retry-After (seconds or an HTTP date), capped; exponential backoff without one. */
export function retryDelayMs(attempt: number, retryAfter: string | undefined, now: number): number {
  if (retryAfter === undefined) return backoffMs(attempt);
  const ms = /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - now;
  return Number.isNaN(ms) ? backoffMs(attempt) : Math.min(Math.max(ms, 0), maxRetryAfterMs);
}

/** The response for expressions; throws for a JSON content type whose body does not parse. */
export function parseResponse(response: HttpResponse): ParsedResponse {
  const isJson = /[/+]json\b/i.test(response.headers['content-type'] ?? '');
  const body = !isJson ? response.body : response.body === '' ? undefined : (JSON.parse(response.body) as unknown);
  return { status: response.status, headers: response.headers, body };
}
