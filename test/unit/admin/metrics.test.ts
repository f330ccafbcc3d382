// Prometheus metrics (src/observability/metrics.ts): the core's counters read at scrape time,
// template calls observed as they happen, one registry per app.
import { describe, expect, it } from 'vitest';
import type { TimCore } from '../../../src/core/tim-core.js';
import { CoreStats } from '../../../src/core/stats.js';
import { Metrics } from '../../../src/observability/metrics.js';

function fakeCore(): TimCore {
  const stats = new CoreStats();
  return { stats, registry: { connectionCount: 3, onlineUserCount: 2 } } as unknown as TimCore;
}

const sample = (text: string, series: string) => Number(text.split('\n').find((l) => l.startsWith(series + ' '))?.split(' ').at(-1));

describe('Metrics', () => {
  it('exposes the core counters as they are at scrape time', async () => {
    const m = new Metrics({ processMetrics: false });
    const core = fakeCore();
    m.attach(core);
    core.stats.logins = 5;
    core.stats.frameIn(16);
    core.stats.frameIn(90);
    core.stats.frameIn(90);
    core.stats.error(4105);
    core.stats.offlineStored = 7;
    core.stats.framesOut = 11;
    let text = await m.text();
    expect(sample(text, 'tim_logins_total')).toBe(5);
    expect(sample(text, 'tim_connections')).toBe(3);
    expect(sample(text, 'tim_users_online')).toBe(2);
    expect(sample(text, 'tim_frames_in_total{type="message"}')).toBe(2);
    expect(sample(text, 'tim_frames_in_total{type="auth"}')).toBe(1);
    expect(sample(text, 'tim_errors_total{code="4105"}')).toBe(1);
    expect(sample(text, 'tim_offline_stored_total')).toBe(7);
    expect(sample(text, 'tim_frames_out_total{type="all"}')).toBe(11);
    core.stats.logins = 6;
    text = await m.text();
    expect(sample(text, 'tim_logins_total')).toBe(6);
    expect(text).not.toContain('process_cpu');
  });

  it('exposes the send queue gauge and the slow consumer count', async () => {
    const m = new Metrics({ processMetrics: false });
    const core = fakeCore();
    m.attach(core);
    core.stats.sendQueuedBytes = 1234;
    core.stats.slowConsumersClosed = 2;
    const text = await m.text();
    expect(sample(text, 'tim_send_queued_bytes')).toBe(1234);
    expect(sample(text, 'tim_slow_consumers_closed_total')).toBe(2);
  });

  it('observes template calls by key and outcome, and admin requests by route', async () => {
    const m = new Metrics({ processMetrics: false });
    m.templateCall('login', 2.5, true);
    m.templateCall('login', 40, false);
    m.adminRequest('/api/v1/admin/stats', 200);
    const text = await m.text();
    expect(sample(text, 'tim_template_calls_total{key="login",outcome="ok"}')).toBe(1);
    expect(sample(text, 'tim_template_calls_total{key="login",outcome="error"}')).toBe(1);
    expect(sample(text, 'tim_template_duration_seconds_count{key="login"}')).toBe(2);
    expect(sample(text, 'tim_template_duration_seconds_bucket{le="0.005",key="login"}')).toBe(1);
    expect(sample(text, 'tim_admin_requests_total{route="/api/v1/admin/stats",status="200"}')).toBe(1);
    expect(m.contentType).toMatch(/^text\/plain/);
  });

  it('keeps one registry per instance and reads zeros before a core is attached', async () => {
    const a = new Metrics({ processMetrics: false });
    const b = new Metrics({ processMetrics: false });
    a.templateCall('roster', 1, true);
    expect(await b.text()).not.toContain('key="roster"');
    expect(sample(await b.text(), 'tim_logins_total')).toBe(0);
  });
});
