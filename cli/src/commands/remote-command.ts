/**
 * What `pull`, `push` and `diff` share: their command line (the connection options and the
 * command's own), and turning a failure into a message and an exit status (no stack traces).
 */
import { parseArgs } from 'node:util';
import { DocumentError } from '../documents.js';
import type { Output } from '../output.js';
import { connectionFrom, connectionOptions, UsageError, type Connection } from '../remote/connection.js';
import { IoApiError } from '../remote/io-api.js';

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

export interface RemoteArgs {
  connection: Connection;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** The command line, the connection taken from it (or the environment); throws UsageError. */
export function parseRemoteArgs(args: string[], options: OptionSpec): RemoteArgs {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { ...connectionOptions, ...options } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values = parsed.values as RemoteArgs['values'];
  return { connection: connectionFrom(values as Record<string, string>), values, positionals: parsed.positionals };
}

/**
 * Runs a command: a usage error exits 2; Keycloak's refusals and unreadable files are printed and
 * exit with `failureStatus`.
 */
export async function runRemote(name: string, output: Output, failureStatus: number, command: () => Promise<number>): Promise<number> {
  try {
    return await command();
  } catch (error) {
    if (error instanceof UsageError) {
      output.err(`io-flows ${name}: ${error.message} (io-flows help)`);
      return 2;
    }
    if (error instanceof IoApiError) {
      for (const line of error.lines()) output.err(`io-flows ${name}: ${line}`);
      return failureStatus;
    }
    if (error instanceof DocumentError) {
      output.err(`io-flows ${name}: ${error.message}`);
      return failureStatus;
    }
    throw error;
  }
}
