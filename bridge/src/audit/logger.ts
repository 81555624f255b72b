import type { LogLevel } from '../config/bridge-config.js';
import { currentLogContext } from './log-context.js';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/**
 * One JSON object per line: easy to ship to any log pipeline and to grep by correlation_id, which
 * every line logged while a journey's request runs carries (log-context.ts). Whatever a caller
 * passes, a line never holds a secret: see redactSecrets.
 */
export function createJsonLogger(level: LogLevel, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const emit =
    (at: Exclude<LogLevel, 'silent'>) =>
    (event: string, fields: LogFields = {}) => {
      if (rank[at] < rank[level]) return;
      write(JSON.stringify(redactSecrets({ time: new Date().toISOString(), level: at, event, ...currentLogContext(), ...fields })));
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** Field names whose values are secrets, whatever their value looks like. */
const secretName = /password|passwd|secret|token|authorization|cookie|^otp|credential|private_?key|^d$|jwt|assertion/i;
/** A compact JWS or JWE anywhere in a text: a handoff, evidence or access token. */
const compactJwt = /\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*(\.[\w-]*\.[\w-]*)?/g;
/** Credentials in a URL (`scheme://user:password@host`). */
const urlCredentials = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s/@]+@/gi;

/**
 * The last line of defence: values under secret-looking names become `[redacted]`, and tokens or
 * URL credentials inside any text are cut out. Callers still never log submitted values or tokens;
 * this catches what an error message or a library carries along.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(compactJwt, '[redacted-jwt]').replace(urlCredentials, '$1[redacted]@');
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, secretName.test(key) && item !== undefined ? '[redacted]' : redactSecrets(item, depth + 1)]),
  );
}
