/**
 * Published flow versions (protocol 1.3) from Keycloak's runtime endpoint,
 * `GET {base}/admin/realms/{realm}/io/runtime/flows/{id}/versions/{n}`, with the realm's
 * service-account token (role `io-runtime` of `realm-management`). Base URL and realm come from the
 * verified issuer alone: a handoff of one realm can never make the bridge read another realm's flows.
 * This adapter only fetches and checks the answer's shape; the digest is checked by its caller.
 */
import { FlowVersionError } from '../errors.js';
import type { FlowVersionFetcher, FlowVersionRef, PublishedFlowVersion } from '../handoff/flow-versions.js';
import { ServiceAccountError, type ServiceAccount } from './keycloak-service-account.js';
import { isJsonObject } from '../json-object.js';

export interface KeycloakFlowVersionsOptions {
  account: ServiceAccount;
  /** Per request. */
  timeoutMs?: number;
}

/** A larger answer is refused before it is parsed. */
const maxResponseBytes = 2 * 1024 * 1024;

export function createKeycloakFlowVersions(options: KeycloakFlowVersionsOptions): FlowVersionFetcher {
  const { account } = options;
  return async (issuer, ref) => {
    const endpoint = account.endpoint(issuer);
    if (!endpoint) throw new FlowVersionError('flow_version_unavailable', `${issuer} is not a trusted issuer`);
    const url = `${endpoint.baseUrl}/admin/realms/${encodeURIComponent(endpoint.realm)}/io/runtime/flows/${encodeURIComponent(ref.id)}/versions/${ref.version}`;
    let text: string;
    try {
      const response = await fetch(url, {
        headers: { authorization: `Bearer ${await account.token(issuer)}`, accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      text = await response.text();
      if (!response.ok) throw new FlowVersionError('flow_version_unavailable', `${url}: Keycloak answered ${response.status}`);
    } catch (error) {
      if (error instanceof FlowVersionError) throw error;
      const reason = error instanceof ServiceAccountError ? `service-account token: ${error.message}` : (error as Error).message;
      throw new FlowVersionError('flow_version_unavailable', `${url}: ${reason}`, { cause: error });
    }
    if (Buffer.byteLength(text) > maxResponseBytes) throw new FlowVersionError('flow_version_invalid', `${url}: the answer exceeds ${maxResponseBytes} bytes`);
    return parseVersion(text, url, ref);
  };
}

function parseVersion(text: string, url: string, ref: FlowVersionRef): PublishedFlowVersion {
  const invalid = (problem: string) => new FlowVersionError('flow_version_invalid', `${url} (${ref.id} version ${ref.version}): ${problem}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalid('the answer is not JSON');
  }
  if (!isJsonObject(body)) throw invalid('the answer is not a JSON object');
  const { id, version, digest, definition, messages = {} } = body;
  if (typeof id !== 'string' || typeof version !== 'number' || typeof digest !== 'string' || typeof definition !== 'string') {
    throw invalid('the answer lacks id, version, digest or the definition text');
  }
  if (
    !isJsonObject(messages) ||
    !Object.values(messages).every((bundle) => isJsonObject(bundle) && Object.values(bundle).every((text) => typeof text === 'string'))
  ) {
    throw invalid('messages must be an object of locale -> key -> text');
  }
  return { id, version, digest, definition, messages: messages as PublishedFlowVersion['messages'] };
}
