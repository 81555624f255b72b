/**
 * Every page test: the stock console replaced by test doubles (keycloak-admin-ui.tsx), `fetch` by
 * the fake server (server.ts), the console's real i18n (src/i18n.ts) loaded with the real English
 * bundle, and a ResizeObserver (reactflow measures with it; jsdom has none).
 */
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeAll, expect, vi } from 'vitest';
import { access } from './keycloak-admin-ui';
import { BASE_URL, REALM, server } from './server';

/** Keys the pages asked for that the English bundle lacks: a test that shows one fails. */
const missingKeys: string[] = [];

// A page's first render loads its lazy chunk (transformed on demand): slow on a busy machine.
configure({ asyncUtilTimeout: 10_000 });

vi.mock('@keycloak/keycloak-admin-ui', () => import('./keycloak-admin-ui'));
vi.stubGlobal('fetch', server.fetch);

/** Sizes are never reported: jsdom lays nothing out. */
class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
vi.stubGlobal('ResizeObserver', NoResizeObserver);

beforeAll(async () => {
  // What Keycloak's admin index.ftl puts into the page; src/environment.ts reads it when first loaded.
  if (!document.getElementById('environment')) {
    const environment = document.createElement('script');
    environment.id = 'environment';
    environment.type = 'application/json';
    environment.textContent = JSON.stringify({ serverBaseUrl: BASE_URL, realm: REALM });
    document.head.append(environment);
  }
  const { i18n } = await import('../../src/i18n');
  await i18n.init({ showSupportNotice: false, saveMissing: true, missingKeyHandler: (_languages, _namespace, key) => missingKeys.push(key) });
});

afterEach(() => {
  cleanup();
  const unanswered = server.unanswered;
  const untranslated = missingKeys.splice(0);
  server.reset();
  access.roles = new Set(['view-realm', 'manage-realm', 'view-users', 'manage-users']);
  expect(unanswered, 'requests the test set no answer for').toEqual([]);
  expect(untranslated, 'message keys without English').toEqual([]);
});
