/**
 * The flow test file: test cases kept next to a flow (`<flow>.test.yaml`), each a login's facts,
 * stubbed integration answers, the user's input per step, and the expected outcome and evidence.
 * docs/flows-as-code.md describes it for authors.
 */
import { Ajv } from 'ajv';

export type StepValue = string | { fromMail: string };

export interface FlowTestStep {
  /** The node that must be waiting for the user. */
  node: string;
  /** Default: the step's first handler (usually `submit`). */
  handler?: string;
  values?: Record<string, StepValue>;
  /** True: the step must refuse the input and stay where it is. */
  rejected?: boolean;
}

export interface HttpStub {
  request: { method?: string; url: string };
  response?: { status?: number; headers?: Record<string, string>; body?: unknown };
  /** Instead of a response: the call times out or cannot connect. */
  error?: 'timeout' | 'network';
}

export interface FlowTestCase {
  name: string;
  login?: {
    realm?: string;
    client?: string;
    /** Default: a user with id and username `test-user`; give `anonymous: true` for a journey without one. */
    user?: { id: string; username?: string; email?: string; givenName?: string; familyName?: string };
    anonymous?: boolean;
    locale?: string;
    acr?: string;
    obligations?: Array<{ type: string; mode?: 'mandatory' | 'soft'; params?: Record<string, unknown> }>;
  };
  /** For a library flow: its inputs, as the calling node would give them. */
  inputs?: Record<string, unknown>;
  /** Declared flow variables to start with, in place of their defaults (e.g. a setting a realm's version of the flow holds). */
  variables?: Record<string, unknown>;
  directory?: {
    users?: Array<{
      id: string;
      username: string;
      email?: string;
      emailVerified?: boolean;
      firstName?: string;
      lastName?: string;
      enabled?: boolean;
      attributes?: Record<string, string[]>;
      groups?: string[];
      roles?: string[];
    }>;
    /** The realm's Keycloak Organizations (`members`: user ids). */
    organizations?: Array<{
      id: string;
      name: string;
      domains: string[];
      enabled?: boolean;
      attributes?: Record<string, string[]>;
      members?: string[];
      /** Keycloak's invitations of the organization (`status` PENDING unless said; expiresAt in epoch seconds). */
      invitations?: Array<{ id: string; email: string; status?: 'PENDING' | 'EXPIRED'; expiresAt?: number }>;
    }>;
    /** Calls that fail as if Keycloak were down: a directory method, optionally only for one argument. */
    fail?: Array<{ method: string; arg?: string }>;
  };
  http?: HttpStub[];
  steps?: FlowTestStep[];
  expect: {
    outcome: 'success' | 'failure' | 'cancelled';
    error?: string;
    /** The evidence actions, exactly and in order. */
    actions?: unknown[];
    /** The evidence entries' types, exactly and in order. */
    evidence?: string[];
    /** Top-level flow variables that must have these values (others are not compared). */
    variables?: Record<string, unknown>;
    /** Mails sent, in order (recipient). */
    mails?: Array<{ to: string }>;
    /** Node ids whose compensation ran, in the order it ran. */
    compensated?: string[];
  };
}

export interface FlowTestFile {
  /** The flow under test: `id` or `id@version`. */
  flow: string;
  cases: FlowTestCase[];
}

const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['flow', 'cases'],
  properties: {
    $schema: { type: 'string' },
    flow: { type: 'string', minLength: 1 },
    cases: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'expect'],
        properties: {
          name: { type: 'string', minLength: 1 },
          login: {
            type: 'object',
            additionalProperties: false,
            properties: {
              realm: { type: 'string' },
              client: { type: 'string' },
              user: {
                type: 'object',
                additionalProperties: false,
                required: ['id'],
                properties: {
                  id: { type: 'string' },
                  username: { type: 'string' },
                  email: { type: 'string' },
                  givenName: { type: 'string' },
                  familyName: { type: 'string' },
                },
              },
              anonymous: { type: 'boolean' },
              locale: { type: 'string' },
              acr: { type: 'string' },
              obligations: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['type'],
                  properties: { type: { type: 'string' }, mode: { enum: ['mandatory', 'soft'] }, params: { type: 'object' } },
                },
              },
            },
          },
          inputs: { type: 'object' },
          variables: { type: 'object' },
          directory: {
            type: 'object',
            additionalProperties: false,
            properties: {
              users: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['id', 'username'],
                  properties: {
                    id: { type: 'string' },
                    username: { type: 'string' },
                    email: { type: 'string' },
                    emailVerified: { type: 'boolean' },
                    firstName: { type: 'string' },
                    lastName: { type: 'string' },
                    enabled: { type: 'boolean' },
                    attributes: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
                    groups: { type: 'array', items: { type: 'string' } },
                    roles: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
              organizations: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['id', 'name', 'domains'],
                  properties: {
                    id: { type: 'string' },
                    name: { type: 'string' },
                    domains: { type: 'array', items: { type: 'string' } },
                    enabled: { type: 'boolean' },
                    attributes: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
                    members: { type: 'array', items: { type: 'string' } },
                    invitations: {
                      type: 'array',
                      items: {
                        type: 'object',
                        additionalProperties: false,
                        required: ['id', 'email'],
                        properties: {
                          id: { type: 'string' },
                          email: { type: 'string' },
                          status: { enum: ['PENDING', 'EXPIRED'] },
                          expiresAt: { type: 'integer' },
                        },
                      },
                    },
                  },
                },
              },
              fail: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['method'],
                  properties: { method: { type: 'string' }, arg: { type: 'string' } },
                },
              },
            },
          },
          http: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['request'],
              properties: {
                request: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['url'],
                  properties: { method: { type: 'string' }, url: { type: 'string' } },
                },
                response: {
                  type: 'object',
                  additionalProperties: false,
                  properties: { status: { type: 'integer', minimum: 100, maximum: 599 }, headers: stringMap, body: {} },
                },
                error: { enum: ['timeout', 'network'] },
              },
            },
          },
          steps: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['node'],
              properties: {
                node: { type: 'string' },
                handler: { type: 'string' },
                values: {
                  type: 'object',
                  additionalProperties: {
                    oneOf: [
                      { type: 'string' },
                      { type: 'object', additionalProperties: false, required: ['fromMail'], properties: { fromMail: { type: 'string', minLength: 1 } } },
                    ],
                  },
                },
                rejected: { type: 'boolean' },
              },
            },
          },
          expect: {
            type: 'object',
            additionalProperties: false,
            required: ['outcome'],
            properties: {
              outcome: { enum: ['success', 'failure', 'cancelled'] },
              error: { type: 'string' },
              actions: { type: 'array' },
              evidence: { type: 'array', items: { type: 'string' } },
              variables: { type: 'object' },
              mails: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['to'], properties: { to: { type: 'string' } } } },
              compensated: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

/** The file's problems, each naming where it is (`/cases/0/steps/1/node: must be string`); empty when valid. */
export function testFileProblems(raw: unknown): string[] {
  if (validate(raw)) return [];
  return (validate.errors ?? []).map(
    (error) =>
      `${error.instancePath || '/'}: ${error.message ?? 'is invalid'}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`,
  );
}

export function isTestFile(raw: unknown): raw is FlowTestFile {
  return validate(raw);
}
