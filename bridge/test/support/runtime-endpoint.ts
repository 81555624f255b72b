import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FlowVersionRef, PublishedFlowVersion } from '../../src/handoff/flow-versions.js';

/** A request the stand-in Keycloak saw. */
export interface SeenRequest {
  method: string;
  path: string;
  token?: string;
}

/** Object keys sorted at every level, no whitespace: the provider's canonical definition text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Keycloak's side of protocol 1.3 for tests, realm by realm: the client-credentials token endpoint
 * (it issues `token:<realm>` to client `io-bridge`) and the runtime endpoint
 * `GET /admin/realms/{realm}/io/runtime/flows/{id}/versions/{n}`, which needs that realm's token
 * (403 otherwise, as without the io-runtime role). Plug `routes` into a LocalIssuer, or a server.
 */
export class RuntimeEndpoint {
  readonly seen: SeenRequest[] = [];
  private readonly versions = new Map<string, PublishedFlowVersion>();
  /** While set, every runtime request is answered 503. */
  down = false;

  /** Publishes a definition (`version` set to the string of `version`) with its messages; returns the handoff's ref. */
  publish(realm: string, definition: Record<string, unknown>, version: number, messages: PublishedFlowVersion['messages'] = {}): FlowVersionRef {
    const id = definition['id'] as string;
    const text = canonicalJson({ ...definition, version: String(version) });
    const digest = `sha-256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
    this.versions.set(`${realm}|${id}|${version}`, { id, version, digest, definition: text, messages });
    return { id, version, digest };
  }

  /** Changes what is served for a published version from now on (a tampered or rolled-back store). */
  tamper(realm: string, ref: FlowVersionRef, change: (served: PublishedFlowVersion) => PublishedFlowVersion): void {
    const key = `${realm}|${ref.id}|${ref.version}`;
    this.versions.set(key, change(this.versions.get(key)!));
  }

  /** The runtime requests seen, as paths. */
  runtimeRequests(): string[] {
    return this.seen.filter((request) => request.path.includes('/io/runtime/')).map((request) => request.path);
  }

  readonly routes = (request: IncomingMessage, response: ServerResponse): boolean => {
    const path = request.url!.split('?')[0]!;
    const token = request.headers.authorization?.replace(/^Bearer /, '');
    this.seen.push({ method: request.method!, path, ...(token ? { token } : {}) });
    const json = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const tokenRequest = /^\/realms\/([^/]+)\/protocol\/openid-connect\/token$/.exec(path);
    if (tokenRequest && request.method === 'POST') {
      json(200, { access_token: `token:${tokenRequest[1]}`, expires_in: 300, token_type: 'Bearer' });
      return true;
    }
    const runtime = /^\/admin\/realms\/([^/]+)\/io\/runtime\/flows\/([^/]+)\/versions\/([^/]+)$/.exec(path);
    if (!runtime) return false;
    const [, realm, id, version] = runtime;
    if (this.down) json(503, { error: 'unavailable' });
    else if (token !== `token:${realm}`) json(403, { error: 'forbidden' });
    else {
      const served = this.versions.get(`${realm}|${id}|${version}`);
      if (served) json(200, served);
      else json(404, { error: 'not found' });
    }
    return true;
  };
}
