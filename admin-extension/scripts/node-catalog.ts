/**
 * Writes src/generated/node-types.json, the designer's node catalog, from the bridge's registry of
 * built-in node types (the one source of truth): type, kind, description, config JSON Schema, the
 * ports and outputs of an empty config, and whether they depend on the config (then the bridge's
 * validate answer gives each node's real ports). Run by `prebuild` / `pretypecheck` / `pretest`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInNodeTypes } from '../../bridge/src/nodes/node-registry.js';
import type { NodeType } from '../../bridge/src/engine/node-type.js';

const output = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'generated', 'node-types.json');

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

const catalog = builtInNodeTypes().all().map(catalogEntry);
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, `${JSON.stringify(catalog, null, 2)}\n`);
process.stdout.write(`wrote ${catalog.length} node types to ${output}\n`);
