/**
 * Regular expressions from flow authors run on RE2 (re2js, pure JavaScript): matching takes time
 * linear in the input, whatever the pattern, so no pattern can backtrack catastrophically.
 * Features that need backtracking (back-references, look-around) are refused when the pattern is
 * compiled, which validation does for every pattern in a flow.
 */
import { RE2JS } from 're2js';

export type LinearPattern = RE2JS;

/** Compiles a JavaScript-syntax pattern for RE2; throws with RE2's reason when it cannot run there. */
export function compileLinear(pattern: string, flags: { ignoreCase?: boolean; multiline?: boolean } = {}): LinearPattern {
  const bits = (flags.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) | (flags.multiline ? RE2JS.MULTILINE : 0);
  return RE2JS.compile(RE2JS.translateRegExp(pattern), bits);
}

/**
 * JSONata's `RegexEngine` option: JSONata builds one per regex literal of an expression (from the
 * RegExp its parser made) and calls `exec` with `lastIndex`, as it would on a global RegExp.
 */
export class LinearRegExp {
  lastIndex = 0;
  private readonly pattern: LinearPattern;

  constructor(literal: RegExp) {
    this.pattern = compileLinear(literal.source, { ignoreCase: literal.ignoreCase, multiline: literal.multiline });
  }

  exec(input: string): RegExpExecArray | null {
    const matcher = this.pattern.matcher(input);
    if (this.lastIndex > input.length || !matcher.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const groups = Array.from({ length: matcher.groupCount() + 1 }, (_, group) => matcher.group(group) ?? undefined);
    this.lastIndex = matcher.end();
    return Object.assign(groups, { index: matcher.start(), input }) as unknown as RegExpExecArray;
  }
}
