/**
 * `io-flows test`: finds the flow test files under the given paths, loads every flow file next to
 * them into one catalog (validated exactly as the bridge validates), and runs each case.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { FlowCatalog, type FlowInput } from '../../../bridge/src/engine/flow-catalog.js';
import { FlowValidationError } from '../../../bridge/src/errors.js';
import { flowRuntime } from '../../../bridge/src/flow-runtime.js';
import { DocumentError, isDocument, readDocument } from '../documents.js';
import { testFileProblems, type FlowTestFile } from './case-format.js';
import { runCase, type CaseResult } from './run-case.js';

export interface FileResult {
  path: string;
  flow?: string;
  /** Problems that stopped the whole file (invalid test file, invalid or missing flow). */
  errors: string[];
  cases: CaseResult[];
}

const testFileSuffix = /\.test\.(json|ya?ml)$/;

export function isTestFileName(path: string): boolean {
  return testFileSuffix.test(basename(path));
}

/** Test files under the paths (files are taken as they are, directories searched recursively). */
export function findTestFiles(paths: readonly string[]): string[] {
  const found: string[] = [];
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (name !== 'node_modules' && !name.startsWith('.')) visit(join(path, name));
      }
    } else if (isTestFileName(path)) {
      found.push(resolve(path));
    }
  };
  for (const path of paths) visit(path);
  return found;
}

/** Every flow file (JSON or YAML, not a test file) of a directory. */
export function flowInputs(dir: string): FlowInput[] {
  return readdirSync(dir)
    .filter((name) => isDocument(name) && !isTestFileName(name))
    .sort()
    .map((name) => ({ raw: readDocument(join(dir, name)), path: join(dir, name) }));
}

export async function runTestFile(path: string): Promise<FileResult> {
  const result: FileResult = { path, errors: [], cases: [] };
  const runtime = flowRuntime();
  try {
    const raw = readDocument(path);
    const problems = testFileProblems(raw);
    if (problems.length > 0) {
      result.errors.push(...problems.map((problem) => `invalid test file: ${problem}`));
      return result;
    }
    const file = raw as FlowTestFile;
    result.flow = file.flow;
    const catalog = new FlowCatalog(flowInputs(dirname(path)), runtime.validation);
    if (!catalog.has(file.flow)) {
      result.errors.push(`flow ${file.flow} is not among the flows of ${dirname(path)} (${catalog.refs().join(', ') || 'none'})`);
      return result;
    }
    for (const testCase of file.cases) result.cases.push(await runCase(file.flow, testCase, catalog, runtime));
  } catch (error) {
    if (error instanceof FlowValidationError) {
      result.errors.push(
        ...error.issues.map((issue) => `invalid flow: ${issue.path} ${issue.node ? `node ${issue.node} ` : ''}${issue.field}: ${issue.message}`),
      );
    } else if (error instanceof DocumentError) {
      result.errors.push(error.message);
    } else {
      throw error;
    }
  }
  return result;
}
