// The rate-limited failure log (src/core/rate-limited-log.ts): a burst of failures writes the first
// at once, then one summary per interval with counts by key, then one line when operations succeed
// again; alternating failures and successes stay bounded too.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../../src/core/ports.js';
import { RateLimitedLog } from '../../../src/core/rate-limited-log.js';

interface Line {
  level: 'error' | 'warn';
  obj: Record<string, unknown>;
  msg: string;
}

function capture(): { log: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const at =
    (level: Line['level']) =>
    (obj: object | string, msg?: string): void =>
      void lines.push({ level, obj: obj as Record<string, unknown>, msg: msg ?? '' });
  const log: Logger = { trace() {}, debug() {}, info() {}, warn: at('warn'), error: at('error'), child: () => log };
  return { log, lines };
}

describe('RateLimitedLog', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('logs the first failure at once, then one summary per interval, then the recovery', () => {
    const { log, lines } = capture();
    const rl = new RateLimitedLog(log, { subject: 'database', intervalMs: 10_000 });
    const down = new Error('sql.message.save: connect ECONNREFUSED 127.0.0.1:3306');
    // 1000 failures over 10 s, then 500 more over the next 5 s
    for (let i = 0; i < 1000; i++) {
      rl.failure(down, i % 4 === 0 ? 'user.auth' : 'message.save', { node: 'n' });
      vi.advanceTimersByTime(10);
    }
    for (let i = 0; i < 500; i++) {
      rl.failure(down, 'message.save');
      vi.advanceTimersByTime(10);
    }
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 'error', obj: { err: down, key: 'user.auth', node: 'n' } });
    expect(lines[0].msg).toContain('database failing: sql.message.save: connect ECONNREFUSED');
    expect(lines[1].level).toBe('error');
    expect(lines[1].obj).toMatchObject({ refused: 999, keys: { 'message.save': 750, 'user.auth': 249 }, seconds: 10 });
    expect(lines[1].msg).toContain('999 more operations refused in the last 10 s (message.save x750, user.auth x249)');
    rl.success();
    rl.success();
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({ level: 'warn', obj: { refused: 1500, seconds: 15, keys: { 'message.save': 500 } } });
    expect(lines[2].msg).toBe('database answers again after 15 s; 1500 operations were refused meanwhile');
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(3); // nothing was left pending
  });

  it('writes at most three lines per interval however failures and successes alternate', () => {
    const { log, lines } = capture();
    const rl = new RateLimitedLog(log, { subject: 'database', intervalMs: 10_000 });
    for (let i = 0; i < 3000; i++) {
      rl.failure(new Error('bad template'), 'message.get');
      rl.success();
      vi.advanceTimersByTime(10); // 30 s in all
    }
    vi.advanceTimersByTime(10_000);
    expect(lines.length).toBeLessThanOrEqual(3 * 4);
    // every failure is in some line: a first-failure line or a summary (recovery lines repeat them)
    const refused = lines.reduce((n, l) => n + (l.level === 'warn' ? 0 : ((l.obj.refused as number | undefined) ?? 1)), 0);
    expect(refused).toBe(3000);
    expect(lines.filter((l) => l.obj.refused !== undefined && l.level === 'error').map((l) => l.obj.seconds)).toEqual([10, 10, 10]);
  });

  it('bounds the keys a summary names', () => {
    const { log, lines } = capture();
    const rl = new RateLimitedLog(log, { subject: 'database', intervalMs: 1000 });
    for (let i = 0; i < 41; i++) rl.failure(new Error('x'), `key${i}`);
    vi.advanceTimersByTime(1000);
    expect(Object.keys(lines[1].obj.keys as object)).toHaveLength(17);
    expect((lines[1].obj.keys as Record<string, number>).others).toBe(24);
  });

  it('logs every failure when the interval is 0', () => {
    const { log, lines } = capture();
    const rl = new RateLimitedLog(log, { subject: 'database', intervalMs: 0 });
    for (let i = 0; i < 5; i++) rl.failure(new Error('x'), 'k');
    expect(lines).toHaveLength(5);
  });

  it('close() writes what is pending', () => {
    const { log, lines } = capture();
    const rl = new RateLimitedLog(log, { subject: 'database', intervalMs: 10_000 });
    rl.failure(new Error('x'), 'k');
    rl.failure(new Error('y'), 'k');
    rl.close();
    expect(lines.map((l) => l.obj.refused)).toEqual([undefined, 1]);
    vi.advanceTimersByTime(20_000);
    expect(lines).toHaveLength(2);
  });
});
