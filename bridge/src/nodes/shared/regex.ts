import type { ConfigIssue } from '../../engine/node-type.js';
import { compileLinear } from '../../engine/linear-regex.js';

export interface WholeValuePattern {
  test(value: string): boolean;
}

/** Flow authors' patterns always match the whole value; they run on RE2 (linear time, see linear-regex.ts). */
export function wholeValueRegex(pattern: string): WholeValuePattern {
  const compiled = compileLinear(pattern);
  return { test: (value) => compiled.testExact(value) };
}

export function regexIssues(field: string, pattern: string | undefined): ConfigIssue[] {
  if (pattern === undefined) return [];
  try {
    wholeValueRegex(pattern);
    return [];
  } catch (error) {
    return [{ field, message: `is not a regular expression the linear-time engine (RE2) accepts: ${(error as Error).message}` }];
  }
}
