import { evaluate } from '../../engine/expressions.js';
import type { NodeType } from '../../engine/node-type.js';
import { expressionIssues, expressionScopes } from '../shared/expression-scopes.js';
import { duplicateIssues } from '../shared/config-issues.js';

export interface RedirectConfig {
  /** Expression giving the absolute URL (https; http only for a loopback host). */
  url: string;
  /** Query parameters of the way back that become outputs; any other is ignored. */
  returnParams?: string[];
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Sends the browser to another site (e.g. an identity proofing service) and waits until it comes
 * back. The returned values come from the browser, so the flow must treat them as untrusted.
 */
export const redirectNode: NodeType<RedirectConfig> = {
  type: 'redirect',
  kind: 'backend',
  description: 'Sends the browser to a URL and waits for it to come back with query parameters.',
  interactive: true,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['url'],
    properties: {
      url: { type: 'string', minLength: 1 },
      returnParams: { type: 'array', maxItems: 20, items: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' } },
    },
  },
  check: (config) => [...expressionIssues('url', config.url), ...duplicateIssues('returnParams', config.returnParams ?? [])],
  inputs: () => ({}),
  outputs: (config) => Object.fromEntries((config.returnParams ?? []).map((name) => [name, { type: 'string' as const }])),
  ports: () => ['returned'],

  async init(ctx) {
    const url = safeUrl(await evaluate(ctx.node.config.url, expressionScopes(ctx)));
    if (!url) return { kind: 'fail', error: 'redirect_url_invalid', message: 'the redirect URL must be absolute https (http only for loopback)' };
    return { kind: 'wait', screen: { partial: 'redirect', model: { title: 'redirect.title', url }, handlers: ['return'], redirectTo: url } };
  },

  handlers: {
    async return(ctx, submission) {
      const outputs = Object.fromEntries(
        (ctx.node.config.returnParams ?? []).flatMap((name) => {
          const value = submission.values[name];
          return value === undefined ? [] : [[name, value]];
        }),
      );
      return { kind: 'next', port: 'returned', outputs };
    },
  },
};

function safeUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (url.username || url.password) return undefined;
  const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname));
  return allowed ? url.href : undefined;
}
