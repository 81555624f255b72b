/**
 * io-flows: IO flows as code (docs/flows-as-code.md). `test` runs the flow test cases kept next to
 * flows, in memory, with no Keycloak; `pull`, `push` and `diff` move a realm's flows between files
 * and Keycloak's admin API.
 */
import { parseArgs } from 'node:util';
import { relative } from 'node:path';
import { diffCommand } from './commands/diff.js';
import { pullCommand } from './commands/pull.js';
import { pushCommand } from './commands/push.js';
import { findTestFiles, runTestFile, type FileResult } from './flow-tests/run-tests.js';
import { consoleOutput, type Output } from './output.js';

const usage = `usage: io-flows <command> [options]

commands:
  test [PATH ...]   run the flow test files (*.test.yaml, *.test.yml, *.test.json) under PATH
                    (default: the current folder) against the flows next to them, without Keycloak
  pull [DIR]        write the realm's flows (drafts; --published: active versions) into DIR
                    (default: the current folder) as <id>.json and <id>.messages/<locale>.json
                    --format json|yaml   for files not there yet (default json)
  push [PATH ...]   validate the flow files (files, or the flow files of folders) as the bridge
                    does; if all are valid, write each flow's draft and messages into the realm
                    --publish --comment TEXT   then publish each flow that changed
                    --activate                 and make the new version the active one
  diff [PATH ...]   compare the flow files with the realm's drafts (--published: active versions)
  help              this text

connection (pull, push, diff); each option can come from the environment variable named:
  --url URL              IO_KEYCLOAK_URL   Keycloak's base URL (https://sso.example.com)
  --realm NAME           IO_REALM          the realm whose flows
  --auth-realm NAME      IO_AUTH_REALM     the realm to sign in to (default master)
  --client-id ID         IO_CLIENT_ID      a service-account client (with --client-secret),
  --client-secret SECRET IO_CLIENT_SECRET  or the client of a user sign-in (default admin-cli)
  --username NAME        IO_USERNAME       a user sign-in
  --password PASSWORD    IO_PASSWORD
  plain http only to this machine, or with IO_ALLOW_HTTP=1 (a development network)

exit status: 0 success (diff: no differences); 1 a test failed, an invalid file, a refusal by
Keycloak (diff: differences); 2 a usage error (diff: any error)`;

export async function main(argv: string[], output: Output = consoleOutput): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'test':
      return testCommand(rest, output);
    case 'pull':
      return pullCommand(rest, output);
    case 'push':
      return pushCommand(rest, output);
    case 'diff':
      return diffCommand(rest, output);
    case 'help':
    case '--help':
    case '-h':
      output.out(usage);
      return 0;
    default:
      output.err(command ? `io-flows: unknown command ${command}\n\n${usage}` : usage);
      return 2;
  }
}

async function testCommand(args: string[], output: Output): Promise<number> {
  let paths: string[];
  try {
    paths = parseArgs({ args, allowPositionals: true, options: {} }).positionals;
  } catch (error) {
    output.err(`io-flows test: ${(error as Error).message}`);
    return 2;
  }
  let files: string[];
  try {
    files = findTestFiles(paths.length > 0 ? paths : ['.']);
  } catch (error) {
    output.err(`io-flows test: ${(error as Error).message}`);
    return 2;
  }
  if (files.length === 0) {
    output.err(`io-flows test: no flow test files (*.test.yaml, *.test.yml, *.test.json) under ${paths.join(', ') || '.'}`);
    return 1;
  }
  let passed = 0;
  let failed = 0;
  for (const path of files) {
    const result = await runTestFile(path);
    report(result, output);
    passed += result.cases.filter((c) => c.failures.length === 0).length;
    failed += result.cases.filter((c) => c.failures.length > 0).length + (result.errors.length > 0 ? 1 : 0);
  }
  output.out('');
  output.out(`flow tests: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

function report(result: FileResult, output: Output): void {
  output.out(`${displayPath(result.path)}${result.flow ? ` (${result.flow})` : ''}`);
  for (const error of result.errors) output.out(`  ✘ ${error}`);
  for (const testCase of result.cases) {
    output.out(`  ${testCase.failures.length === 0 ? '✔' : '✘'} ${testCase.name}`);
    for (const failure of testCase.failures) output.out(`      ${failure}`);
  }
}

/** Relative to the current folder when the file is below it. */
function displayPath(path: string): string {
  const below = relative(process.cwd(), path);
  return below.startsWith('..') ? path : below;
}
