/** Undo/redo over immutable states, bounded: the oldest states are forgotten past `limit`. */
export interface History<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
  readonly limit: number;
}

export const historyOf = <T>(present: T, limit = 100): History<T> => ({ past: [], present, future: [], limit });

/** A new present; what could be redone is dropped. Recording the same state is no step. */
export function record<T>(history: History<T>, next: T): History<T> {
  if (next === history.present) return history;
  return { ...history, past: [...history.past, history.present].slice(-history.limit), present: next, future: [] };
}

export const canUndo = (history: History<unknown>) => history.past.length > 0;
export const canRedo = (history: History<unknown>) => history.future.length > 0;

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return history;
  return { ...history, past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

export function redo<T>(history: History<T>): History<T> {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return { ...history, past: [...history.past, history.present].slice(-history.limit), present: next, future: rest };
}
