/** The realm's flows as the admin API gives them: the draft, or the active published version. */
import type { Messages } from './flow-files.js';
import type { IoApi } from './io-api.js';

export interface RealmFlowSummary {
  id: string;
  activeVersion?: number;
}

export interface RealmFlow {
  definition: Record<string, unknown>;
  messages: Messages;
  /** The published version read; absent for the draft. */
  version?: number;
}

export const listFlows = (api: IoApi) => api.request<RealmFlowSummary[]>('GET', '/flows');

export const flowPath = (id: string) => `/flows/${encodeURIComponent(id)}`;

export async function readDraft(api: IoApi, id: string): Promise<RealmFlow | undefined> {
  const flow = await api.request<{ draft: Record<string, unknown> } | undefined>('GET', flowPath(id), undefined, { missingIsUndefined: true });
  if (!flow) return undefined;
  return { definition: flow.draft, messages: await api.request<Messages>('GET', `${flowPath(id)}/messages`) };
}

export async function readVersion(api: IoApi, id: string, version: number): Promise<RealmFlow> {
  const { definition } = await api.request<{ definition: Record<string, unknown> }>('GET', `${flowPath(id)}/versions/${version}`);
  return { definition, messages: await api.request<Messages>('GET', `${flowPath(id)}/messages?version=${version}`), version };
}

/** The draft, or (`published`) the active version; undefined when the realm has no such flow or version. */
export async function readRealmFlow(api: IoApi, flow: RealmFlowSummary, published: boolean): Promise<RealmFlow | undefined> {
  if (!published) return readDraft(api, flow.id);
  return flow.activeVersion === undefined ? undefined : readVersion(api, flow.id, flow.activeVersion);
}
