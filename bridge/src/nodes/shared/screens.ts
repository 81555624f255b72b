import type { NodeResult } from '../../engine/node-type.js';

/** A message for the user: a theme message key (or literal text) and its placeholder values. */
export interface UserMessage {
  message: string;
  args?: Record<string, unknown>;
}

/** Waits on a screen; `handlers` lists the handlers its forms post, the default first. */
export function waitOn(
  partial: string,
  model: Record<string, unknown>,
  handlers: string[],
  extra: { nodeState?: unknown; rejected?: boolean } = {},
): NodeResult {
  return { kind: 'wait', screen: { partial, model, handlers }, ...extra };
}

/** A submitted checkbox: browsers send its value (`on` unless set) only when it is checked. */
export function isChecked(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== 'false';
}
