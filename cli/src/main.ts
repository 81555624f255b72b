/**
 * io-flows: IO flows as code. `test` runs the flow test cases kept next to flows, in memory, with
 * no Keycloak (docs/flows-as-code.md).
 */
import { parseArgs } from 'node:util';
import { relative } from 'node:path';
import { findTestFiles, runTestFile, type FileResult } from './flow-tests/run-tests.js';

const usage = `usage: io-flows <command> [options]

commands:
  test [PATH ...]   run the flow test files (*.test.yaml, *.test.yml, *.test.json) under PATH
                    (default: the current folder) against the flows next to them, without Keycloak
  help              this text

exit status: 0 when every case passed, 1 when one failed, 2 for a usage error`;

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

const console_: Output = { out: (line) => console.log(line), err: (line) => console.error(line) };

export async function main(argv: string[], output: Output = console_): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'test':
      return testCommand(rest, output);
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
