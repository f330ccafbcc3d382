// `npm run bench [-- --quick] [-- --only=stream,fanout] [-- --rounds=N] [-- --profile=SCENARIO]`
//
// Starts each server in its own process (the project on SQLite in a temp directory and on
// PostgreSQL in a fresh database that is dropped afterwards, a bare ws relay, a Socket.IO relay),
// drives them from a load generator in another process, and prints one table: the project's
// figure beside the references measured in the same run. Scenario rounds are interleaved across
// servers so that a burst of noise from other work on the machine does not favour one of them.
//
// --servers=ID,ID runs only those servers (a before/after comparison of one of them).
//
// --profile=SCENARIO[@SERVER] runs one scenario against one server only (default tim-sqlite; or
// tim-sqlite-nd, tim-pg, tim-pg-nd, ws, ws-cork, ws-store-sqlite, ws-store-pg, sio, sio-knex), started with `node --cpu-prof`, and prints
// the top self-time functions.
//
// The `-nd` servers are the same compiled server with durable delivery switched off (plan.ts), each
// on its own database (SQLite file, PostgreSQL database), so the cost of durable delivery is
// measured in the same build and run as the normal rows.

import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../src/config/types.js';
import { createKnex } from '../src/store/connect.js';
import { migrateBuiltin } from '../src/store/migrations/migrate.js';
import type { Target } from './load/bench-client.js';
import { seed } from './servers/seed.js';
import { socketIoSelfCheck } from './lib/sio-selfcheck.js';
import { measureClusterRow } from './cluster-two-node.js';
import type { DirectJob, FanoutJob, LoginJob } from './load/scenarios.js';
import { formatProfile, summariseProfile } from './lib/cpu-profile.js';
import type { ChildPeer } from './lib/ipc.js';
import { createPgDatabase, type PgDatabase } from './lib/pg-db.js';
import { openFileLimit, rssBytes } from './lib/proc.js';
import { renderDetails, renderDurableCost, renderTable, type AnyResult, type ClusterRow, type IdleResult, type Results } from './lib/report.js';
import { REPO, startChild, tail } from './lib/spawn.js';
import { FULL, QUICK, SCENARIOS, SERVERS_OF, usersNeeded, type ScenarioId, type ServerId, type Sizes, type TimServerId } from './plan.js';

interface Server {
  id: ServerId;
  peer: ChildPeer;
  port: number;
  log: string;
  room: string;
}

const { values: argv } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    rounds: { type: 'string' },
    profile: { type: 'string' },
    servers: { type: 'string' },
    'keep-logs': { type: 'boolean', default: false },
  },
});

const sizes: Sizes = { ...(argv.quick ? QUICK : FULL) };
if (argv.rounds) sizes.rounds = Math.max(1, Number(argv.rounds));
const started = Date.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const say = (s: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${s}\n`);

function machine(): string {
  const model = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? '?';
  return [
    `cpus: ${cpus().length} x ${model}`,
    `memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} free)`,
    `node ${process.version}`,
    `load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`,
  ].join('; ');
}

const TIM_IDS: readonly string[] = ['tim-sqlite', 'tim-sqlite-nd', 'tim-pg', 'tim-pg-nd', 'tim-thrift'] satisfies TimServerId[];
const isTim = (id: string): id is TimServerId => TIM_IDS.includes(id);
const PG_ADMIN_URL = process.env.TIM_BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh database for server `id`: a SQLite file in `logDir`, or a new PostgreSQL database
 *  (added to `pgs`, which the caller drops). */
async function timDatabase(id: TimServerId, logDir: string, pgs: PgDatabase[]): Promise<Config['database']> {
  if (id === 'tim-sqlite' || id === 'tim-sqlite-nd' || id === 'tim-thrift') return { client: 'sqlite', connection: path.join(logDir, `${id}.db`), pool: { min: 1, max: 1 } };
  const pg = await createPgDatabase(PG_ADMIN_URL);
  pgs.push(pg);
  return { client: 'postgres', connection: pg.url, pool: { min: 0, max: 10 } };
}

/**
 * Creates the builtin schema and the bench fixtures from this process, then starts the server on
 * the ready database: the server's memory baseline then holds no seeding garbage. A `-nd` server
 * is started with durable delivery off, and the runner checks that it is.
 */
async function startTim(id: TimServerId, database: Config['database'], logDir: string, nodeFlags: string[] = []): Promise<Server> {
  const knex = createKnex(database);
  let room: string;
  try {
    await migrateBuiltin(knex);
    ({ room } = await seed(knex, { users: usersNeeded(sizes), pairs: sizes.pairs, roomMembers: sizes.members }));
  } finally {
    await knex.destroy();
  }
  const durable = !id.endsWith('-nd');
  const args = durable ? [JSON.stringify(database)] : [JSON.stringify(database), 'no-durable'];
  const s = await startChild(id, 'bench/servers/tim-server.ts', args, { logDir, nodeFlags });
  const on = await s.peer.request<boolean>('durable');
  if (on !== durable) {
    await s.peer.stop();
    throw new Error(`${id}: durable delivery is ${on ? 'on' : 'off'}, expected ${durable ? 'on' : 'off'}`);
  }
  return { id, ...s, room };
}

type RelayId = 'ws' | 'ws-cork' | 'ws-store-sqlite' | 'ws-store-pg' | 'sio' | 'sio-knex';
const RELAY_IDS: readonly string[] = ['ws', 'ws-cork', 'ws-store-sqlite', 'ws-store-pg', 'sio', 'sio-knex'] satisfies RelayId[];
const isRelay = (id: string): id is RelayId => RELAY_IDS.includes(id);

/** A reference server; the storing ones get a fresh SQLite file in `logDir` or a fresh PostgreSQL
 *  database (added to `pgs`). */
async function startRelay(id: RelayId, logDir: string, pgs: PgDatabase[], nodeFlags: string[] = []): Promise<Server> {
  let script = 'bench/servers/ws-relay.ts';
  let args: string[] = [];
  if (id === 'ws-cork') args = ['--cork'];
  else if (id === 'sio') script = 'bench/servers/sio-relay.ts';
  else if (id === 'sio-knex') [script, args] = ['bench/servers/sio-knex-chat.ts', [path.join(logDir, `${id}.db`)]];
  else if (id === 'ws-store-sqlite') [script, args] = ['bench/servers/ws-store-relay.ts', [`--store=sqlite:${path.join(logDir, `${id}.db`)}`]];
  else if (id === 'ws-store-pg') {
    const pg = await createPgDatabase(PG_ADMIN_URL);
    pgs.push(pg);
    [script, args] = ['bench/servers/ws-store-relay.ts', [`--store=pg:${pg.url}`]];
  }
  const s = await startChild(id, script, args, { logDir, nodeFlags });
  return { id, ...s, room: 'bench-room' };
}

const target = (s: Server): Target => ({ kind: s.id === 'tim-thrift' ? 'tim-thrift' : s.id.startsWith('ws') ? 'ws' : s.id.startsWith('sio') ? 'sio' : 'tim', port: s.port, room: s.room });

/** Sockets of the previous scenario must be gone before the next one starts. */
async function quiet(s: Server): Promise<void> {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    if ((await s.peer.request<number>('connections')) === 0) return;
    await sleep(50);
  }
  say(`warning: ${s.id} still has connections open`);
}

async function runOne(scenario: ScenarioId, s: Server, gen: ChildPeer): Promise<AnyResult> {
  await quiet(s);
  const base = { target: target(s), serverPid: s.peer.pid, warmMs: sizes.warmMs, measureMs: sizes.measureMs };
  switch (scenario) {
    case 'stream':
    case 'persisted': {
      const job: DirectJob = { ...base, pairs: sizes.pairs, inflight: sizes.inflight, persisted: scenario === 'persisted', maxMessages: sizes.maxMessages };
      return gen.request('direct', job);
    }
    case 'fanout':
    case 'fanout-persisted': {
      const job: FanoutJob = { ...base, members: sizes.members, inflight: sizes.fanoutInflight, persisted: scenario === 'fanout-persisted', maxDeliveries: sizes.maxDeliveries };
      return gen.request('fanout', job);
    }
    case 'login': {
      return gen.request('login', loginJob(base));
    }
    case 'idle':
      return runIdle(s, gen);
    case 'cluster':
      throw new Error('the cluster scenario starts its own servers (measureClusterRow)');
  }
}

function loginJob(base: { target: Target; serverPid: number }): LoginJob {
  return {
    ...base,
    warmMs: sizes.loginWarmMs,
    measureMs: sizes.loginMeasureMs,
    concurrency: sizes.loginConcurrency,
    maxLogins: sizes.maxLogins,
    users: usersNeeded(sizes),
    firstUser: 0,
  };
}

/** Scenario 4: VmRSS of the server after a full GC, before and after `idle` logins. */
async function runIdle(s: Server, gen: ChildPeer): Promise<IdleResult> {
  let count = sizes.idle;
  const limit = openFileLimit(s.peer.pid);
  if (limit < count + 256) {
    count = Math.max(100, limit - 256);
    say(`${s.id}: open-file limit ${limit}; idle scenario reduced to ${count} connections`);
  }
  // Warm the connection path first, so its compiled code is not charged to the connections.
  await gen.request('idleOpen', { target: target(s), count: 50 });
  await gen.request('idleClose');
  await quiet(s);
  const heap0 = (await s.peer.request<NodeJS.MemoryUsage>('gc')).heapUsed;
  const rss0 = rssBytes(s.peer.pid);
  const { seconds } = await gen.request<{ seconds: number }>('idleOpen', { target: target(s), count });
  await sleep(500);
  const heap1 = (await s.peer.request<NodeJS.MemoryUsage>('gc')).heapUsed;
  const rss1 = rssBytes(s.peer.pid);
  const open = await s.peer.request<number>('connections');
  await gen.request('idleClose');
  if (open < count) say(`warning: ${s.id} held ${open} of ${count} idle connections`);
  return {
    count,
    kbPerConnection: (rss1 - rss0) / 1024 / count,
    heapKbPerConnection: (heap1 - heap0) / 1024 / count,
    rssBeforeMb: rss0 / 2 ** 20,
    rssAfterMb: rss1 / 2 ** 20,
    openSeconds: seconds,
  };
}

async function main(): Promise<void> {
  const logDir = mkdtempSync(path.join(tmpdir(), 'tim-bench-'));
  const only = argv.only ? (argv.only.split(',') as ScenarioId[]) : SCENARIOS;
  for (const s of only) if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s} (known: ${SCENARIOS.join(', ')})`);
  const picked = argv.servers?.split(',');
  const needed = new Set(only.flatMap((s) => SERVERS_OF[s]).filter((id) => picked === undefined || picked.includes(id)));
  const info = machine();
  say(`${argv.quick ? 'quick' : 'full'} run; ${info}; logs in ${logDir}`);

  const servers = new Map<ServerId, Server>();
  const pgs: PgDatabase[] = [];
  const notes: string[] = [];
  let gen: ChildPeer | undefined;
  try {
    for (const id of ['tim-sqlite', 'tim-sqlite-nd', 'tim-thrift'] as const) {
      if (needed.has(id)) servers.set(id, await startTim(id, await timDatabase(id, logDir, pgs), logDir));
    }
    for (const id of ['tim-pg', 'tim-pg-nd'] as const) {
      if (!needed.has(id)) continue;
      try {
        servers.set(id, await startTim(id, await timDatabase(id, logDir, pgs), logDir));
      } catch (e) {
        notes.push(`${id} rows skipped: ${(e as Error).message.split('\n')[0]} (set TIM_BENCH_PG_URL)`);
        say(notes[notes.length - 1]);
      }
    }
    for (const id of ['ws', 'ws-cork', 'ws-store-sqlite', 'ws-store-pg', 'sio', 'sio-knex'] as const) {
      if (!needed.has(id)) continue;
      try {
        const relay = await startRelay(id, logDir, pgs);
        servers.set(id, relay);
        if (id === 'sio') await socketIoSelfCheck(relay.port);
      } catch (e) {
        if (id !== 'ws-store-pg') throw e;
        notes.push(`${id} rows skipped: ${(e as Error).message.split('\n')[0]} (set TIM_BENCH_PG_URL)`);
        say(notes[notes.length - 1]);
      }
    }
    gen = (await startChild('loadgen', 'bench/load/loadgen.ts', [], { logDir })).peer;
    say(`servers up: ${[...servers.values()].map((s) => `${s.id} pid ${s.peer.pid}`).join(', ')}`);

    const results: Results = new Map();
    let cluster: ClusterRow | undefined;
    for (const scenario of only) {
      if (scenario === 'cluster') {
        say('cluster: persisted 1:1 on PostgreSQL, one node and two nodes + Redis (bench/cluster-two-node.ts)');
        try {
          cluster = await measureClusterRow({ rounds: sizes.rounds, pairs: sizes.pairs, inflight: sizes.inflight, warmMs: sizes.warmMs, measureMs: sizes.measureMs });
          say(`  one node ${Math.round(cluster.single.rate)}/s, two nodes ${Math.round(cluster.cross.rate)}/s`);
        } catch (e) {
          notes.push(`cluster row skipped: ${(e as Error).message.split('\n')[0]}`);
          say(notes[notes.length - 1]);
        }
        continue;
      }
      const ids = SERVERS_OF[scenario].filter((id) => servers.has(id));
      const rounds = scenario === 'idle' || scenario === 'login' ? 1 : sizes.rounds;
      const byServer = new Map<ServerId, AnyResult[]>();
      results.set(scenario, byServer);
      for (let round = 0; round < rounds; round++) {
        for (const id of ids) {
          const s = servers.get(id)!;
          say(`${scenario} round ${round + 1}/${rounds}: ${id}`);
          try {
            const r = await runOne(scenario, s, gen);
            byServer.set(id, [...(byServer.get(id) ?? []), r]);
            const rate = (r as { rate?: number }).rate;
            say(`  ${rate !== undefined ? `${Math.round(rate).toLocaleString('en-US')}/s` : `${(r as IdleResult).kbPerConnection.toFixed(1)} KB/conn`}`);
          } catch (e) {
            const msg = `${scenario} on ${id} failed: ${(e as Error).message.split('\n')[0]}`;
            notes.push(msg);
            say(`${msg}\n${tail(s.log, 10)}`);
          }
        }
      }
    }

    const table = renderTable(results, sizes, cluster);
    const durableCost = renderDurableCost(results);
    process.stdout.write(
      `\n${argv.quick ? 'Quick' : 'Full'} run, ${new Date().toISOString()}; ${info}; load average at end: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}; took ${((Date.now() - started) / 1000).toFixed(0)} s\n\n${table}\n\n${durableCost ? `Durable delivery, on (the rows above) and off (same build, same run; best round each):\n\n${durableCost}\n\n` : ''}Details (best round; CPU = share of one core during the window):\n\n${renderDetails(results)}\n`,
    );
    if (notes.length > 0) process.stdout.write(`\nNotes:\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
  } finally {
    await Promise.all([gen?.stop(), ...[...servers.values()].map((s) => s.peer.stop())]);
    for (const pg of pgs) await pg.drop().catch((e: Error) => say(`could not drop ${pg.name}: ${e.message}`));
    if (argv['keep-logs']) say(`logs kept in ${logDir}`);
    else rmSync(logDir, { recursive: true, force: true });
  }
}

async function profile(spec: string): Promise<void> {
  const [scenario, id = 'tim-sqlite'] = spec.split('@') as [ScenarioId, ServerId?];
  if (!SCENARIOS.includes(scenario)) throw new Error(`unknown scenario ${scenario} (known: ${SCENARIOS.join(', ')})`);
  const logDir = mkdtempSync(path.join(tmpdir(), 'tim-bench-'));
  const profDir = path.join(logDir, 'prof');
  mkdirSync(profDir);
  const pgs: PgDatabase[] = [];
  let server: Server | undefined;
  let gen: ChildPeer | undefined;
  let range: [number, number] | undefined;
  try {
    const flags = ['--cpu-prof', `--cpu-prof-dir=${profDir}`];
    if (isTim(id)) {
      server = await startTim(id, await timDatabase(id, logDir, pgs), logDir, flags);
    } else if (isRelay(id)) {
      server = await startRelay(id, logDir, pgs, flags);
    } else {
      throw new Error(`unknown server ${id} (known: ${[...TIM_IDS, ...RELAY_IDS].join(', ')})`);
    }
    if (scenario === 'cluster') throw new Error('the cluster scenario cannot be profiled here');
    gen = (await startChild('loadgen', 'bench/load/loadgen.ts', [], { logDir })).peer;
    say(`profiling ${scenario} on ${id}, pid ${server.peer.pid}`);
    // Tokens for the login scenario are issued before the profiled part.
    if (scenario === 'login' && isTim(id)) await gen.request('loginTokens', loginJob({ target: target(server), serverPid: server.peer.pid }));
    const from = await server.peer.request<number>('clock');
    const r = await runOne(scenario, server, gen);
    range = [from, await server.peer.request<number>('clock')];
    say(`result: ${JSON.stringify(r)}`);
  } finally {
    await gen?.stop();
    await server?.peer.stop();
    for (const pg of pgs) await pg.drop().catch(() => undefined);
  }
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile was written');
  const kept = path.join(tmpdir(), `tim-bench-${scenario}-${id}.cpuprofile`);
  copyFileSync(path.join(profDir, file), kept);
  rmSync(logDir, { recursive: true, force: true });
  process.stdout.write(
    `\nProfile of ${id} during '${scenario}' (samples from the scenario's first connection to its last close): ${kept}\n\n${formatProfile(summariseProfile(kept, REPO, range))}\n`,
  );
}

(argv.profile ? profile(argv.profile) : main()).catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
