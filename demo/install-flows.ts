/**
 * Gives the demo realm its flows the way a realm admin would: installs the built-in templates
 * through IO's admin API (published, validated by the bridge, active) and maps the obligation
 * types to the library flows. A flow the realm already has is left as it is, so a restart on a kept
 * database changes nothing. Used by the quick start (scripts/stack.sh) and the end-to-end stack.
 *
 *   KC_URL=http://localhost:8080 npx tsx demo/install-flows.ts
 */
import { pathToFileURL } from 'node:url';

/** Obligation type -> the built-in library flow that fulfils it (docs/obligations.md). */
export const DEMO_OBLIGATION_FLOWS: Record<string, string> = {
  require_attributes: 'collect-attributes',
  require_terms_acceptance: 'accept-terms',
  require_email_verification: 'verify-email',
  require_consent: 'consent',
  require_credential_enrollment: 'enroll-credential',
};

/** The templates the demo realm runs: the demo journey and the obligation library flows. */
export const DEMO_TEMPLATES = ['demo-profile', ...new Set(Object.values(DEMO_OBLIGATION_FLOWS))];

export interface InstallOptions {
  keycloakUrl: string;
  realm?: string;
  /** An access token of an admin with manage-realm in the realm (the master admin's will do). */
  token: () => Promise<string>;
  /** The built-in templates to install (default: the demo realm's). */
  templates?: readonly string[];
  /** The realm's obligation mapping (default: the demo realm's); an empty one leaves the realm's mapping as it is. */
  obligationFlows?: Record<string, string>;
}

/** Installs what the realm lacks; returns the templates it installed. */
export async function installDemoFlows({
  keycloakUrl,
  realm = 'demo',
  token,
  templates = DEMO_TEMPLATES,
  obligationFlows = DEMO_OBLIGATION_FLOWS,
}: InstallOptions): Promise<string[]> {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${keycloakUrl}/admin/realms/${realm}/io${path}`, {
      method,
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text };
  };
  const installed: string[] = [];
  for (const template of templates) {
    const answer = await call('POST', `/templates/${template}/install`, { publish: true, activate: true, comment: 'installed by the quick start' });
    if (answer.status === 409) continue; // the realm has it already
    if (answer.status !== 201) throw new Error(`installing template ${template} into realm ${realm}: HTTP ${answer.status} ${answer.text}`);
    installed.push(template);
  }
  if (Object.keys(obligationFlows).length === 0) return installed;
  const mapping = await call('PUT', '/obligation-flows', obligationFlows);
  if (mapping.status !== 200) throw new Error(`mapping obligations in realm ${realm}: HTTP ${mapping.status} ${mapping.text}`);
  return installed;
}

/** The bootstrap admin's token from the master realm (the quick start's admin/admin). */
export function masterAdminToken(keycloakUrl: string, username = 'admin', password = 'admin'): () => Promise<string> {
  return async () => {
    const response = await fetch(`${keycloakUrl}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username, password }),
    });
    const json = (await response.json()) as { access_token?: string; error_description?: string };
    if (!json.access_token) throw new Error(`cannot sign in to ${keycloakUrl} as ${username}: ${json.error_description}`);
    return json.access_token;
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const keycloakUrl = process.env.KC_URL ?? 'http://localhost:8080';
  const installed = await installDemoFlows({
    keycloakUrl,
    token: masterAdminToken(keycloakUrl, process.env.KC_ADMIN ?? 'admin', process.env.KC_ADMIN_PASSWORD ?? 'admin'),
  });
  console.log(installed.length > 0 ? `installed and published: ${installed.join(', ')}` : 'the demo realm has its flows already');
}
