// The README's "Layout" section names every folder of src/ and every top-level folder of the
// repository, so that it cannot drift from the tree unnoticed (issue: the layout section must
// match the tree). Generated or local folders (node_modules, dist, data) are not part of it.

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const LOCAL = new Set(['node_modules', 'dist', 'data', 'coverage']);

function layoutBlock(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /^## Layout\n+```\n([\s\S]*?)```/m.exec(readme);
  if (!m) throw new Error('README.md has no "## Layout" section with a code block');
  return m[1];
}

const dirs = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !LOCAL.has(e.name))
    .map((e) => e.name);

describe('README layout', () => {
  const block = layoutBlock();
  it('names every folder of src/', () => {
    expect(dirs(join(ROOT, 'src')).filter((d) => !block.includes(`src/${d}/`))).toEqual([]);
  });
  it('names every top-level folder', () => {
    expect(dirs(ROOT).filter((d) => !new RegExp(`(^|[\\s,])${d}/`, 'm').test(block))).toEqual([]);
  });
  it('names only folders that exist', () => {
    const named = [...block.matchAll(/(?:^|\s)((?:src|web|test)\/[\w-]+)\//gm)].map((m) => m[1]);
    expect(named.filter((p) => !dirs(join(ROOT, p.split('/')[0])).includes(p.split('/')[1]))).toEqual([]);
  });
});
