import type { ConfigIssue } from '../../engine/node-type.js';

/** One issue per value that occurs more than once in `values` (field names, option values, ports...). */
export function duplicateIssues(field: string, values: readonly unknown[]): ConfigIssue[] {
  const seen = new Set<unknown>();
  const reported = new Set<unknown>();
  const issues: ConfigIssue[] = [];
  for (const value of values) {
    if (seen.has(value) && !reported.has(value)) {
      issues.push({ field, message: `${JSON.stringify(value)} occurs more than once` });
      reported.add(value);
    }
    seen.add(value);
  }
  return issues;
}
