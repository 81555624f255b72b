/**
 * What a flow test gives the engine instead of the outside world: Keycloak's users and
 * organizations in memory, HTTP answers from the test file, mail captured, counters in memory. A call the test did
 * not provide for fails the step (as an outage would) and is reported.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { FlowSource, HttpClient, HttpRequest, MailMessage, Services } from '../../../bridge/src/engine/services.js';
import { HttpClientError } from '../../../bridge/src/connectors/http-client.js';
import { MemoryDirectory } from '../../../bridge/src/connectors/memory-directory.js';
import { MemoryCounterStore } from '../../../bridge/src/store/memory-counter-store.js';
import type { FlowTestCase, HttpStub } from './case-format.js';

export interface StubbedWorld {
  services: Services;
  mails: MailMessage[];
  /** Requests no stub answered, and stubs no request used: both fail the case. */
  unexpectedRequests: string[];
  unusedStubs(): string[];
  close(): Promise<void>;
}

export function stubbedWorld(testCase: FlowTestCase, issuer: string, flows: FlowSource): StubbedWorld {
  const mails: MailMessage[] = [];
  const unexpectedRequests: string[] = [];
  const pending: Array<HttpStub | undefined> = [...(testCase.http ?? [])];
  const counters = new MemoryCounterStore();
  const directory = directoryOf(testCase, issuer);

  const http: HttpClient = {
    async request(request) {
      const index = pending.findIndex((stub) => stub !== undefined && matches(stub, request));
      const stub = index >= 0 ? pending[index] : undefined;
      if (!stub) {
        unexpectedRequests.push(`${request.method} ${request.url}`);
        throw new HttpClientError('http_network_error', `the test has no answer for ${request.method} ${request.url}`);
      }
      pending[index] = undefined;
      if (stub.error === 'timeout') throw new HttpClientError('http_timeout', `${request.method} ${request.url} timed out (stubbed)`);
      if (stub.error === 'network') throw new HttpClientError('http_network_error', `${request.method} ${request.url} failed (stubbed)`);
      const { status = 200, headers = {}, body } = stub.response ?? {};
      const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      const contentType: Record<string, string> = typeof body === 'object' && body !== null ? { 'content-type': 'application/json' } : {};
      return { status, headers: { ...contentType, ...lowerCased(headers) }, body: text };
    },
  };

  return {
    services: {
      clock: { now: () => Date.now() },
      random: { bytes: (length) => new Uint8Array(randomBytes(length)), uuid: () => randomUUID() },
      http,
      users: directory,
      organizations: directory,
      mail: {
        send: async (message) => {
          mails.push(message);
          return { messageId: `test-${mails.length}` };
        },
      },
      counters,
      audit: { record: () => undefined },
      flows,
    },
    mails,
    unexpectedRequests,
    unusedStubs: () => pending.filter((stub) => stub !== undefined).map((stub) => `${stub.request.method ?? 'GET'} ${stub.request.url}`),
    close: () => counters.close(),
  };
}

function matches(stub: HttpStub, request: HttpRequest): boolean {
  return (stub.request.method ?? 'GET').toUpperCase() === request.method.toUpperCase() && stub.request.url === request.url;
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function directoryOf(testCase: FlowTestCase, issuer: string): MemoryDirectory {
  const directory = new MemoryDirectory(issuer);
  for (const { groups = [], roles = [], attributes = {}, enabled = true, ...user } of testCase.directory?.users ?? []) {
    directory.add({ ...user, enabled, attributes }, groups, roles);
  }
  for (const { members = [], attributes = {}, enabled = true, domains, invitations = [], ...organization } of testCase.directory?.organizations ?? []) {
    directory.addOrganization({ ...organization, domains: domains.map((domain) => domain.toLowerCase()), enabled, attributes }, members);
    for (const { status = 'PENDING', expiresAt = 0, ...invitation } of invitations)
      directory.addInvitation({ ...invitation, organizationId: organization.id, status, expiresAt });
  }
  for (const { method, arg } of testCase.directory?.fail ?? []) {
    directory.failOn(method as Parameters<MemoryDirectory['failOn']>[0], undefined, arg);
  }
  return directory;
}
