import { defineConfig } from 'vitest/config';

/**
 * The console's tests (`npm run test:console`), one runner for two kinds:
 * - test/*.test.ts in node: the designer's model against the bridge's real validation, the messages;
 * - test/pages/*.test.tsx in jsdom: IO's real pages rendered with Testing Library, the Keycloak
 *   admin console's hooks and header replaced by small doubles and the server by a fake `fetch`
 *   (test/pages/setup.tsx, test/pages/server.ts).
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'model', include: ['test/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'pages',
          include: ['test/pages/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['test/pages/setup.tsx'],
          // One module graph and DOM per worker (React, PatternFly and the pages loaded once, not per
          // file): three times faster. Each test leaves nothing behind (setup.tsx: cleanup, server reset).
          isolate: false,
          testTimeout: 30_000,
        },
      },
    ],
  },
});
