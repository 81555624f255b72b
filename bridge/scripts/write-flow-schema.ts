/** Writes the flow JSON Schema to docs/flow.schema.json (run after changing engine/flow-schema.ts). */
import { writeFileSync } from 'node:fs';
import { flowSchemaFile, flowSchemaText } from '../src/engine/flow-schema-file.js';

writeFileSync(flowSchemaFile, flowSchemaText());
process.stdout.write(`wrote ${flowSchemaFile}\n`);
