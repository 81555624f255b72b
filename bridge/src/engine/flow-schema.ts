const identifier = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' } as const;

/** Structure of a flow file; graph rules and node configs are checked by validateFlow. */
export const flowSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'category', 'version', 'start', 'nodes', 'links'],
  properties: {
    $schema: { type: 'string' },
    id: identifier,
    name: { type: 'string', minLength: 1 },
    category: { type: 'string', minLength: 1 },
    version: { type: 'string', pattern: '^[0-9A-Za-z][0-9A-Za-z._-]*$' },
    settings: { type: 'object' },
    start: identifier,
    nodes: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'type'],
        properties: {
          id: identifier,
          type: { type: 'string', minLength: 1 },
          description: { type: 'string' },
          config: { type: 'object' },
        },
      },
    },
    links: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['from', 'output', 'to'],
        properties: { from: identifier, output: { type: 'string', minLength: 1 }, to: identifier },
      },
    },
  },
} as const;
