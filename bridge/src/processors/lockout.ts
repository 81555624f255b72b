import type { CounterStore } from '../engine/services.js';

/** Set by `failed-attempts` when a user reaches the threshold; read by it and by `user-valid`. */
const lockoutKey = (subject: string): string => `lockout:${subject}`;

export async function isLockedOut(counters: CounterStore, subject: string): Promise<boolean> {
  return (await counters.read(lockoutKey(subject))) !== undefined;
}

/** Locks the user out for `seconds`; the marker holds the time the lockout ends. */
export async function lockOut(counters: CounterStore, subject: string, now: number, seconds: number): Promise<void> {
  await counters.put(lockoutKey(subject), new Date(now + seconds * 1000).toISOString(), seconds);
}
