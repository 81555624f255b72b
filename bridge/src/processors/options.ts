/**
 * Reading a processor's options. The engine validates them against the processor's optionsSchema
 * when the flow loads, so here an absent option simply takes its default.
 */
export function positiveIntegerOption(options: Record<string, unknown>, name: string, fallback: number): number {
  const value = options[name];
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}

/** JSON Schema of an options object made of positive integers (each with its default). */
export function positiveIntegerOptionsSchema(defaults: Record<string, { default: number; description: string }>): object {
  const properties = Object.fromEntries(
    Object.entries(defaults).map(([name, { default: fallback, description }]) => [name, { type: 'integer', minimum: 1, default: fallback, description }]),
  );
  return { type: 'object', additionalProperties: false, properties };
}

/** JSON Schema of a processor without options. */
export const noOptionsSchema: object = { type: 'object', additionalProperties: false, properties: {} };
