import { useAdminClient, useRealm } from '@keycloak/keycloak-admin-ui';
import { useCallback, useEffect, useMemo, useState } from 'react';

/** One problem of a 400 `invalid_input` answer (docs/admin-api.md, "Errors"). */
export interface Problem {
  field: string;
  node?: string;
  message: string;
}

/** A refusal of the IO admin API, with its JSON body. */
export class IoApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: string; message?: string; errors?: Problem[]; usedBy?: unknown; id?: string; reason?: string },
  ) {
    super(body.message ?? body.error ?? `HTTP ${status}`);
  }

  get problems(): Problem[] {
    return this.body.errors ?? [];
  }
}

export interface IoApi {
  get<T>(path: string, signal?: AbortSignal): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<T>;
}

/**
 * The IO admin REST API of `realm`, called with the console's own access token (the admin
 * client's, refreshed by keycloak-js): nothing is kept in the browser. Refusals are IoApiError.
 */
export function ioClient(adminClient: { baseUrl: string; getAccessToken(): Promise<string | undefined> }, realm: string): IoApi {
  const base = `${adminClient.baseUrl.replace(/\/$/, '')}/admin/realms/${encodeURIComponent(realm)}/io`;
  const call = async <T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> => {
    const token = await adminClient.getAccessToken();
    const response = await fetch(`${base}${path}`, {
      method,
      signal,
      headers: {
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = { message: text };
    }
    if (!response.ok) throw new IoApiError(response.status, (json ?? {}) as IoApiError['body']);
    return json as T;
  };
  return { get: (path, signal) => call('GET', path, undefined, signal), send: (method, path, body, signal) => call(method, path, body, signal) };
}

/** `ioClient` for the console's current realm. */
export function useIoApi(): IoApi {
  const { adminClient } = useAdminClient();
  const { realm } = useRealm();
  return useMemo(() => ioClient(adminClient, realm), [adminClient, realm]);
}

export interface Loaded<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload: () => void;
}

/** Loads once per change of `deps` and on `reload()`; the latest answer wins. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what `load` depends on (`deps`), as useEffect's callers do.
  const run = useCallback(load, deps);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is the trigger of reload(): a new value loads again.
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    run().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [run, generation]);
  return { ...state, reload: () => setGeneration((n) => n + 1) };
}

/** Offers `content` as a file download (export). */
export function download(fileName: string, content: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(content, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

// The answers' shapes (docs/admin-api.md).
export interface FlowSummary {
  id: string;
  name: string;
  category: string;
  status: 'draft' | 'inactive' | 'active';
  activeVersion?: number;
  rollout?: { version: number; percentage: number };
  latestVersion?: number;
  draftChanged?: boolean;
  usedBy?: { clients?: Array<{ id: string; clientId: string; enabled: boolean }>; executions?: string[]; obligations?: string[]; flows?: string[] };
  createdBy?: string;
  createdAt?: number;
  updatedBy?: string;
  updatedAt?: number;
}

export interface FlowDetail extends FlowSummary {
  draft: Record<string, unknown>;
  problems?: Problem[];
}

export interface VersionSummary {
  version: number;
  digest: string;
  author?: string;
  createdAt: number;
  comment?: string;
  active?: boolean;
  rolloutPercentage?: number;
}

export interface Template {
  id: string;
  name: string;
  category: string;
  description?: string;
}

export interface IoClient {
  id: string;
  clientId: string;
  name?: string;
  enabled: boolean;
  flow?: string;
}

/** A partner sign-up waiting for a hub operator's decision (GET /io/signups). */
export interface Signup {
  userId: string;
  username: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  createdTimestamp?: number;
  requiredActions: string[];
  journey?: string;
  organizations: Array<{ id: string; name: string; domains: string[]; enabled: boolean }>;
  /** Whether the caller may approve or reject it (manage-realm and the right to manage that user). */
  access: { decide: boolean };
}
