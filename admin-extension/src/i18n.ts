import { createInstance } from 'i18next';
import FetchBackend from 'i18next-fetch-backend';
import { initReactI18next } from 'react-i18next';
import { environment } from './environment';

/**
 * One i18next instance for the stock console and IO's pages: Keycloak serves the admin theme's
 * messages (keycloak.v2's plus theme/io/admin/messages, and the realm's overrides) as
 * `[{key, value}]` at /resources/{realm}/admin/{lng}.
 */
export const i18n = createInstance({
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  backend: {
    loadPath: `${environment.serverBaseUrl}/resources/${environment.realm}/admin/{{lng}}`,
    parse: (data: string) => Object.fromEntries((JSON.parse(data) as Array<{ key: string; value: string }>).map(({ key, value }) => [key, value])),
  },
});

i18n.use(FetchBackend).use(initReactI18next);
