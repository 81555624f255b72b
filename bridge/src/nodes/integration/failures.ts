/** How integration nodes fail: a `failure` port with a stable code, or a typed error from `compensate()`. */
import type { NodeNext } from '../../engine/node-type.js';
import { type ErrorCode, IoError } from '../../errors.js';

export class IntegrationError extends IoError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** The stable code for a `failure` port: the adapter's typed code, or `fallback` for anything untyped. */
export function failureCode(error: unknown, fallback: ErrorCode): string {
  return error instanceof IoError ? error.code : fallback;
}

/** Whether `error` is an IoError with `code`. */
export function hasCode(error: unknown, code: ErrorCode): boolean {
  return error instanceof IoError && error.code === code;
}

/** Leaves through the `failure` port with the code in the `error` output (and, if given, what to undo later). */
export function failure(error: ErrorCode | (string & {}), outputs: Record<string, unknown> = {}, compensation?: unknown): NodeNext {
  return { kind: 'next', port: 'failure', outputs: { ...outputs, error }, ...(compensation === undefined ? {} : { compensation }) };
}
