/**
 * `io-flows push [FILES or DIR]`: validates every flow file as the bridge would, and only when all
 * are valid writes each flow's draft and messages into the realm; `--publish --comment` then
 * publishes each flow that differs from its latest version (`--activate`: and activates it).
 */
import type { Output } from '../output.js';
import { UsageError } from '../remote/connection.js';
import { canonical } from '../remote/flow-diff.js';
import type { LocalFlow } from '../remote/flow-files.js';
import { IoApi } from '../remote/io-api.js';
import { readLocalFlows, validationProblems } from '../remote/local-flows.js';
import { flowPath, readDraft, readVersion } from '../remote/realm-flows.js';
import { parseRemoteArgs, runRemote } from './remote-command.js';

interface PushOptions {
  publish: boolean;
  comment?: string;
  activate: boolean;
}

export function pushCommand(args: string[], output: Output): Promise<number> {
  return runRemote('push', output, 1, async () => {
    const { connection, values, positionals } = parseRemoteArgs(args, {
      publish: { type: 'boolean' },
      comment: { type: 'string' },
      activate: { type: 'boolean' },
    });
    const options: PushOptions = { publish: values.publish === true, comment: values.comment as string | undefined, activate: values.activate === true };
    if (options.publish && !options.comment?.trim()) throw new UsageError('--publish needs --comment "why" (it is kept with the version)');
    if (!options.publish && (options.comment !== undefined || options.activate)) throw new UsageError('--comment and --activate go with --publish');

    const local = readLocalFlows(positionals.length > 0 ? positionals : ['.']);
    const { flows } = local;
    if (flows.length === 0 && local.problems.length === 0) {
      output.err(`io-flows push: no flow files under ${positionals.join(', ') || '.'}`);
      return 1;
    }
    // Files that cannot be read are reported first; the rest are validated once they all can be.
    const problems = local.problems.length > 0 ? local.problems : validationProblems(flows);
    if (problems.length > 0) {
      for (const problem of problems) output.err(`  ✘ ${problem}`);
      output.err(`io-flows push: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was sent`);
      return 1;
    }

    const api = await IoApi.signIn(connection);
    // Every draft first, so a flow may call a library flow pushed with it; then the versions.
    for (const flow of flows) await pushDraft(api, flow, output);
    if (options.publish) for (const flow of flows) await publish(api, flow, options, output);
    return 0;
  });
}

async function pushDraft(api: IoApi, flow: LocalFlow, output: Output): Promise<void> {
  const { id } = flow.definition;
  const realm = await readDraft(api, id);
  if (!realm) {
    await api.request('POST', '/flows', flow.definition);
    output.out(`${id}: draft created`);
  } else if (canonical(realm.definition) !== canonical(flow.definition)) {
    await api.request('PUT', flowPath(id), flow.definition);
    output.out(`${id}: draft updated`);
  } else {
    output.out(`${id}: draft unchanged`);
  }
  for (const [locale, bundle] of Object.entries(flow.messages)) {
    if (canonical(realm?.messages[locale]) === canonical(bundle)) continue;
    await api.request('PUT', `${flowPath(id)}/messages/${encodeURIComponent(locale)}`, bundle);
    output.out(`${id}: messages ${locale} written`);
  }
  for (const locale of Object.keys(realm?.messages ?? {}).filter((locale) => !(locale in flow.messages))) {
    output.out(`${id}: messages ${locale} kept (the realm has them, the files do not; the API cannot remove a locale)`);
  }
}

/** The definition without its `version` field, which publishing sets to the version number. */
const unversioned = ({ version: _version, ...definition }: Record<string, unknown>) => definition;

async function publish(api: IoApi, flow: LocalFlow, options: PushOptions, output: Output): Promise<void> {
  const { id } = flow.definition;
  const [latest] = await api.request<Array<{ version: number; active?: boolean }>>('GET', `${flowPath(id)}/versions`);
  if (latest) {
    const published = await readVersion(api, id, latest.version);
    const draft = (await readDraft(api, id))!;
    if (
      canonical(unversioned(published.definition)) === canonical(unversioned(draft.definition)) &&
      canonical(published.messages) === canonical(draft.messages)
    ) {
      if (options.activate && !latest.active) {
        await api.request('PUT', `${flowPath(id)}/active`, { version: latest.version });
        output.out(`${id}: unchanged since version ${latest.version}, not published again; version ${latest.version} activated`);
      } else {
        output.out(`${id}: unchanged since version ${latest.version}, not published again`);
      }
      return;
    }
  }
  const version = await api.request<{ version: number }>('POST', `${flowPath(id)}/versions`, { comment: options.comment, activate: options.activate });
  output.out(`${id}: published version ${version.version}${options.activate ? ', active' : ''}`);
}
