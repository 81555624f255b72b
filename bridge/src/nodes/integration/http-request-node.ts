import { setTimeout as delay } from 'node:timers/promises';
import { evaluate, type Scopes } from '../../engine/expressions.js';
import type { VariableDeclaration } from '../../engine/flow.js';
import type { ConfigIssue, NodeType } from '../../engine/node-type.js';
import type { HttpRequest } from '../../engine/services.js';
import { expressionIssues, expressionScopes } from '../shared/expression-scopes.js';
import { failure, failureCode, IntegrationError } from './failures.js';
import { hostAllowed, isHostPattern } from './host-pattern.js';
import { evaluateRequest, httpMethods, parseResponse, sendWithRetries, type ParsedResponse, type RequestTemplate, type RetryPolicy } from './http-exchange.js';

export interface HttpRequestConfig extends RequestTemplate {
  timeoutMs?: number;
  retries?: number;
  /** POST and PATCH are only retried when the target API makes them idempotent. */
  idempotent?: boolean;
  /** Narrows the bridge's allow-list for this node (the bridge's list always applies). */
  allowedHosts?: string[];
  /** Output name -> expression over the scopes plus `response` ({status, headers, body}). */
  responseMapping?: Record<string, string>;
  /** Statuses that take the `success` port; 200-299 otherwise. */
  successStatuses?: number[];
  /** Undoes the call when the flow fails later; its expressions also see `response`. */
  compensate?: RequestTemplate;
}

const defaults = { timeoutMs: 5000, retries: 0 };
const reservedOutputs = ['status', 'error'];
const safeMethods = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

const requestSchema = {
  type: 'object',
  required: ['method', 'url'],
  properties: {
    method: { enum: httpMethods },
    url: { type: 'string', minLength: 1 },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    body: { type: 'string' },
  },
};

export interface HttpRequestNodeOptions {
  /** How retries wait (tests replace it to run without delays). */
  sleep?: (ms: number) => Promise<void>;
}

/** Calls an HTTP API on an allow-listed host and maps the response to outputs. */
export function createHttpRequestNode(options: HttpRequestNodeOptions = {}): NodeType<HttpRequestConfig> {
  const sleep = options.sleep ?? ((ms: number) => delay(ms));

  const policyFor = (config: HttpRequestConfig, method: string, now: () => number): RetryPolicy => ({
    retries: config.retries ?? defaults.retries,
    idempotent: safeMethods.has(method) || config.idempotent === true,
    sleep,
    now,
  });

  return {
    type: 'http-request',
    kind: 'integration',
    description: 'Calls an HTTP API on an allow-listed host, with timeout and retries, and maps the response to outputs.',
    interactive: false,
    configSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['method', 'url'],
      properties: {
        ...requestSchema.properties,
        timeoutMs: { type: 'integer', minimum: 1, maximum: 30000, default: defaults.timeoutMs },
        retries: { type: 'integer', minimum: 0, maximum: 5, default: defaults.retries },
        idempotent: { type: 'boolean' },
        allowedHosts: { type: 'array', items: { type: 'string' }, minItems: 1 },
        responseMapping: { type: 'object', propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, additionalProperties: { type: 'string' } },
        successStatuses: { type: 'array', items: { type: 'integer', minimum: 100, maximum: 599 }, minItems: 1 },
        compensate: { ...requestSchema, additionalProperties: false },
      },
    },
    check: (config) => [
      ...templateIssues('', config),
      ...(config.compensate ? templateIssues('compensate.', config.compensate) : []),
      ...Object.entries(config.responseMapping ?? {}).flatMap(([name, source]) => [
        ...expressionIssues(`responseMapping.${name}`, source),
        ...(reservedOutputs.includes(name) ? [{ field: `responseMapping.${name}`, message: `"${name}" is an output the node sets itself` }] : []),
      ]),
      ...(config.allowedHosts ?? [])
        .filter((entry) => !isHostPattern(entry))
        .map((entry) => ({ field: 'allowedHosts', message: `${JSON.stringify(entry)} is not a host pattern` })),
    ],
    inputs: () => ({}),
    outputs: (config) => ({
      ...Object.fromEntries(Object.keys(config.responseMapping ?? {}).map((name): [string, VariableDeclaration] => [name, { type: 'any' }])),
      status: { type: 'number', description: 'HTTP status of the response (absent when there was none)' },
      error: {
        type: 'string',
        description:
          'On failure: http_timeout, http_network_error, http_status, http_host_not_allowed, http_address_not_allowed, http_invalid_url or http_bad_response',
      },
    }),
    ports: () => ['success', 'failure'],

    async init(ctx) {
      const config = ctx.node.config;
      const timeoutMs = config.timeoutMs ?? defaults.timeoutMs;
      const scopes = expressionScopes(ctx);
      const request = await evaluateRequest(config, scopes, timeoutMs);
      if (refusedByNode(request.url, config.allowedHosts)) return failure('http_host_not_allowed');

      let response: ParsedResponse;
      try {
        const raw = await sendWithRetries(
          ctx.services.http,
          request,
          policyFor(config, request.method, () => ctx.services.clock.now()),
        );
        if (!(config.successStatuses?.includes(raw.status) ?? isSuccess(raw.status))) return failure('http_status', { status: raw.status });
        response = parseResponse(raw);
      } catch (error) {
        return failure(error instanceof SyntaxError ? 'http_bad_response' : failureCode(error, 'http_network_error'));
      }

      const withResponse: Scopes & { response: ParsedResponse } = { ...scopes, response };
      const outputs: Record<string, unknown> = { status: response.status };
      for (const [name, source] of Object.entries(config.responseMapping ?? {})) outputs[name] = await evaluate(source, withResponse);
      const compensation = config.compensate ? await evaluateRequest(config.compensate, withResponse, timeoutMs) : undefined;
      return { kind: 'next', port: 'success', outputs, ...(compensation ? { compensation } : {}) };
    },

    async compensate(ctx, data) {
      const config = ctx.node.config as unknown as HttpRequestConfig;
      const request = data as HttpRequest;
      if (refusedByNode(request.url, config.allowedHosts))
        throw new IntegrationError('http_host_not_allowed', `compensation host of ${request.url} is not in the node's allow-list`);
      const response = await sendWithRetries(
        ctx.services.http,
        request,
        policyFor(config, request.method, () => ctx.services.clock.now()),
      );
      if (!isSuccess(response.status)) throw new IntegrationError('http_status', `compensation ${request.method} answered ${response.status}`);
    },
  };
}

export const httpRequestNode = createHttpRequestNode();

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** The node's own allow-list (the HTTP client enforces the bridge's); an unparsable URL is left to the client. */
function refusedByNode(url: string, allowedHosts: readonly string[] | undefined): boolean {
  if (!allowedHosts || !URL.canParse(url)) return false;
  return !hostAllowed(new URL(url), allowedHosts);
}

function templateIssues(prefix: string, template: RequestTemplate): ConfigIssue[] {
  return [
    ...expressionIssues(`${prefix}url`, template.url),
    ...expressionIssues(`${prefix}body`, template.body),
    ...Object.entries(template.headers ?? {}).flatMap(([name, source]) => expressionIssues(`${prefix}headers.${name}`, source)),
  ];
}
