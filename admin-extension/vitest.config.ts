import { defineConfig } from 'vitest/config';

/**
 * The console's tests (`npm run test:console`): test/*.test.ts in node, the designer's model
 * against the bridge's real validation, and the messages.
 */
export default defineConfig({
  test: {
    projects: [{ test: { name: 'model', include: ['test/*.test.ts'], environment: 'node' } }],
  },
});
