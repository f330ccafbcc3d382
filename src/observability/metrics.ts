// Prometheus metrics for GET /metrics on the admin listener. One Registry per app (never the
// prom-client global), so several servers in one process (tests) do not share series.
//
// The core keeps plain counters (core/stats.ts) so its hot path costs an increment; this module
// reads them at scrape time (collect callbacks) and exposes them as counters and gauges. Template
// calls are observed as they happen, through SqlStore's onTemplateCall hook. Node names never
// appear in labels (unbounded cardinality); labels are frame types, tim codes, template keys and
// admin routes, all bounded.

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TimCore } from '../core/tim-core.js';
import { TimType } from '../protocol/timtype.js';
import { TemplateLatency } from './template-latency.js';

const TYPE_NAMES = new Map<number, string>(Object.entries(TimType).map(([name, n]) => [n, name.toLowerCase()]));
const typeLabel = (t: number): string => TYPE_NAMES.get(t) ?? String(t);

type Stats = TimCore['stats'];
/** Optional per-type outbound counts, read when the core provides them. */
type OutByType = { framesOutByType?: ReadonlyMap<number, number> };

export class Metrics {
  readonly registry = new Registry();
  private core: TimCore | undefined;
  private readonly templateCalls: Counter<'key' | 'outcome'>;
  private readonly templateSeconds: Histogram<'key'>;
  private readonly adminRequests: Counter<'route' | 'status'>;
  /** the same template runs in small fixed histograms the admin API reads (GET /api/v1/admin/monitor) */
  readonly templateLatency = new TemplateLatency();

  constructor(opts: { processMetrics?: boolean } = {}) {
    const r = [this.registry];
    if (opts.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.templateCalls = new Counter({ name: 'tim_template_calls_total', help: 'SQL template runs by key and outcome (ok, error)', labelNames: ['key', 'outcome'], registers: r });
    this.templateSeconds = new Histogram({
      name: 'tim_template_duration_seconds',
      help: 'SQL template run time by key',
      labelNames: ['key'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: r,
    });
    this.adminRequests = new Counter({ name: 'tim_admin_requests_total', help: 'admin listener requests by route and HTTP status', labelNames: ['route', 'status'], registers: r });

    const self = this;
    const gauge = (name: string, help: string, read: (core: TimCore) => number) =>
      new Gauge({
        name,
        help,
        registers: r,
        collect() {
          this.set(self.core === undefined ? 0 : read(self.core));
        },
      });
    const stat = (name: string, help: string, read: (s: Stats) => number) =>
      new Counter({
        name,
        help,
        registers: r,
        collect() {
          this.reset();
          if (self.core !== undefined) this.inc(read(self.core.stats));
        },
      });
    const byLabel = (name: string, help: string, label: string, read: (s: Stats) => ReadonlyMap<number, number> | undefined, fmt: (k: number) => string) =>
      new Counter({
        name,
        help,
        labelNames: [label],
        registers: r,
        collect() {
          this.reset();
          const s = self.core?.stats;
          const map = s === undefined ? undefined : read(s);
          if (map !== undefined) for (const [k, n] of map) this.inc({ [label]: fmt(k) }, n);
        },
      });

    gauge('tim_connections', 'open client sockets on this server', (c) => c.registry.connectionCount);
    gauge('tim_users_online', 'accounts with at least one logged-in socket on this server', (c) => c.registry.onlineUserCount);
    gauge('tim_uptime_seconds', 'seconds since the core started', (c) => (Date.now() - c.stats.startedAt) / 1000);
    gauge('tim_send_queued_bytes', 'bytes written to client sockets and not yet flushed, all sockets', (c) => c.stats.sendQueuedBytes);
    stat('tim_slow_consumers_closed_total', 'sockets closed for not reading (4001: limits.sendQueueMax or sendQueueBytes)', (s) => s.slowConsumersClosed);
    stat('tim_frames_dropped_total', 'presence, stream and big-data frames not written to a client whose send queue was half full', (s) => s.framesDropped);
    stat('tim_logins_total', 'successful logins', (s) => s.logins);
    stat('tim_bytes_in_total', 'bytes received in frames', (s) => s.bytesIn);
    stat('tim_bytes_out_total', 'bytes sent in frames', (s) => s.bytesOut);
    stat('tim_messages_in_total', 'TIMMESSAGE frames received from clients', (s) => s.messagesIn);
    stat('tim_messages_persisted_total', 'messages written to history (message.save)', (s) => s.messagesPersisted);
    stat('tim_deliveries_acked_total', 'reliable deliveries acknowledged by a device', (s) => s.delivered);
    stat('tim_offline_stored_total', 'reliable deliveries written to the offline store', (s) => s.offlineStored);
    stat('tim_offline_drained_total', 'offline rows delivered and deleted', (s) => s.offlineDrained);
    stat('tim_deliveries_dropped_total', 'reliable deliveries lost (the offline store failed)', (s) => s.dropped);
    stat('tim_acks_timed_out_total', 'reliable sends that got no ack within limits.ackTimeoutSeconds', (s) => s.acksTimedOut);
    byLabel('tim_frames_in_total', 'frames received by TIMTYPE', 'type', (s) => s.framesInByType, typeLabel);
    // Per type when the core counts outbound frames per type; until then one series, type="all".
    const outByType = (s: Stats) => (s as Stats & OutByType).framesOutByType ?? new Map([[-1, s.framesOut]]);
    byLabel('tim_frames_out_total', 'frames sent, by TIMTYPE when the core counts them per type, else type="all"', 'type', outByType, (t) => (t === -1 ? 'all' : typeLabel(t)));
    byLabel('tim_errors_total', 'error acks sent to clients, by tim code', 'code', (s) => s.errorsByCode, String);
  }

  /** Starts reading the core's counters (the core is built after the store, hence not in the constructor). */
  attach(core: TimCore): void {
    this.core = core;
  }

  /** SqlStore's onTemplateCall hook. */
  readonly templateCall = (key: string, ms: number, ok: boolean): void => {
    this.templateCalls.inc({ key, outcome: ok ? 'ok' : 'error' });
    this.templateSeconds.observe({ key }, ms / 1000);
    this.templateLatency.observe(key, ms, ok);
  };

  /** One answered admin request; `route` is the route pattern, never the raw URL. */
  adminRequest(route: string, status: number): void {
    this.adminRequests.inc({ route, status: String(status) });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
