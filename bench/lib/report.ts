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

// scenario, figure, tim, ws, ws corked, Socket.IO, tim/ws, tim/ws corked, tim/Socket.IO, target
type Row = [string, string, string, string, string, string, string, string, string, string];
const NO_RATIOS = ['', '', ''] as const;

export function renderTable(r: Results, sizes: Sizes): string {
  const rows: Row[] = [];
  const rate = (s: ScenarioId, id: ServerId) => best(r, s, id)?.rate ?? Number.NaN;
  const lat = (s: ScenarioId, id: ServerId) => {
    const b = best(r, s, id);
    return b ? `${ms(b.p50)} / ${ms(b.p99)}` : '-';
  };
  const ratioCells = (tim: number, ws: number, wsc: number, sio: number): [string, string, string] => [pct(tim / ws), pct(tim / wsc), pct(tim / sio)];
  /** the references' figures of a throughput scenario: bare ws, ws corked, Socket.IO */
  const refs = (s: ScenarioId): [number, number, number] => [rate(s, 'ws'), rate(s, 'ws-cork'), rate(s, 'sio')];
  const refLat = (s: ScenarioId): [string, string, string] => [lat(s, 'ws'), lat(s, 'ws-cork'), lat(s, 'sio')];

  if (r.has('stream')) {
    const t = rate('stream', 'tim-sqlite');
    const [w, c, s] = refs('stream');
    const ok = t / w >= 0.75 && t > s;
    const target = `>= 75% of ws and > Socket.IO: ${ok ? 'met' : `missed (${pct(t / w)} of ws${t > s ? '' : `, ${pct(t / s)} of Socket.IO`})`}`;
    rows.push([`1. 1:1 stream (odType 5), ${sizes.pairs} pairs x ${sizes.inflight} in flight`, 'msgs/s', int(t), int(w), int(c), int(s), ...ratioCells(t, w, c, s), target]);
    rows.push(['', 'p50 / p99 ms', lat('stream', 'tim-sqlite'), ...refLat('stream'), ...NO_RATIOS, '']);
  }
  if (r.has('persisted')) {
    const stream = rate('stream', 'tim-sqlite');
    for (const [id, db] of [['tim-sqlite', 'SQLite'], ['tim-pg', 'PostgreSQL']] as const) {
      if (!r.get('persisted')?.has(id)) continue;
      const t = rate('persisted', id);
      const [w, c, s] = refs('persisted');
      const share = t / stream;
      const target = Number.isFinite(stream) ? `>= 60% of stream: ${pct(share)}, ${share >= 0.6 ? 'met' : 'missed'}` : '>= 60% of stream (stream not run)';
      rows.push([`2. 1:1 persisted (odType 1), ${db}`, 'msgs/s', int(t), int(w), int(c), int(s), ...ratioCells(t, w, c, s), target]);
      rows.push(['', 'p50 / p99 ms', lat('persisted', id), ...refLat('persisted'), ...NO_RATIOS, '']);
    }
  }
  if (r.has('fanout')) {
    const t = rate('fanout', 'tim-sqlite');
    const [w, c, s] = refs('fanout');
    const target = `>= 70% of ws: ${t / w >= 0.7 ? 'met' : `missed (${pct(t / w)})`}`;
    rows.push([`3. room fan-out (odType 5), 1 sender, ${sizes.members} members, ${sizes.fanoutInflight} in flight`, 'deliveries/s', int(t), int(w), int(c), int(s), ...ratioCells(t, w, c, s), target]);
    rows.push(['', 'p50 / p99 ms (last copy)', lat('fanout', 'tim-sqlite'), ...refLat('fanout'), ...NO_RATIOS, '']);
  }
  if (r.has('fanout-persisted')) {
    for (const [id, db] of [['tim-sqlite', 'SQLite'], ['tim-pg', 'PostgreSQL']] as const) {
      if (!r.get('fanout-persisted')?.has(id)) continue;
      const t = rate('fanout-persisted', id);
      const [w, c, s] = refs('fanout-persisted');
      rows.push([`3b. room fan-out persisted (odType 1, every copy acked), ${db}`, 'deliveries/s', int(t), int(w), int(c), int(s), ...ratioCells(t, w, c, s), '(no target)']);
      rows.push(['', 'p50 / p99 ms (last copy)', lat('fanout-persisted', id), ...refLat('fanout-persisted'), ...NO_RATIOS, '']);
    }
  }
  if (r.has('idle')) {
    const [t, w, s] = [idle(r, 'tim-sqlite'), idle(r, 'ws'), idle(r, 'sio')].map((x) => x?.kbPerConnection ?? Number.NaN);
    const n = idle(r, 'tim-sqlite')?.count ?? sizes.idle;
    const target = `<= 12 KB: ${t <= 12 ? 'met' : `missed by ${(t - 12).toFixed(1)} KB`}`;
    rows.push([`4. idle, ${int(n)} logged-in connections`, 'server RSS KB / connection', t.toFixed(1), w.toFixed(1), '-', s.toFixed(1), pct(t / w), '-', pct(t / s), target]);
  }
  if (r.has('login')) {
    const [t, w, s] = [rate('login', 'tim-sqlite'), rate('login', 'ws'), rate('login', 'sio')];
    rows.push([`5. login, ${sizes.loginConcurrency} concurrent (tim: token AUTH)`, 'connect + login /s', int(t), int(w), '-', int(s), pct(t / w), '-', pct(t / s), '(no target)']);
    rows.push(['', 'p50 / p99 ms', lat('login', 'tim-sqlite'), lat('login', 'ws'), '-', lat('login', 'sio'), ...NO_RATIOS, '']);
  }
  return markdown(['scenario', 'figure', 'tim-ts', 'ws relay', 'ws relay, corked', 'Socket.IO', 'tim / ws', 'tim / ws corked', 'tim / Socket.IO', 'target'], rows);
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
        `${pct(b.serverCpu)}`,
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
