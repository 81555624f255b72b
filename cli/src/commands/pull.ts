/**
 * `io-flows pull [DIR]`: writes each flow of the realm (its draft, or `--published` its active
 * version) and its messages into DIR (docs/flows-as-code.md). Files of flows the realm does not
 * have are left alone.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Output } from '../output.js';
import { UsageError } from '../remote/connection.js';
import { writeFlow, type FileFormat } from '../remote/flow-files.js';
import { IoApi } from '../remote/io-api.js';
import { listFlows, readRealmFlow } from '../remote/realm-flows.js';
import { parseRemoteArgs, runRemote } from './remote-command.js';

const formats: Record<string, FileFormat> = { json: 'json', yaml: 'yaml', yml: 'yaml' };

/** The format of the file the flow already has in DIR, if any: pull updates that file. */
function existingFormat(dir: string, id: string): FileFormat | undefined {
  for (const [extension, format] of Object.entries(formats)) if (existsSync(join(dir, `${id}.${extension}`))) return format;
  return undefined;
}

export function pullCommand(args: string[], output: Output): Promise<number> {
  return runRemote('pull', output, 1, async () => {
    const { connection, values, positionals } = parseRemoteArgs(args, { published: { type: 'boolean' }, format: { type: 'string' } });
    if (positionals.length > 1) throw new UsageError('pull takes one folder');
    const format = formats[String(values.format ?? 'json')];
    if (!format) throw new UsageError(`--format is json or yaml, not ${String(values.format)}`);
    const dir = positionals[0] ?? '.';
    const published = values.published === true;
    const api = await IoApi.signIn(connection);
    const flows = await listFlows(api);
    let pulled = 0;
    for (const summary of flows) {
      const flow = await readRealmFlow(api, summary, published);
      if (!flow) {
        output.out(`${summary.id}: no active version, skipped`);
        continue;
      }
      const [file, ...bundles] = writeFlow(dir, summary.id, flow.definition, flow.messages, existingFormat(dir, summary.id) ?? format);
      pulled += 1;
      const locales = bundles.length > 0 ? `, messages: ${Object.keys(flow.messages).sort().join(', ')}` : '';
      output.out(`${summary.id}: ${flow.version === undefined ? 'draft' : `version ${flow.version}`} -> ${relative(process.cwd(), file!) || file}${locales}`);
    }
    output.out(`pulled ${pulled} of ${flows.length} flow${flows.length === 1 ? '' : 's'} of realm ${connection.realm}`);
    return 0;
  });
}
