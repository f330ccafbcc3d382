// The demo chat: built into dist/web/demo and served by the client listener at /demo/
// (src/transport/demo-page.ts, config `web.demo`). It bundles the project's own TypeScript client
// (src/client) for the browser; nothing is loaded from anywhere but the server.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/demo/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web/demo', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 200,
  },
});
