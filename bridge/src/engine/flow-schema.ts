/**
 * JSON Schema (draft-07) of the flow file format of flow.ts. It checks the structure; the graph,
 * node configs, mappings and processors are checked by validate-flow.ts. Published as
 * docs/flow.schema.json (scripts/write-flow-schema.ts keeps it in sync).
 */
import { grantSchema } from '../handoff/grants.js';
import { flowCategories, identifierPattern, variableTypes } from './flow.js';

const identifier = { type: 'string', pattern: identifierPattern } as const;
const variableName = '^[A-Za-z_][A-Za-z0-9_]{0,63}$';
const expression = { type: 'string', minLength: 1, maxLength: 4000, description: 'A JSONata expression over the scopes.' } as const;
const processorId = { type: 'string', minLength: 1 } as const;

const declarations = (description: string) =>
  ({
    type: 'object',
    description,
    propertyNames: { pattern: variableName },
    additionalProperties: { $ref: '#/definitions/variable' },
  }) as const;

export const flowSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://io-keycloak.dev/schemas/flow-1.json',
  title: 'IO flow (schemaVersion 1)',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'id', 'name', 'category', 'version', 'start', 'nodes', 'links'],
  properties: {
    $schema: { type: 'string' },
    schemaVersion: { const: 1 },
    id: identifier,
    name: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string' },
    category: { enum: [...flowCategories] },
    version: { type: 'string', pattern: '^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$' },
    permissions: {
      type: 'array',
      maxItems: 50,
      description: "What the flow's evidence may do (the shape of the handoff's grants): every action of its end nodes must be covered.",
      items: { $ref: '#/definitions/grant' },
    },
    settings: { $ref: '#/definitions/settings' },
    inputs: declarations('Library flows: what a caller passes in; they become flow variables.'),
    outputs: declarations('Library flows: flow variables handed back to the caller.'),
    variables: declarations('Flow variables, shared by the nodes of this flow.'),
    start: identifier,
    nodes: { type: 'array', minItems: 1, maxItems: 500, items: { $ref: '#/definitions/node' } },
    links: { type: 'array', maxItems: 2000, items: { $ref: '#/definitions/link' } },
  },
  definitions: {
    grant: grantSchema,
    variable: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: {
        type: { enum: [...variableTypes] },
        description: { type: 'string' },
        required: { type: 'boolean' },
        default: {},
      },
    },
    settings: {
      type: 'object',
      additionalProperties: false,
      properties: {
        sessionTtlSeconds: { type: 'integer', minimum: 60, maximum: 86400 },
        processors: {
          type: 'object',
          additionalProperties: false,
          properties: {
            set: { type: 'string', minLength: 1 },
            use: { type: 'array', items: processorId, uniqueItems: true },
            add: { type: 'array', items: processorId, uniqueItems: true },
            remove: { type: 'array', items: processorId, uniqueItems: true },
            options: { type: 'object', additionalProperties: { type: 'object' } },
            override: {
              type: 'object',
              additionalProperties: false,
              required: ['reason'],
              properties: { reason: { type: 'string', minLength: 1 } },
            },
          },
        },
        theme: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' },
        defaultLocale: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' },
        trace: { type: 'boolean' },
      },
    },
    node: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'type'],
      properties: {
        id: identifier,
        type: { type: 'string', minLength: 1 },
        name: { type: 'string' },
        description: { type: 'string' },
        config: { type: 'object' },
        inputs: {
          type: 'object',
          description: 'Node input name -> expression over context, session and flow.',
          propertyNames: { pattern: variableName },
          additionalProperties: expression,
        },
        outputs: {
          type: 'object',
          description: 'Target (`flow.x` or `session.x`) -> expression over context, session, flow and result.',
          propertyNames: { pattern: '^(flow|session)\\.[A-Za-z_][A-Za-z0-9_]{0,63}$' },
          additionalProperties: expression,
        },
        when: expression,
        skipIf: expression,
        skipPort: { type: 'string', minLength: 1 },
        requiresActivation: { type: 'boolean' },
        theme: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$', description: "This node's screens in another theme than the flow's." },
        maxVisits: { type: 'integer', minimum: 1, maximum: 1000 },
        guardPort: { type: 'string', minLength: 1 },
        ui: {
          type: 'object',
          description: 'Editor metadata: where the designer draws the node. The engine ignores it.',
          additionalProperties: false,
          required: ['x', 'y'],
          properties: { x: { type: 'number' }, y: { type: 'number' } },
        },
      },
    },
    link: {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'output', 'to'],
      properties: { from: identifier, output: { type: 'string', minLength: 1 }, to: identifier },
    },
  },
} as const;
