// `node --import tsx bench/tools/idle-heap.ts [tim|ws|sio]`: what one idle logged-in connection
// keeps on the server's JS heap. Takes a heap snapshot of the server after a full GC before and
// after 2,000 idle logins and prints the difference per connection, grouped by constructor.

import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createKnex } from '../../src/store/connect.js';
import { migrateBuiltin } from '../../src/store/migrations/migrate.js';
import { seed } from '../servers/seed.js';
import { startChild } from '../lib/spawn.js';

const which = process.argv[2] ?? 'tim';
const N = 2000;
const dir = mkdtempSync(path.join(tmpdir(), 'heap-'));
let server: Awaited<ReturnType<typeof startChild>>;
let room = 'bench-room';
if (which === 'tim') {
  const database = { client: 'sqlite' as const, connection: path.join(dir, 'tim.db'), pool: { min: 1, max: 1 } };
  const knex = createKnex(database);
  await migrateBuiltin(knex);
  ({ room } = await seed(knex, { users: N, pairs: 1, roomMembers: 2 }));
  await knex.destroy();
  server = await startChild('tim', 'bench/servers/tim-server.ts', [JSON.stringify(database)], { logDir: dir });
} else {
  server = await startChild(which, `bench/servers/${which}-relay.ts`, [], { logDir: dir });
}
const gen = (await startChild('loadgen', 'bench/load/loadgen.ts', [], { logDir: dir })).peer;
const target = { kind: which === 'tim' ? 'tim' : which, port: server.port, room };
await gen.request('idleOpen', { target, count: 50 });
await gen.request('idleClose');
await new Promise((r) => setTimeout(r, 500));
await server.peer.request('gc');
const a = path.join(dir, 'a.heapsnapshot');
await server.peer.request('snapshot', { file: a });
await gen.request('idleOpen', { target, count: N });
await new Promise((r) => setTimeout(r, 500));
await server.peer.request('gc');
const b = path.join(dir, 'b.heapsnapshot');
await server.peer.request('snapshot', { file: b });
await gen.request('idleClose');
await gen.stop();
await server.peer.stop();

function agg(file: string) {
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  const f = snap.snapshot.meta.node_fields as string[];
  const types = snap.snapshot.meta.node_types[0] as string[];
  const nf = f.length, iType = f.indexOf('type'), iName = f.indexOf('name'), iSize = f.indexOf('self_size');
  const nodes = snap.nodes as number[];
  const strings = snap.strings as string[];
  const m = new Map<string, { n: number; size: number }>();
  let total = 0;
  for (let i = 0; i < nodes.length; i += nf) {
    const t = types[nodes[i + iType]];
    let name = strings[nodes[i + iName]];
    if (t === 'string' || t === 'concatenated string' || t === 'sliced string') name = '(string)';
    if (t === 'number') name = '(number)';
    if (t === 'code') name = '(code)';
    if (t === 'array') name = `(array) ${name}`;
    if (name.length > 60) name = name.slice(0, 60);
    const key = `${t}:${name}`;
    const e = m.get(key) ?? { n: 0, size: 0 };
    e.n++; e.size += nodes[i + iSize]; total += nodes[i + iSize];
    m.set(key, e);
  }
  return { m, total };
}
const A = agg(a), B = agg(b);
console.log(`${which}: heap total ${(A.total / 1e6).toFixed(1)} MB -> ${(B.total / 1e6).toFixed(1)} MB; per connection ${((B.total - A.total) / N).toFixed(0)} bytes`);
const rows = [...B.m.entries()].map(([k, v]) => ({ k, dn: (v.n - (A.m.get(k)?.n ?? 0)) / N, ds: (v.size - (A.m.get(k)?.size ?? 0)) / N })).filter((r) => r.ds > 8).sort((x, y) => y.ds - x.ds).slice(0, 40);
for (const r of rows) console.log(`${r.ds.toFixed(0).padStart(6)} B/conn ${r.dn.toFixed(2).padStart(6)} obj/conn  ${r.k}`);
