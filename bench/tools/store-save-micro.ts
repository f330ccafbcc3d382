// `node --import tsx bench/tools/store-save-micro.ts [sqlite|postgres]`: how much CPU one
// message.save costs through the real SqlStore and insert batcher, with `concurrency` saves in
// flight (as many as the persisted scenario keeps), in µs per row of wall and of process CPU.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildConfig } from '../../src/config/load-config.js';
import { createKnex } from '../../src/store/connect.js';
import { migrateBuiltin } from '../../src/store/migrations/migrate.js';
import { SqlStore } from '../../src/store/sql-store.js';
import { compileTemplates } from '../../src/store/sql/template-set.js';
import { loadBuiltinTemplates } from '../../src/store/builtin-templates.js';
import { dummyVerify, verifyPassword } from '../../src/store/passwords.js';
import { createPgDatabase } from '../lib/pg-db.js';

const client = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const concurrency = Number(process.argv[3] ?? 200);
const total = Number(process.argv[4] ?? 60_000);
const dir = mkdtempSync(path.join(tmpdir(), 'tim-save-'));
const pg = client === 'postgres' ? await createPgDatabase(process.env.TIM_BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres') : undefined;
const database = client === 'sqlite' ? { client, connection: path.join(dir, 't.db') } : { client, connection: pg!.url };
const config = buildConfig({ database });
const knex = createKnex(config.database);
try {
  await migrateBuiltin(knex);
  const store = new SqlStore(knex, compileTemplates(config, loadBuiltinTemplates()), { verify: verifyPassword, dummyVerify, scheme: 'scrypt' });
  const stanza = JSON.stringify({ msType: 2, odType: 1, id: 123456, mid: 1, fromTid: { node: 'abcdefghijk' }, toTid: { node: 'bcdefghijkl' }, dataString: 'x'.repeat(100), timestamp: 1700000000000000000 });
  let mid = 1;
  const save = () => store.saveMessage({ mid: mid++, chat: 'u:a,b', from: 'a', to: 'b', room: null, msType: 2, odType: 1, body: 'x'.repeat(100), data: null, udtype: null, udshow: null, extend: null, stanza, time: Date.now() });
  const run = async (n: number) => {
    let started = 0;
    const worker = async () => {
      while (started < n) {
        started++;
        await save();
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  await run(5000); // warm up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run(total);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(`${client}: ${total} saves, ${concurrency} in flight: ${((wall * 1000) / total).toFixed(2)} µs/row wall, ${((cpu.user + cpu.system) / total).toFixed(2)} µs/row CPU, ${Math.round(total / (wall / 1000))} rows/s`);
} finally {
  await knex.destroy();
  await pg?.drop();
  rmSync(dir, { recursive: true, force: true });
}
