#!/usr/bin/env node
// Builds every browser page the server serves: each web/<page>/vite.config.ts is one Vite build whose
// output lands in dist/web/<page>/ (the config sets build.outDir). `npm run build` runs this after tsc,
// so `npm start` serves the pages with no network and no dev server.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(root, 'web');
const pages = existsSync(webDir)
  ? readdirSync(webDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(path.join(webDir, d.name, 'vite.config.ts')))
      .map((d) => d.name)
  : [];

if (pages.length > 0) {
  let build;
  try {
    ({ build } = await import('vite'));
  } catch {
    // An install without devDependencies (a production image's runtime stage) keeps the pages the
    // build stage made; it cannot make new ones.
    console.error('build-web: vite is not installed; skipping the web pages (dist/web is used as it is)');
    process.exit(0);
  }
  for (const page of pages) {
    await build({ configFile: path.join(webDir, page, 'vite.config.ts'), logLevel: 'warn' });
  }
}
