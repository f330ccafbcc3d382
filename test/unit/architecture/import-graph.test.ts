// The layering of src/ (docs/architecture.md "Layers and ports"), checked over the import graph:
// every relative `import ... from` / `export ... from` in src/**/*.ts, read with a small regex walker.
// - no cycle of runtime imports anywhere in src/;
// - nothing in src/core imports src/cluster, src/transport or src/admin (the core reaches other
//   nodes through the Peers port, core/peers.ts);
// - src/business reaches src/store only through its public modules (store/builtin-db.ts for the
//   repositories, the Store, errors, accounts, passwords), not dialects, migrations or sql/;
// - no cycle at all, type imports included: the handlers name the core through CoreContext
//   (core/core-context.ts), never the TimCore class that imports them.
// Run alone: npx vitest run test/unit/architecture/import-graph.test.ts

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../../src');

interface Edge {
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** `import`/`export` statements with a relative specifier; comments removed first. */
const STATEMENT = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"](\.{1,2}\/[^'"]+)['"]|(?:^|[;\n])\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function target(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec).replace(/\.js$/, '');
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return null;
}

/** A clause is type-only when written `import type`, or when every named specifier is `type X`. */
function typeOnly(typeKeyword: string | undefined, clause: string): boolean {
  if (typeKeyword !== undefined) return true;
  const m = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (m === null) return false;
  const names = m[1].split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  return names.length > 0 && names.every((n) => n.startsWith('type '));
}

function importGraph(): Map<string, Edge[]> {
  const graph = new Map<string, Edge[]>();
  for (const file of sourceFiles(SRC)) {
    const edges: Edge[] = [];
    for (const m of stripComments(readFileSync(file, 'utf8')).matchAll(STATEMENT)) {
      const spec = m[4] ?? m[5];
      const to = target(file, spec);
      if (to === null) throw new Error(`${relative(SRC, file)}: cannot resolve ${spec}`);
      edges.push({ to, typeOnly: m[5] === undefined && typeOnly(m[2]?.trim() || undefined, m[3]) });
    }
    graph.set(file, edges);
  }
  return graph;
}

/** Strongly connected components of more than one file (Tarjan), as sorted paths relative to src/. */
function cycles(graph: Map<string, Edge[]>, keep: (e: Edge) => boolean): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const e of graph.get(v) ?? []) {
      if (!keep(e)) continue;
      if (!index.has(e.to)) {
        visit(e.to);
        low.set(v, Math.min(low.get(v)!, low.get(e.to)!));
      } else if (onStack.has(e.to)) {
        low.set(v, Math.min(low.get(v)!, index.get(e.to)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(relative(SRC, w));
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('import graph of src/', () => {
  const graph = importGraph();
  const rel = (f: string) => relative(SRC, f).split('\\').join('/');

  it('reads every source file and finds the core -> protocol edges', () => {
    expect(graph.size).toBeGreaterThan(100);
    const core = graph.get(join(SRC, 'core/tim-core.ts'))!;
    expect(core.map((e) => rel(e.to))).toContain('protocol/frame-codec.ts');
  });

  it('has no cycle of runtime imports', () => {
    expect(cycles(graph, (e) => !e.typeOnly)).toEqual([]);
  });

  it('has business/ reach the store only through its public modules, never knex internals', () => {
    // the Store, its errors, the builtin tables' access for repositories, accounts and passwords
    const allowed = new Set(['store/store.ts', 'store/errors.ts', 'store/builtin-db.ts', 'store/builtin-accounts.ts', 'store/passwords.ts', 'store/hash-gate.ts', 'store/storable-text.ts']);
    const offending: string[] = [];
    for (const [from, edges] of graph) {
      if (!rel(from).startsWith('business/')) continue;
      for (const e of edges) if (rel(e.to).startsWith('store/') && !allowed.has(rel(e.to))) offending.push(`${rel(from)} -> ${rel(e.to)}`);
    }
    expect(offending).toEqual([]);
  });

  it('has no import from src/core into src/cluster, src/transport or src/admin', () => {
    const offending: string[] = [];
    for (const [from, edges] of graph) {
      if (!rel(from).startsWith('core/')) continue;
      for (const e of edges) if (/^(cluster|transport|admin)\//.test(rel(e.to))) offending.push(`${rel(from)} -> ${rel(e.to)}`);
    }
    expect(offending).toEqual([]);
  });

  it('has no import from src/cluster into the core handlers', () => {
    const offending: string[] = [];
    for (const [from, edges] of graph) {
      if (!rel(from).startsWith('cluster/')) continue;
      for (const e of edges) if (/^core\/(handlers|vroom)\/|^core\/tim-core\.ts$/.test(rel(e.to)) && !rel(from).endsWith('cluster-service.ts')) offending.push(`${rel(from)} -> ${rel(e.to)}`);
    }
    expect(offending).toEqual([]);
  });

  it('has no cycle at all, type imports included', () => {
    expect(cycles(graph, () => true)).toEqual([]);
  });
});
