import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of one request carries: its journey's correlation id once it is known. */
export interface LogContext {
  correlation_id?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` (a request, a sweep) with a context of its own; lines logged anywhere inside carry it. */
export function withLogContext<T>(fn: () => T): T {
  return storage.run({}, fn);
}

/** The journey the current request or task is about (Keycloak's correlation id, or the bridge's for a refused handoff). */
export function setCorrelationId(correlationId: string): void {
  const context = storage.getStore();
  if (context) context.correlation_id = correlationId;
}

export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}
