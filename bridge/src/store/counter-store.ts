/** The CounterStore port is defined by the engine; the implementations here are its adapters. */
export type { CounterStore } from '../engine/services.js';

/** Redis expiries are whole seconds of at least one; every counter store rounds the same way. */
export function wholeSeconds(ttlSeconds: number): number {
  return Math.max(1, Math.ceil(ttlSeconds));
}
