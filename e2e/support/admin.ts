/** Keycloak's admin REST API through @keycloak/keycloak-admin-client, as the bootstrap admin. */
import KcAdminClient from '@keycloak/keycloak-admin-client';
import type UserRepresentation from '@keycloak/keycloak-admin-client/lib/defs/userRepresentation.js';
import { getStack } from './stack.js';
import { TEST_USER } from './journey.js';

/**
 * The bootstrap admin of master; requests default to the demo realm. The token comes from a client
 * of master that refreshes it in master (a client switched to demo would refresh it in demo, which
 * refuses it), so an admin client kept for minutes keeps working; `getAccessToken()` is current.
 */
export async function adminClient(): Promise<KcAdminClient> {
  const baseUrl = getStack().keycloak.url;
  const master = new KcAdminClient({ baseUrl, realmName: 'master' });
  await master.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
  const admin = new KcAdminClient({ baseUrl, realmName: 'demo' });
  admin.registerTokenProvider({
    getAccessToken: async () => {
      const token = await master.getAccessToken();
      admin.setAccessToken(token!);
      return token;
    },
  });
  admin.setAccessToken(master.accessToken!);
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
 * Points the demo client at another IO flow (its `io.flow` attribute, which the IO step prefers to
 * its own config) and returns the function that puts the original back.
 */
export async function useJourneyFlow(flow: string, clientId = 'demo-app'): Promise<() => Promise<void>> {
  const admin = await adminClient();
  const [client] = await admin.clients.find({ clientId });
  if (!client?.id) throw new Error(`no client ${clientId} in the demo realm`);
  const original = client.attributes ?? {};
  await admin.clients.update({ id: client.id }, { ...client, attributes: { ...original, 'io.flow': flow } });
  // A new sign-in to put it back: the test in between may outlive this admin's tokens.
  return async () => (await adminClient()).clients.update({ id: client.id! }, { ...client, attributes: original });
}
