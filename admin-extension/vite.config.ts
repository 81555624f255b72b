import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Builds the admin console as Keycloak serves an admin theme: `dist/` holds `.vite/manifest.json`
 * (Keycloak's AdminConsole reads it to find the entry script and its CSS) and `assets/`.
 * keycloak/pom.xml copies `dist/` into the provider jar as `theme/io/admin/resources`.
 * React is bundled (one copy, the version package-lock pins): some CommonJS dependencies
 * `require("react")`, which an external module (Keycloak's import map) cannot answer in a browser.
 */
export default defineConfig({
  plugins: [react()],
  base: '',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 6000,
    rollupOptions: {
      input: 'src/main.tsx',
    },
  },
});
