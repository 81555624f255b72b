/**
 * `io-flows diff [FILES or DIR]`: compares flow files with the realm's drafts (`--published`: the
 * active versions). Exit status 0: no differences, 1: differences, 2: an error (like
 * `git diff --exit-code`).
 */
import { statSync } from 'node:fs';
import type { Output } from '../output.js';
import { describeDiff, diffFlows, isEmpty } from '../remote/flow-diff.js';
import { IoApi } from '../remote/io-api.js';
import { readLocalFlows } from '../remote/local-flows.js';
import { listFlows, readRealmFlow } from '../remote/realm-flows.js';
import { parseRemoteArgs, runRemote } from './remote-command.js';

export function diffCommand(args: string[], output: Output): Promise<number> {
  return runRemote('diff', output, 2, async () => {
    const { connection, values, positionals } = parseRemoteArgs(args, { published: { type: 'boolean' } });
    const paths = positionals.length > 0 ? positionals : ['.'];
    const published = values.published === true;
    const { flows, problems } = readLocalFlows(paths);
    if (problems.length > 0) {
      for (const problem of problems) output.err(`io-flows diff: ${problem}`);
      return 2;
    }
    const api = await IoApi.signIn(connection);
    const realmFlows = new Map((await listFlows(api)).map((flow) => [flow.id, flow]));
    let differences = 0;
    for (const local of flows) {
      const { id } = local.definition;
      const summary = realmFlows.get(id);
      const realm = summary && (await readRealmFlow(api, summary, published));
      if (!realm) {
        output.out(`${id}: only local${summary ? ' (the realm has no active version)' : ''}`);
        differences += 1;
        continue;
      }
      // Publishing sets `version` to the version number: a published version is compared without it.
      const diff = diffFlows(realm, local, published ? ['version'] : []);
      if (isEmpty(diff)) {
        output.out(`${id}: unchanged`);
      } else {
        output.out(`${id}: changed${realm.version === undefined ? '' : ` (from version ${realm.version})`}`);
        for (const line of describeDiff(diff)) output.out(`  ${line}`);
        differences += 1;
      }
    }
    // Against a folder, the realm's other flows are differences too; named files compare only themselves.
    if (paths.some((path) => statSync(path).isDirectory())) {
      const local = new Set(flows.map((flow) => flow.definition.id));
      for (const id of [...realmFlows.keys()].filter((id) => !local.has(id))) {
        output.out(`${id}: only in realm`);
        differences += 1;
      }
    }
    return differences === 0 ? 0 : 1;
  });
}
