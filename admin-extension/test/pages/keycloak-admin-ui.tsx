/**
 * Test doubles of what IO's pages use from `@keycloak/keycloak-admin-ui` (the stock console: its
 * App provides these from a signed-in session). The realm is `demo`, the admin client is the fake
 * server's (test/pages/server.ts), and the admin's roles are `access.roles`, which a test may change.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BASE_URL, REALM } from './server';

const adminClient = { baseUrl: BASE_URL, getAccessToken: async () => 'console-token' };

export const access = { roles: new Set(['view-realm', 'manage-realm', 'view-users', 'manage-users']) };

export const useAdminClient = () => ({ adminClient });
export const useRealm = () => ({ realm: REALM });
export const useAccess = () => ({ hasAccess: (...roles: string[]) => roles.every((role) => access.roles.has(role)) });

/**
 * The stock page header: the title (translated unless `noTranslate`) and the help line, translated
 * too; a text that is no key (the pages pass some already translated) comes out of the stock `t` as it is.
 */
export function ViewHeader({ titleKey, subKey, noTranslate = false }: { titleKey: string; subKey?: string | ReactNode; noTranslate?: boolean }) {
  const { t, i18n } = useTranslation();
  const text = (key: string) => (i18n.exists(key) ? t(key) : key);
  return (
    <header>
      <h1>{noTranslate ? titleKey : text(titleKey)}</h1>
      {subKey && <p>{typeof subKey === 'string' ? text(subKey) : subKey}</p>}
    </header>
  );
}
