/** A string, number or boolean, spelled without union types (which Ajv's strict mode warns about). */
export const scalarSchema = { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] } as const;
