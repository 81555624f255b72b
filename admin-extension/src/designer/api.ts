/**
 * The IO admin REST API calls the designer makes, with the console's own admin client (its base
 * URL, realm and token): nothing is stored in the browser.
 */
import type KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import type { FlowDefinition, ValidationAnswer } from './model/index.js';

/** A refusal of the API: the HTTP status and its JSON body (`{error, message?, errors?}`). */
export class IoApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: string; message?: string; errors?: Array<{ field: string; node?: string; message: string }> },
  ) {
    super(body.message ?? body.errors?.map((problem) => `${problem.field}: ${problem.message}`).join('; ') ?? body.error ?? `HTTP ${status}`);
  }
}

export interface FlowDetail {
  id: string;
  name: string;
  status: 'draft' | 'inactive' | 'active';
  activeVersion?: number | null;
  latestVersion?: number | null;
  draft: FlowDefinition;
}

export interface IoApi {
  flow(flowId: string): Promise<FlowDetail>;
  version(flowId: string, version: number): Promise<{ version: number; definition: FlowDefinition }>;
  saveDraft(flowId: string, draft: FlowDefinition): Promise<FlowDetail>;
  validate(flowId: string, candidate: FlowDefinition, signal?: AbortSignal): Promise<ValidationAnswer>;
  publish(flowId: string, comment: string): Promise<{ version: number; warnings: unknown[] }>;
}

export function ioApi(adminClient: Pick<KeycloakAdminClient, 'baseUrl' | 'getAccessToken'>, realm: string): IoApi {
  const base = `${adminClient.baseUrl.replace(/\/$/, '')}/admin/realms/${encodeURIComponent(realm)}/io/flows`;
  const call = async <T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> => {
    const token = await adminClient.getAccessToken();
    const response = await fetch(`${base}/${path}`, {
      method,
      signal,
      headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : {};
    if (!response.ok) throw new IoApiError(response.status, json as IoApiError['body']);
    return json as T;
  };
  const id = encodeURIComponent;
  return {
    flow: (flowId) => call('GET', id(flowId)),
    version: (flowId, version) => call('GET', `${id(flowId)}/versions/${version}`),
    saveDraft: (flowId, draft) => call('PUT', id(flowId), draft),
    validate: (flowId, candidate, signal) => call('POST', `${id(flowId)}/validate`, candidate, signal),
    publish: (flowId, comment) => call('POST', `${id(flowId)}/versions`, { comment }),
  };
}
