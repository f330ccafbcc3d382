// ConnectionLog (src/core/connection-log.ts): a line per connection opened/closed up to the
// per-second budget, then counts and one summary per one-second window, so a reconnect flood
// writes about budget + 1 lines a second and no event goes uncounted.

import { describe, expect, it } from 'vitest';
import { ConnectionLog } from '../../../src/core/connection-log.js';
import type { Logger } from '../../../src/core/ports.js';

function capture() {
  const lines: { msg: string; fields: Record<string, unknown> }[] = [];
  const push = (fields: object | string, msg?: string) => void lines.push({ msg: msg ?? String(fields), fields: fields as Record<string, unknown> });
  const log: Logger = { trace: push, debug: push, info: push, warn: push, error: push, child: () => log };
  return { lines, log };
}

describe('ConnectionLog', () => {
  it('logs each event while under the budget', () => {
    const { lines, log } = capture();
    let now = 0;
    const c = new ConnectionLog(log, { perSecond: 5, now: () => now });
    c.opened({ session: 1 });
    c.closed({ session: 1 });
    now += 2000;
    c.opened({ session: 2 });
    expect(lines.map((l) => [l.msg, l.fields.session])).toEqual([
      ['connection opened', 1],
      ['connection closed', 1],
      ['connection opened', 2],
    ]);
    c.close();
  });

  it('a flood of 10,000 events in one second writes the budget plus one summary, counting every event', () => {
    const { lines, log } = capture();
    let now = 1000;
    const c = new ConnectionLog(log, { perSecond: 20, now: () => now });
    for (let i = 0; i < 5000; i++) {
      c.opened({ session: i });
      c.closed({ session: i });
    }
    expect(lines).toHaveLength(20);
    now += 1000;
    c.opened({ session: 'next' }); // the next window starts with the summary of the last
    const summary = lines[20];
    expect(summary.msg).toMatch(/without a line of their own/);
    const individual = lines.slice(0, 20);
    const opened = individual.filter((l) => l.msg === 'connection opened').length + (summary.fields.opened as number);
    const closed = individual.filter((l) => l.msg === 'connection closed').length + (summary.fields.closed as number);
    expect([opened, closed]).toEqual([5000, 5000]);
    expect(lines[21].msg).toBe('connection opened');
    c.close();
  });

  it('close() writes a pending summary; nothing pending writes nothing', () => {
    const { lines, log } = capture();
    const c = new ConnectionLog(log, { perSecond: 1, now: () => 0 });
    c.opened({});
    c.opened({});
    c.opened({});
    c.close();
    expect(lines.at(-1)?.fields).toMatchObject({ opened: 2, closed: 0 });
    const n = lines.length;
    c.close();
    expect(lines).toHaveLength(n);
  });

  it('the summary is written at the end of the window even when no further event comes', async () => {
    const { lines, log } = capture();
    const c = new ConnectionLog(log, { perSecond: 0 });
    c.closed({});
    expect(lines).toHaveLength(0);
    const deadline = Date.now() + 3000;
    while (lines.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(lines[0]?.fields).toMatchObject({ opened: 0, closed: 1 });
    c.close();
  });
});
