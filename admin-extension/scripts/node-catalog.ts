/**
 * Writes the console's catalogs from the bridge's registries (the one source of truth), run by
 * `prebuild` / `pretypecheck` / `pretest`:
 * - src/generated/node-types.json, the designer's node catalog: type, kind, description, config
 *   JSON Schema, the ports and outputs of an empty config, and whether they depend on the config
 *   (then the bridge's validate answer gives each node's real ports);
 * - src/generated/processors.json: each processor's id, description and whether it is
 *   security-essential (the default sets and the selection rules are the bridge's pure modules,
 *   which the console imports: src/processors.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInNodeTypes } from '../../bridge/src/nodes/node-registry.js';
import { builtInProcessors } from '../../bridge/src/processors/index.js';
import type { NodeType } from '../../bridge/src/engine/node-type.js';

const generated = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'generated');

/** What a function of the config answers for an empty config; a type that cannot read `{}` has none. */
function ofEmptyConfig<T>(compute: (config: Record<string, unknown>) => T, fallback: T): T {
  try {
    return compute({});
  } catch {
    return fallback;
  }
}

function catalogEntry(nodeType: NodeType) {
  return {
    type: nodeType.type,
    kind: nodeType.kind,
    description: nodeType.description,
    interactive: nodeType.interactive,
    configSchema: nodeType.configSchema,
    ports: [...ofEmptyConfig((config) => nodeType.ports(config), [] as readonly string[])],
    // A function declared without a parameter cannot depend on the config.
    portsFromConfig: nodeType.ports.length > 0,
    outputs: ofEmptyConfig((config) => nodeType.outputs(config), {}),
    outputsFromConfig: nodeType.outputs.length > 0,
  };
}

const registry = builtInProcessors();
const processors = {
  processors: registry.ids().map((id) => {
    const { description, essential } = registry.get(id)!;
    return { id, description, essential };
  }),
};

mkdirSync(generated, { recursive: true });
for (const [name, content] of [
  ['node-types.json', builtInNodeTypes().all().map(catalogEntry)],
  ['processors.json', processors],
] as const) {
  writeFileSync(join(generated, name), `${JSON.stringify(content, null, 2)}\n`);
  process.stdout.write(`wrote ${join(generated, name)}\n`);
}
