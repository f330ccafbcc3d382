// The live figures: GET /stats and GET /monitor once a second, as tiles, charts and tables. Rates
// are the difference of two consecutive answers over the time between them; the template
// percentiles of the "window" columns come from the difference of two answers' histogram buckets.

import { quantileMs } from '../../../src/observability/template-latency.js';
import type { AdminApi, Monitor, Stats } from './api.js';
import { LiveChart } from './charts.js';
import { byId, el, fillRows, fmtNum, fmtTime } from './dom.js';

export const POLL_MS = 1000;

interface Sample {
  t: number;
  stats: Stats;
  monitor: Monitor;
}

/** A tile: its label, and how its number is read from a sample (and the previous one, for rates). */
interface Tile {
  id: string;
  label: string;
  read(s: Sample, prev: Sample | undefined): number | null;
  digits?: number;
}

const perSecond = (f: (s: Sample) => number) => (s: Sample, p: Sample | undefined) =>
  p === undefined || s.t <= p.t ? null : Math.max(0, (f(s) - f(p)) / ((s.t - p.t) / 1000));
const backlog = (s: Sample) => Math.max(0, s.stats.offlineStored - s.stats.offlineDrained);
const errorTotal = (s: Sample) => Object.values(s.monitor.errorsByCode).reduce((a, b) => a + b, 0);

const TILES: Tile[] = [
  { id: 'connections', label: 'connections', read: (s) => s.stats.connections },
  { id: 'usersOnline', label: 'users online', read: (s) => s.stats.usersOnline },
  { id: 'inRate', label: 'messages in /s', read: perSecond((s) => s.stats.messagesIn), digits: 1 },
  { id: 'outRate', label: 'deliveries /s', read: perSecond((s) => s.stats.messagesOut), digits: 1 },
  { id: 'messagesIn', label: 'messages in', read: (s) => s.stats.messagesIn },
  { id: 'messagesOut', label: 'deliveries acked', read: (s) => s.stats.messagesOut },
  { id: 'backlog', label: 'offline backlog', read: backlog },
  { id: 'acksPending', label: 'acks pending', read: (s) => s.monitor.acksPending },
  { id: 'acksTimedOut', label: 'acks timed out', read: (s) => s.stats.acksTimedOut },
  { id: 'errors', label: 'error acks', read: errorTotal },
  { id: 'logins', label: 'logins', read: (s) => s.stats.logins },
  { id: 'bans', label: 'bans', read: (s) => s.stats.bans },
];

export class LiveView {
  private prev: Sample | undefined;
  private timer: number | undefined;
  private stopped = false;
  private readonly tileValues = new Map<string, HTMLElement>();
  private readonly sessions = new LiveChart(byId('chart-sessions'), ['connections', 'users online']);
  private readonly messages = new LiveChart(byId('chart-messages'), ['in /s', 'deliveries /s', 'persisted /s']);
  private readonly backlog = new LiveChart(byId('chart-backlog'), ['offline backlog', 'acks pending']);
  private readonly errors = new LiveChart(byId('chart-errors'), []);
  /** how many polls were shown; the page exposes it (data-polls) so a test can wait for fresh ones */
  polls = 0;

  constructor(
    private readonly api: AdminApi,
    private readonly onError: (message: string) => void,
  ) {
    const tiles = byId('tiles');
    tiles.replaceChildren(
      ...TILES.map((t) => {
        const value = el('span', { class: 'value' }, '–');
        this.tileValues.set(t.id, value);
        return el('div', { class: 'card tile', 'data-stat': t.id }, value, el('span', { class: 'label' }, t.label));
      }),
    );
  }

  start(): void {
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  private async tick(): Promise<void> {
    try {
      const [stats, monitor] = await Promise.all([this.api.stats(), this.api.monitor()]);
      if (this.stopped) return;
      this.show({ t: Date.now(), stats, monitor });
    } catch (err) {
      if (this.stopped) return;
      this.onError(`live figures: ${(err as Error).message}`);
    }
    if (!this.stopped) this.timer = window.setTimeout(() => void this.tick(), POLL_MS);
  }

  private show(s: Sample): void {
    const p = this.prev;
    for (const t of TILES) {
      const v = t.read(s, p);
      const node = this.tileValues.get(t.id);
      if (node === undefined) continue;
      node.textContent = fmtNum(v, t.digits ?? 0);
      node.parentElement?.setAttribute('data-value', v === null ? '' : String(v));
    }
    const x = s.t / 1000;
    this.sessions.push(x, [s.stats.connections, s.stats.usersOnline]);
    this.messages.push(x, [
      perSecond((q) => q.stats.messagesIn)(s, p),
      perSecond((q) => q.stats.messagesOut)(s, p),
      perSecond((q) => q.stats.messagesPersisted)(s, p),
    ]);
    this.backlog.push(x, [backlog(s), s.monitor.acksPending]);
    this.showErrors(s, p, x);
    this.showTemplates(s, p);
    this.showStatus(s);
    this.prev = s;
    this.polls++;
    document.body.dataset.polls = String(this.polls);
  }

  /** error codes in the order their chart lines were added */
  private readonly errorCodes: string[] = [];

  private showErrors(s: Sample, p: Sample | undefined, x: number): void {
    const counts = s.monitor.errorsByCode;
    for (const c of Object.keys(counts)) {
      if (this.errorCodes.includes(c)) continue;
      this.errorCodes.push(c);
      this.errors.addSeries(c);
    }
    this.errors.push(x, this.errorCodes.map((c) => perSecond((q) => q.monitor.errorsByCode[c] ?? 0)(s, p)));
    const codes = Object.keys(counts);
    fillRows(byId<HTMLTableElement>('errors'), codes.length === 0 ? [['none', 0]] : codes.map((c) => [c, fmtNum(counts[c])]));
  }

  private showTemplates(s: Sample, p: Sample | undefined): void {
    const before = new Map((p?.monitor.templates.keys ?? []).map((k) => [k.key, k]));
    const dt = p === undefined ? 0 : (s.t - p.t) / 1000;
    fillRows(
      byId<HTMLTableElement>('templates'),
      s.monitor.templates.keys.map((k) => {
        const b = before.get(k.key);
        const window = b === undefined ? k.buckets : k.buckets.map((n, i) => n - (b.buckets[i] ?? 0));
        const runs = b === undefined ? null : k.calls - b.calls;
        const errCell = el('span', k.errors > 0 ? { class: 'bad' } : {}, fmtNum(k.errors));
        return [
          el('code', {}, k.key),
          runs === null || dt <= 0 ? '–' : fmtNum(runs / dt, 1),
          fmtNum(runs ? quantileMs(window, 0.5) : null),
          fmtNum(runs ? quantileMs(window, 0.99) : null),
          errCell,
          fmtNum(k.calls),
          fmtNum(k.p50Ms),
          fmtNum(k.p99Ms),
        ];
      }),
    );
  }

  private showStatus(s: Sample): void {
    const m = s.monitor;
    const db = byId('pill-db');
    db.textContent = m.database.status === 'up' ? `database up · ${fmtNum(m.database.pingMs)} ms` : `database DOWN`;
    db.title = m.database.error ?? '';
    db.className = `pill ${m.database.status === 'up' ? 'ok' : 'bad'}`;
    const cl = byId('pill-cluster');
    cl.textContent = m.cluster.mode === 'single' ? 'single node (no Redis)' : `cluster · ${m.cluster.nodes.length} nodes · Redis ${m.cluster.redis}`;
    cl.className = `pill ${m.cluster.redis === 'down' ? 'bad' : 'ok'}`;
    byId('pill-updated').textContent = `${m.server} · ${new Date(s.t).toLocaleTimeString()}`;
    fillRows(
      byId<HTMLTableElement>('nodes'),
      m.cluster.nodes.map((n) => [el('code', {}, n.server + (n.self ? ' (this)' : '')), fmtNum(n.connections), fmtNum(n.usersOnline), fmtTime(n.startedAt)]),
    );
  }
}
