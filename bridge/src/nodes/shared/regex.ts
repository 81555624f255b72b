import type { ConfigIssue } from '../../engine/node-type.js';

/** Flow authors' patterns always match the whole value, with Unicode semantics. */
export function wholeValueRegex(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

export function regexIssues(field: string, pattern: string | undefined): ConfigIssue[] {
  if (pattern === undefined) return [];
  try {
    wholeValueRegex(pattern);
    return [];
  } catch {
    return [{ field, message: 'is not a valid regular expression' }];
  }
}
