// The table the bench prints: one row per scenario figure, the project beside the two references
// measured in the same run, the ratios, and the target with how far it is missed. Markdown, so it
// can be pasted into docs/performance.md as it is.

import type { LoginResult, ThroughputResult } from '../load/scenarios.js';
import type { ScenarioId, ServerId, Sizes } from '../plan.js';

export interface IdleResult {
  count: number;
  kbPerConnection: number;
  heapKbPerConnection: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  openSeconds: number;
}

export type AnyResult = ThroughputResult | LoginResult | IdleResult;
export type Results = Map<ScenarioId, Map<ServerId, AnyResult[]>>;

const int = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-');
const ms = (x: number) => (!Number.isFinite(x) ? '-' : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : '-');

function rounds<T extends AnyResult>(r: Results, s: ScenarioId, server: ServerId): T[] {
  return (r.get(s)?.get(server) ?? []) as T[];
}

/** The best round (highest rate): on a shared machine, noise only ever slows a run down. */
export function best(r: Results, s: ScenarioId, server: ServerId): ThroughputResult | LoginResult | undefined {
  const list = rounds<ThroughputResult | LoginResult>(r, s, server);
  return list.length === 0 ? undefined : list.reduce((a, b) => (b.rate > a.rate ? b : a));
}

function idle(r: Results, server: ServerId): IdleResult | undefined {
  return rounds<IdleResult>(r, 'idle', server)[0];
}

/** The two-node row (bench/cluster-two-node.ts): the same persisted 1:1 load on one node and
 *  across two nodes sharing Redis (medians of the rounds; server CPU summed over both nodes). */
export interface ClusterRow {
  single: { rate: number; p50: number; p99: number; serverCpu: number };
  cross: { rate: number; p50: number; p99: number; serverCpu: number };
}

/** The reference columns, in order. In a persisted row the storage column is the storing relay on
 *  the row's database. */
type Col = 'ws' | 'ws-cork' | 'store' | 'sio' | 'sio-knex';
const COLS: Col[] = ['ws', 'ws-cork', 'store', 'sio', 'sio-knex'];
const HEAD = [
  'scenario',
  'figure',
  'tim-ts',
  'ws relay',
  'ws relay, corked',
  'ws corked + same storage',
  'Socket.IO',
  'Socket.IO + knex (SQLite)',
  'tim / ws',
  'tim / ws corked',
  'tim / ws corked + storage',
  'tim / Socket.IO',
  'tim / Socket.IO + knex',
  'target',
];

/** µs of server CPU per message (per delivery in fan-out, per login): the server's user+system
 *  time over the window divided by what it delivered in it. */
export const cpuPerUnit = (x: { serverCpu: number; rate: number } | undefined) => (x && x.rate > 0 ? (x.serverCpu / x.rate) * 1e6 : Number.NaN);
const us = (x: number) => (!Number.isFinite(x) ? '-' : x < 10 ? x.toFixed(1) : x.toFixed(0));

export function renderTable(r: Results, sizes: Sizes, cluster?: ClusterRow): string {
  const rows: string[][] = [];
  const lat = (b: ThroughputResult | LoginResult | undefined) => (b ? `${ms(b.p50)} / ${ms(b.p99)}` : '-');
  const blank = ['', '', '', '', ''];

  /** Three rows (rate, latency, CPU per unit) for `tim` beside the references that ran. */
  const scenarioRows = (s: ScenarioId, tim: ServerId, store: ServerId | undefined, label: string, unit: string, latency: string, target: (t: number, ref: Record<Col, number>) => string) => {
    const ids: Record<Col, ServerId | undefined> = { ws: 'ws', 'ws-cork': 'ws-cork', store, sio: 'sio', 'sio-knex': s === 'persisted' || s === 'fanout-persisted' ? 'sio-knex' : undefined };
    const b = (id: ServerId | undefined) => (id ? best(r, s, id) : undefined);
    const t = b(tim)?.rate ?? Number.NaN;
    const ref = Object.fromEntries(COLS.map((c) => [c, b(ids[c])?.rate ?? Number.NaN])) as Record<Col, number>;
    const ratios = COLS.map((c) => pct(t / ref[c]));
    rows.push([label, unit, int(t), ...COLS.map((c) => int(ref[c])), ...ratios, target(t, ref)]);
    rows.push(['', latency, lat(b(tim)), ...COLS.map((c) => lat(b(ids[c]))), ...blank, '']);
    rows.push(['', `server CPU µs / ${unit === 'deliveries/s' ? 'delivery' : 'msg'}`, us(cpuPerUnit(b(tim))), ...COLS.map((c) => us(cpuPerUnit(b(ids[c])))), ...blank, '']);
  };
  const judge = (x: number, min: number) => (!Number.isFinite(x) ? 'not run' : x >= min ? `${pct(x)}, met` : `${pct(x)}, missed by ${Math.round((min - x) * 100)} points`);

  if (r.has('stream')) {
    scenarioRows('stream', 'tim-sqlite', undefined, `1. 1:1 stream (odType 5), ${sizes.pairs} pairs x ${sizes.inflight} in flight`, 'msgs/s', 'p50 / p99 ms', (t, ref) => `>= 60% of ws corked: ${judge(t / ref['ws-cork'], 0.6)}`);
    if (r.get('stream')?.has('tim-thrift')) {
      scenarioRows('stream', 'tim-thrift', undefined, `1b. the same, Thrift-compact clients (docs/thrift.md)`, 'msgs/s', 'p50 / p99 ms', (t, ref) => `>= 60% of ws corked: ${judge(t / ref['ws-cork'], 0.6)}`);
    }
  }
  if (r.has('persisted')) {
    for (const [id, store, db] of [['tim-sqlite', 'ws-store-sqlite', 'SQLite'], ['tim-pg', 'ws-store-pg', 'PostgreSQL']] as const) {
      if (!r.get('persisted')?.has(id)) continue;
      scenarioRows('persisted', id, store, `2. 1:1 persisted (odType 1, durable delivery on), ${db}`, 'msgs/s', 'p50 / p99 ms', (t, ref) => `>= 60% of ws corked + storage: ${judge(t / ref.store, 0.6)}; >= 200% of Socket.IO + knex: ${judge(t / ref['sio-knex'], 2)}`);
    }
  }
  if (r.has('fanout')) {
    scenarioRows('fanout', 'tim-sqlite', undefined, `3. room fan-out (odType 5), 1 sender, ${sizes.members} members, ${sizes.fanoutInflight} in flight`, 'deliveries/s', 'p50 / p99 ms (last copy)', (t, ref) => `>= 70% of ws corked: ${judge(t / ref['ws-cork'], 0.7)}`);
  }
  if (r.has('fanout-persisted')) {
    for (const [id, store, db] of [['tim-sqlite', 'ws-store-sqlite', 'SQLite'], ['tim-pg', 'ws-store-pg', 'PostgreSQL']] as const) {
      if (!r.get('fanout-persisted')?.has(id)) continue;
      scenarioRows('fanout-persisted', id, store, `3b. room fan-out persisted (odType 1, every copy acked, durable delivery on), ${db}`, 'deliveries/s', 'p50 / p99 ms (last copy)', (t, ref) => {
        const p99 = best(r, 'fanout-persisted', id)?.p99;
        return `>= 50% of ws corked + storage: ${judge(t / ref.store, 0.5)}; last-copy p99 ${ms(p99 ?? Number.NaN)} ms`;
      });
    }
  }
  if (r.has('idle')) {
    const [t, w, s] = [idle(r, 'tim-sqlite'), idle(r, 'ws'), idle(r, 'sio')].map((x) => x?.kbPerConnection ?? Number.NaN);
    const n = idle(r, 'tim-sqlite')?.count ?? sizes.idle;
    const target = `<= 110% of ws: ${!Number.isFinite(t / w) ? 'not run' : t / w <= 1.1 ? `${pct(t / w)}, met` : `${pct(t / w)}, missed by ${Math.round((t / w - 1.1) * 100)} points (${(t - 1.1 * w).toFixed(1)} KB)`}`;
    rows.push([`4. idle, ${int(n)} logged-in connections`, 'server RSS KB / connection', t.toFixed(1), w.toFixed(1), '-', '-', s.toFixed(1), '-', pct(t / w), '-', '-', pct(t / s), '-', target]);
    // RSS follows how far V8 has grown its heap ahead of use, which differs between processes; the
    // heap the connections keep after a full GC is the other side of the same figure (no target).
    const [th, wh, sh] = [idle(r, 'tim-sqlite'), idle(r, 'ws'), idle(r, 'sio')].map((x) => x?.heapKbPerConnection ?? Number.NaN);
    rows.push(['', 'JS heap KB / connection (after GC)', th.toFixed(1), wh.toFixed(1), '-', '-', sh.toFixed(1), '-', pct(th / wh), '-', '-', pct(th / sh), '-', '(no target; RSS is the target)']);
  }
  if (r.has('login')) {
    const b = (id: ServerId) => best(r, 'login', id);
    const [t, w, s] = [b('tim-sqlite'), b('ws'), b('sio')];
    const rate = (x: LoginResult | ThroughputResult | undefined) => x?.rate ?? Number.NaN;
    rows.push([`5. login, ${sizes.loginConcurrency} concurrent (tim: token AUTH)`, 'connect + login /s', int(rate(t)), int(rate(w)), '-', '-', int(rate(s)), '-', pct(rate(t) / rate(w)), '-', '-', pct(rate(t) / rate(s)), '-', '(no target)']);
    rows.push(['', 'p50 / p99 ms', lat(t), lat(w), '-', '-', lat(s), '-', ...blank, '']);
    rows.push(['', 'server CPU µs / login', us(cpuPerUnit(t)), us(cpuPerUnit(w)), '-', '-', us(cpuPerUnit(s)), '-', ...blank, '']);
  }
  if (cluster) {
    const { single, cross } = cluster;
    const share = cross.rate / single.rate;
    const dash = ['-', '-', '-', '-', '-'];
    rows.push([`6. 1:1 persisted, PostgreSQL, one node (cluster bench's own servers)`, 'msgs/s', int(single.rate), ...dash, ...dash, '']);
    rows.push(['', 'p50 / p99 ms', `${ms(single.p50)} / ${ms(single.p99)}`, ...dash, ...blank, '']);
    rows.push(['', 'server CPU µs / msg', us(cpuPerUnit(single)), ...dash, ...blank, '']);
    rows.push([`6. the same across two nodes + Redis (sender on A, receiver on B)`, 'msgs/s', int(cross.rate), ...dash, ...dash, `>= 70% of one node: ${judge(share, 0.7)}`]);
    rows.push(['', 'p50 / p99 ms', `${ms(cross.p50)} / ${ms(cross.p99)}`, ...dash, ...blank, '']);
    rows.push(['', 'server CPU µs / msg (both nodes)', us(cpuPerUnit(cross)), ...dash, ...blank, '']);
  }
  return markdown(HEAD, rows);
}

/**
 * What durable delivery costs: for each persisted scenario and database, the best round of the
 * normal server (durable delivery on: each message's offline rows written with it, deleted on
 * acks) beside the `-nd` server of the same build (off), and on / off. Empty when no `-nd` server
 * ran.
 */
export function renderDurableCost(r: Results): string {
  // Percentiles of an empty window arrive over IPC as null (JSON has no NaN): no ratio then.
  const over = (x: number | null, y: number | null) => (x && y ? x / y : Number.NaN);
  const rows: string[][] = [];
  const scenarios = [
    ['persisted', '2. 1:1 persisted (odType 1)', 'msgs/s', 'p50 / p99 ms'],
    ['fanout-persisted', '3b. room fan-out persisted (odType 1)', 'deliveries/s', 'p50 / p99 ms (last copy)'],
  ] as const;
  const dbs = [
    ['tim-sqlite', 'tim-sqlite-nd', 'SQLite'],
    ['tim-pg', 'tim-pg-nd', 'PostgreSQL'],
  ] as const;
  for (const [s, name, unit, latency] of scenarios) {
    for (const [on, off, db] of dbs) {
      const [a, b] = [best(r, s, on), best(r, s, off)];
      if (!a || !b) continue;
      const ratio = over(a.rate, b.rate);
      const change = Math.round((ratio - 1) * 100);
      const empty = a.count === 0 || b.count === 0 ? ' (a round completed nothing in its window)' : '';
      rows.push([`${name}, ${db}`, unit, int(a.rate), int(b.rate), pct(ratio), Number.isFinite(change) ? `${change > 0 ? '+' : ''}${change}%${empty}` : `-${empty}`]);
      rows.push(['', latency, `${ms(a.p50)} / ${ms(a.p99)}`, `${ms(b.p50)} / ${ms(b.p99)}`, `${pct(over(a.p50, b.p50))} / ${pct(over(a.p99, b.p99))}`, '']);
    }
  }
  if (rows.length === 0) return '';
  return markdown(['scenario', 'figure', 'durable on', 'durable off', 'on / off', 'change with durable on'], rows);
}

/** Per server and scenario: the CPU each side used, errors, and the spread over rounds. */
export function renderDetails(r: Results): string {
  const rows: string[][] = [];
  for (const [scenario, byServer] of r) {
    for (const [server, list] of byServer) {
      if (scenario === 'idle') {
        const i = list[0] as IdleResult;
        rows.push([scenario, server, `${i.kbPerConnection.toFixed(1)} KB RSS, ${i.heapKbPerConnection.toFixed(1)} KB heap / conn`, `${i.rssBeforeMb.toFixed(0)} -> ${i.rssAfterMb.toFixed(0)} MB`, `opened in ${i.openSeconds.toFixed(1)} s`, '', '']);
        continue;
      }
      const rates = (list as (ThroughputResult | LoginResult)[]).map((x) => x.rate);
      const b = best(r, scenario, server)!;
      const t = b as ThroughputResult;
      const login = b as LoginResult;
      const extra = [
        t.errors ? `${t.errors} errors${t.lastError ? ` (${t.lastError.slice(0, 80)})` : ''}` : '',
        t.lost ? `${t.lost} not drained` : '',
        login.tokenRate ? `tokens issued ${int(login.tokenRate)}/s` : '',
      ].filter(Boolean);
      rows.push([
        scenario,
        server,
        rates.map(int).join(', '),
        `${pct(b.serverCpu)} (${us(cpuPerUnit(b))} µs per unit)`,
        `${pct(b.loadCpu)}`,
        `${b.seconds.toFixed(1)} s, ${int(b.count)}`,
        extra.join('; '),
      ]);
    }
  }
  return markdown(['scenario', 'server', 'rate per round', 'server CPU', 'load gen CPU', 'window, count (best)', 'notes'], rows);
}

export function markdown(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
