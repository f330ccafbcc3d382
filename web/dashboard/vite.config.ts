// The admin dashboard: built into dist/web/dashboard, served by the admin listener at `/`
// (src/admin/admin-pages.ts). Relative asset paths (base './'), so the page also works behind a
// proxy that mounts the admin listener under a sub-path.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web/dashboard', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 300,
  },
});
