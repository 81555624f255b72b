/** Keycloak's admin REST API through @keycloak/keycloak-admin-client, as the bootstrap admin. */
import KcAdminClient from '@keycloak/keycloak-admin-client';
import type UserRepresentation from '@keycloak/keycloak-admin-client/lib/defs/userRepresentation.js';
import { getStack } from './stack.js';
import { TEST_USER } from './journey.js';

export async function adminClient(): Promise<KcAdminClient> {
  const admin = new KcAdminClient({ baseUrl: getStack().keycloak.url, realmName: 'master' });
  await admin.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
  admin.setConfig({ realmName: 'demo' });
  return admin;
}

export async function testUser(admin: KcAdminClient): Promise<UserRepresentation & { id: string }> {
  const [user] = await admin.users.find({ username: TEST_USER.username, exact: true });
  if (!user?.id) throw new Error(`no user ${TEST_USER.username} in the demo realm`);
  return user as UserRepresentation & { id: string };
}

export async function userSessionIds(admin: KcAdminClient): Promise<string[]> {
  const sessions = await admin.users.listSessions({ id: (await testUser(admin)).id });
  return sessions.map((session) => session.id!);
}

/**
 * Points the demo client's IO step at another flow (the demo realm's "io demo journey" config) and
 * returns the function that puts the original back.
 */
export async function useJourneyFlow(flow: string): Promise<() => Promise<void>> {
  const admin = await adminClient();
  const executions = await admin.authenticationManagement.getExecutions({ flow: 'io browser' });
  const configId = executions.find((execution) => execution.providerId === 'io-journey')?.authenticationConfig;
  if (!configId) throw new Error('the io browser flow has no configured IO journey step');
  const original = await admin.authenticationManagement.getConfig({ id: configId });
  const update = (config: Record<string, string>) =>
    admin.authenticationManagement.updateConfig({ ...original, id: configId, config });
  await update({ ...original.config, flow });
  return async () => update(original.config ?? {});
}
