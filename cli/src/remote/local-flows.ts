/**
 * The flow files a `push` or `diff` is given, read and validated on this machine exactly as the
 * bridge validates at load (the catalog `io-flows test` uses): every file on its own and the files
 * together (library calls name flows among the files).
 */
import { FlowCatalog } from '../../../bridge/src/engine/flow-catalog.js';
import { describeIssue, FlowValidationError } from '../../../bridge/src/errors.js';
import { flowRuntime } from '../../../bridge/src/flow-runtime.js';
import { DocumentError } from '../documents.js';
import { findFlowFiles, readLocalFlow, type LocalFlow } from './flow-files.js';

export interface LocalFlows {
  flows: LocalFlow[];
  /** Why the files cannot be used: unreadable, a flow twice, or invalid. */
  problems: string[];
}

/** Reads the flow files of the paths (throws UsageError for a path that is no flow file). */
export function readLocalFlows(paths: readonly string[]): LocalFlows {
  const flows: LocalFlow[] = [];
  const problems: string[] = [];
  for (const path of findFlowFiles(paths)) {
    try {
      flows.push(readLocalFlow(path));
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      problems.push(error.message);
    }
  }
  const seen = new Map<string, string>();
  for (const flow of flows) {
    const other = seen.get(flow.definition.id);
    if (other) problems.push(`${flow.path}: flow ${flow.definition.id} is also in ${other} (one file per flow)`);
    seen.set(flow.definition.id, flow.path);
  }
  return { flows, problems };
}

/** Problems the bridge would refuse the flows for, one line each (file, node, field). */
export function validationProblems(flows: readonly LocalFlow[]): string[] {
  try {
    new FlowCatalog(
      flows.map((flow) => ({ raw: flow.definition, path: flow.path })),
      flowRuntime().validation,
    );
    return [];
  } catch (error) {
    if (error instanceof FlowValidationError) return error.issues.map(describeIssue);
    throw error;
  }
}
