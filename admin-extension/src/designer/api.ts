/**
 * The IO admin REST API calls the designer makes, with the console's own admin client (its base
 * URL, realm and token): nothing is stored in the browser.
 */
import { ioClient } from '../api.js';
import type { FlowDefinition, ValidationAnswer } from './model/index.js';

export { IoApiError } from '../api.js';

export interface FlowDetail {
  id: string;
  name: string;
  status: 'draft' | 'inactive' | 'active';
  activeVersion?: number | null;
  latestVersion?: number | null;
  draft: FlowDefinition;
}

export interface DesignerApi {
  flow(flowId: string): Promise<FlowDetail>;
  version(flowId: string, version: number): Promise<{ version: number; definition: FlowDefinition }>;
  saveDraft(flowId: string, draft: FlowDefinition): Promise<FlowDetail>;
  validate(flowId: string, candidate: FlowDefinition, signal?: AbortSignal): Promise<ValidationAnswer>;
  /** Publishes the stored draft as the next version; `activate`: new logins run it. */
  publish(flowId: string, comment: string, activate?: boolean): Promise<{ version: number; warnings: unknown[] }>;
}

/** The calls the designer makes, on the console's one IO API client. */
export function ioApi(...client: Parameters<typeof ioClient>): DesignerApi {
  const api = ioClient(...client);
  const flow = (flowId: string) => `/flows/${encodeURIComponent(flowId)}`;
  return {
    flow: (flowId) => api.get(flow(flowId)),
    version: (flowId, version) => api.get(`${flow(flowId)}/versions/${version}`),
    saveDraft: (flowId, draft) => api.send('PUT', flow(flowId), draft),
    validate: (flowId, candidate, signal) => api.send('POST', `${flow(flowId)}/validate`, candidate, signal),
    publish: (flowId, comment, activate = false) => api.send('POST', `${flow(flowId)}/versions`, { comment, activate }),
  };
}
