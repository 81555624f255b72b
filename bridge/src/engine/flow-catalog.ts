import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlowNotFoundError, FlowValidationError } from '../errors.js';
import type { Flow } from './flow.js';
import type { NodeTypeRegistry } from './node-type.js';
import { validateFlow } from './validate-flow.js';

/** The validated flows, addressable as `id` (newest version) or `id@version`. */
export class FlowCatalog {
  private readonly byRef = new Map<string, Flow>();

  constructor(flows: readonly Flow[]) {
    const newestFirst = [...flows].sort((a, b) => b.version.localeCompare(a.version, 'en', { numeric: true }));
    for (const flow of newestFirst) {
      const ref = `${flow.id}@${flow.version}`;
      if (this.byRef.has(ref)) throw new FlowValidationError(ref, ['the same id and version is defined twice']);
      this.byRef.set(ref, flow);
      if (!this.byRef.has(flow.id)) this.byRef.set(flow.id, flow);
    }
  }

  /** Loads and validates every *.json file of a directory; any invalid file stops startup. */
  static fromDirectory(dir: string, registry: NodeTypeRegistry): FlowCatalog {
    const files = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
    return new FlowCatalog(
      files.map((name) => {
        const path = join(dir, name);
        let parsed: unknown;
        try {
          parsed = JSON.parse(readFileSync(path, 'utf8'));
        } catch (error) {
          throw new FlowValidationError(path, [`not valid JSON: ${(error as Error).message}`]);
        }
        return validateFlow(parsed, registry, path);
      }),
    );
  }

  has(ref: string): boolean {
    return this.byRef.has(ref);
  }

  get(ref: string): Flow {
    const flow = this.byRef.get(ref);
    if (!flow) throw new FlowNotFoundError(ref);
    return flow;
  }

  refs(): string[] {
    return [...this.byRef.keys()];
  }
}
