import { fileURLToPath } from 'node:url';
import { flowSchema } from './flow-schema.js';

/** Where the published schema lives, for flow authors' editors. */
export const flowSchemaFile = fileURLToPath(new URL('../../../docs/flow.schema.json', import.meta.url));

/** The published text of the schema (stable formatting, so an outdated file is a plain diff). */
export function flowSchemaText(): string {
  return `${JSON.stringify(flowSchema, null, 2)}\n`;
}
