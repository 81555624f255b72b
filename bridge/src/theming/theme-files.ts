import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';

/** A theme file that cannot be used; the message names the file (and the line, when known). */
export class ThemeError extends ConfigError {
  constructor(
    readonly file: string,
    detail: string,
    readonly line?: number,
  ) {
    super('IO_THEME', `${file}${line === undefined ? '' : `:${line}`}: ${detail}`);
  }
}

/** Reads a JSON file of a theme (or a flow bundle); syntax errors name the file and the line. */
export function readThemeJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ThemeError(file, `cannot read: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    throw new ThemeError(file, `invalid JSON: ${message.replace(/\s*\(line \d+ column \d+\)/, '')}`, errorLine(text, message));
  }
}

/** The 1-based line of a JSON.parse error: V8 says `(line L column C)` or `at position N`. */
function errorLine(text: string, message: string): number | undefined {
  const explicit = /line (\d+) column \d+/.exec(message);
  if (explicit) return Number(explicit[1]);
  const position = /position (\d+)/.exec(message);
  if (position) return text.slice(0, Number(position[1])).split('\n').length;
  if (/end of JSON input/i.test(message)) return text.split('\n').length;
  return undefined;
}
