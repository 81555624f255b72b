/** The bridge's real flows and node types under the engine, for obligation tests (no network). */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { FlowDefinition } from '../../src/engine/flow.js';
import { MemoryDirectory } from '../../src/connectors/memory-directory.js';
import { builtInNodeTypes } from '../../src/nodes/node-registry.js';
import { context, harness, type Harness } from '../engine/support.js';

export const flowsDir = fileURLToPath(new URL('../../flows/', import.meta.url));

/**
 * The bridge's flows, except those that choose processors (e.g. recover-account): these engine
 * tests run without processors, so such a flow would not load; their own tests run it with them.
 */
export function bridgeFlows(): FlowDefinition[] {
  return readdirSync(flowsDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(flowsDir, name), 'utf8')) as FlowDefinition)
    .filter((flow) => flow.settings?.processors === undefined);
}

export const defaultMapping = {
  require_attributes: 'collect-attributes',
  require_terms_acceptance: 'accept-terms',
  require_email_verification: 'verify-email',
  require_consent: 'consent',
  require_credential_enrollment: 'enroll-credential',
};

export interface ObligationHarness extends Harness {
  mails: Array<{ to: string; text: string }>;
  /** Keycloak's users as the flows see them: user-1, the journey's user. */
  directory: MemoryDirectory;
}

/** An engine over the bridge's flows (plus `extra`), with a mailer that keeps what it sends and an in-memory Keycloak. */
export function obligationHarness(extra: FlowDefinition[] = []): ObligationHarness {
  const base = harness([...bridgeFlows(), ...extra], { types: builtInNodeTypes() });
  const directory = new MemoryDirectory(context.issuer).add({ id: 'user-1', username: 'jane', email: 'jane@example.com', enabled: true, attributes: {} });
  base.services.users = directory;
  const mails: ObligationHarness['mails'] = [];
  base.services.mail = {
    send: async (mail) => {
      mails.push({ to: mail.to, text: mail.text });
      return { messageId: `m${mails.length}` };
    },
  };
  return { ...base, mails, directory };
}
