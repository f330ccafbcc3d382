// `npx tsx bench/cluster-two-node.ts [--quick] [--rounds=N]`: the two-node row of the bench.
//
// The persisted 1:1 scenario (pairs of users, each sender keeping `inflight` messages in flight,
// closed loop) on PostgreSQL, run twice per round: on ONE node (sender and receiver on the same
// server, no cluster), and across TWO nodes sharing Redis (every sender on node A, every receiver
// on node B, so each message is stored by A, sent over Redis and delivered reliably by B, whose
// answer goes back to A). Prints messages/s and p50/p99 (send -> delivery) for both, and the
// servers' CPU (both nodes summed for the cluster row). Redis: TIM_BENCH_REDIS_URL (default
// redis://127.0.0.1:6379/0, under a key prefix of this run that is deleted afterwards);
// PostgreSQL: TIM_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), a fresh
// database dropped afterwards.
//
// To put the row into bench/run.ts's table: `import { measureClusterRow } from './cluster-two-node.js'`
// and call it with the run's pairs/inflight/warm/measure sizes; it resolves with the median
// single-node and cross-node results (rate, p50, p99, server CPU), the same fields as a
// ThroughputResult row. Run alone, this file prints both rows as a markdown table.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { BenchClient, directFrame, type Target } from './load/bench-client.js';
import { closeAll, errorsOf, pool } from './load/scenarios.js';
import { createPgDatabase } from './lib/pg-db.js';
import { cpuSeconds } from './lib/proc.js';
import { startChild, type Started } from './lib/spawn.js';
import { Latencies, median } from './lib/stats.js';

export interface ClusterSizes {
  rounds: number;
  pairs: number;
  inflight: number;
  warmMs: number;
  measureMs: number;
}

export const CLUSTER_FULL: ClusterSizes = { rounds: 3, pairs: 50, inflight: 10, warmMs: 1500, measureMs: 5000 };
export const CLUSTER_QUICK: ClusterSizes = { rounds: 1, pairs: 20, inflight: 10, warmMs: 500, measureMs: 2000 };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const say = (s: string) => process.stderr.write(`${s}\n`);

export interface CrossResult {
  rate: number;
  p50: number;
  p99: number;
  serverCpu: number;
  /** each server's share of serverCpu (cores), in the order of serverPids */
  serverCpuEach: number[];
  errors: number;
  lost: number;
}

/** Pairs p = users (2p, 2p+1): 2p on `send` sends persisted messages to 2p+1 on `recv`. */
export async function runCross(sizes: ClusterSizes, send: Target, recv: Target, serverPids: number[]): Promise<CrossResult> {
  const { pairs, inflight } = sizes;
  const clients: BenchClient[] = new Array(2 * pairs);
  await pool(2 * pairs, 32, async (i) => {
    const c = await BenchClient.open(i % 2 === 0 ? send : recv, i);
    await c.login(i);
    clients[i] = c;
  });
  const lat = new Latencies();
  const sentAt = new Float64Array(pairs * inflight);
  const head = new Int32Array(pairs);
  const tail = new Int32Array(pairs);
  let outstanding = 0;
  let count = 0;
  let open = false;
  let done = false;
  const frames = Array.from({ length: pairs }, (_, p) => directFrame(recv, 2 * p + 1, true));
  const fire = (p: number) => {
    sentAt[p * inflight + (tail[p]++ % inflight)] = performance.now();
    outstanding++;
    clients[2 * p].send(frames[p]);
  };
  for (let p = 0; p < pairs; p++) {
    clients[2 * p + 1].onMsg = () => {
      const now = performance.now();
      const at = sentAt[p * inflight + (head[p]++ % inflight)];
      outstanding--;
      if (open) {
        count++;
        lat.add(now - at);
      }
      if (!done) fire(p);
    };
  }
  for (let p = 0; p < pairs; p++) for (let k = 0; k < inflight; k++) fire(p);
  await sleep(sizes.warmMs);
  const cpu0 = serverPids.map((pid) => cpuSeconds(pid));
  const t0 = performance.now();
  open = true;
  await sleep(sizes.measureMs);
  open = false;
  done = true;
  const seconds = (performance.now() - t0) / 1000;
  const serverCpuEach = serverPids.map((pid, i) => (cpuSeconds(pid) - cpu0[i]) / seconds);
  const serverCpu = serverCpuEach.reduce((a, b) => a + b, 0);
  const until = performance.now() + 10_000;
  while (outstanding > 0 && performance.now() < until) await sleep(5);
  const [p50, p99] = lat.percentiles([50, 99]);
  const { errors } = errorsOf(clients);
  const lost = outstanding;
  await closeAll(clients);
  return { rate: count / seconds, p50, p99, serverCpu, serverCpuEach, errors, lost };
}

async function server(name: string, database: object, logDir: string, redis?: string): Promise<Started> {
  // TIM_BENCH_CLUSTER_PROFILE=<dir>: each server writes a V8 CPU profile there when it stops
  // (summarise one with bench/lib/cpu-profile.ts).
  const prof = process.env.TIM_BENCH_CLUSTER_PROFILE;
  const nodeFlags = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [];
  return startChild(name, 'bench/cluster-server.ts', [JSON.stringify({ database, redis })], { logDir, nodeFlags });
}

/** Runs the scenario `sizes.rounds` times on one node and on two; the medians of each. */
export async function measureClusterRow(sizes: ClusterSizes): Promise<{ single: CrossResult; cross: CrossResult }> {
  const logDir = mkdtempSync(path.join(tmpdir(), 'tim-cluster-bench-'));
  const pg = await createPgDatabase(process.env.TIM_BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  const prefix = `tim-bench:${Date.now().toString(36)}:`;
  const redisBase = new URL(process.env.TIM_BENCH_REDIS_URL || 'redis://127.0.0.1:6379/0');
  const redisUrl = new URL(redisBase);
  redisUrl.searchParams.set('prefix', prefix);
  const database = { client: 'postgres', connection: pg.url, pool: { min: 1, max: 10 } };
  const single: CrossResult[] = [];
  const cross: CrossResult[] = [];
  try {
    // The first server migrates and seeds the shared database.
    const seeder = await server('seed', database, logDir);
    await seeder.peer.request('seed', { users: Math.max(2 * sizes.pairs, 2), pairs: sizes.pairs, roomMembers: 2 });
    await seeder.peer.stop();
    for (let r = 0; r < sizes.rounds; r++) {
      const one = await server(`single-${r}`, database, logDir);
      const t1: Target = { kind: 'tim', port: one.port, room: '' };
      single.push(await runCross(sizes, t1, t1, [one.peer.pid]));
      await one.peer.stop();
      say(`round ${r + 1}: single node ${single[r].rate.toFixed(0)} msg/s`);

      const a = await server(`a-${r}`, database, logDir, redisUrl.toString());
      const b = await server(`b-${r}`, database, logDir, redisUrl.toString());
      cross.push(await runCross(sizes, { kind: 'tim', port: a.port, room: '' }, { kind: 'tim', port: b.port, room: '' }, [a.peer.pid, b.peer.pid]));
      await Promise.all([a.peer.stop(), b.peer.stop()]);
      say(`round ${r + 1}: two nodes  ${cross[r].rate.toFixed(0)} msg/s`);
    }
  } finally {
    await pg.drop().catch((e: Error) => say(`could not drop ${pg.name}: ${e.message}`));
    await dropKeys(redisBase, prefix);
    rmSync(logDir, { recursive: true, force: true });
  }
  return { single: medianOf(single), cross: medianOf(cross) };
}

function medianOf(rs: CrossResult[]): CrossResult {
  const m = (f: (x: CrossResult) => number) => median(rs.map(f));
  const each = rs[0]?.serverCpuEach.map((_, i) => m((x) => x.serverCpuEach[i] ?? 0)) ?? [];
  return { rate: m((x) => x.rate), p50: m((x) => x.p50), p99: m((x) => x.p99), serverCpu: m((x) => x.serverCpu), serverCpuEach: each, errors: rs.reduce((n, x) => n + x.errors, 0), lost: rs.reduce((n, x) => n + x.lost, 0) };
}

async function main(): Promise<void> {
  const { values: argv } = parseArgs({ options: { quick: { type: 'boolean', default: false }, rounds: { type: 'string' } } });
  const sizes = { ...(argv.quick ? CLUSTER_QUICK : CLUSTER_FULL) };
  if (argv.rounds) sizes.rounds = Math.max(1, Number(argv.rounds));
  const { single, cross } = await measureClusterRow(sizes);
  const perMsg = (cores: number, rate: number) => ((cores * 1e6) / Math.max(rate, 1)).toFixed(0);
  const row = (label: string, x: CrossResult) =>
    `| ${label} | ${x.rate.toFixed(0)} | ${x.p50.toFixed(2)} | ${x.p99.toFixed(2)} | ${x.serverCpu.toFixed(2)} | ${x.serverCpuEach.map((c) => perMsg(c, x.rate)).join(' + ')} | ${x.errors + x.lost} |`;
  process.stdout.write(
    [
      `1:1 persisted on PostgreSQL, ${sizes.pairs} pairs x ${sizes.inflight} in flight, median of ${sizes.rounds} round(s)`,
      '| servers | msgs/s | p50 ms | p99 ms | server CPU (cores) | server CPU µs / msg (per node) | errors+lost |',
      '|---|---|---|---|---|---|---|',
      row('tim-pg, one node', single),
      row('tim-pg, two nodes + Redis (cross-node)', cross),
      '',
    ].join('\n'),
  );
}

async function dropKeys(base: URL, prefix: string): Promise<void> {
  const r = new Redis(base.toString(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await r.connect();
    let cursor = '0';
    for (let i = 0; i < 100_000; i++) {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await r.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } catch (e) {
    say(`could not delete the bench's Redis keys (${prefix}*): ${(e as Error).message}`);
  } finally {
    r.disconnect();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
