// The database dies (SIGKILL) in the middle of traffic and comes back, under a running server: on a
// PostgreSQL that this test owns (test/helpers/private-postgres.ts), never the machine's shared one.
// Two clients exchange persisted messages throughout, a few in flight each. Checked:
//  - the server survives and serves again once the database is back, without a restart;
//  - what could not be stored is answered 5103 (an error ack, never an echo);
//  - every message echoed (confirmed) to its sender is in tim_message and reached its recipient;
//  - the database error log is rate limited: one line when it fails, at most one summary per
//    limits.dbErrorLogSeconds, one line when it answers again, for hundreds of refused messages.

import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimClient } from '../../src/client/tim-client.js';
import type { Logger } from '../../src/core/ports.js';
import { postgresBin, startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.js';
import { befriend, startServer, until, type TestServer } from '../helpers/tim-server.js';

const DATABASE = 5103;
/** messages each client keeps in flight */
const WINDOW = 3;
const LOG_INTERVAL_SECONDS = 1;

type Phase = 'before' | 'down' | 'back';

interface Tally {
  /** text -> mid, for each echo */
  echoed: Map<string, number>;
  refused: { text: string; code: number; phase: Phase }[];
  /** texts this client received from the other */
  received: Set<string>;
}

interface LogLine {
  level: number;
  msg: string;
  refused?: number;
}

const bin = postgresBin();
const suite = bin === undefined ? describe.skip : describe;

suite(bin === undefined ? 'database outage (skipped: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin)' : 'database outage [private postgres]', () => {
  let pg: PrivatePostgres | undefined;
  let srv: TestServer | undefined;
  const lines: LogLine[] = [];

  beforeAll(async () => {
    const started = await startPrivatePostgres();
    if ('skip' in started) throw new Error(started.skip);
    pg = started;
    const logger = pino({ level: 'warn' }, { write: (l: string) => void lines.push(JSON.parse(l) as LogLine) });
    srv = await startServer(
      { client: 'postgres', connection: pg.url, pool: { min: 0, max: 4 } },
      { limits: { requestRate: 0, dbErrorLogSeconds: LOG_INTERVAL_SECONDS } },
      { logger: logger as unknown as Logger },
    );
  }, 30_000);

  afterAll(async () => {
    try {
      await srv?.close();
    } finally {
      await pg?.stop();
    }
  }, 20_000);

  it('refuses with 5103 while it is down, loses no confirmed message, logs a few lines, and resumes', async () => {
    const server = srv!;
    const [a, b] = await Promise.all([server.user('out-a'), server.user('out-b')]);
    await befriend(server.knex, a, b);
    const ca = await server.login('out-a');
    const cb = await server.login('out-b');
    const ta: Tally = { echoed: new Map(), refused: [], received: new Set() };
    const tb: Tally = { echoed: new Map(), refused: [], received: new Set() };
    ca.on('message', (m) => m.fromTid?.node === b && ta.received.add(m.dataString!));
    cb.on('message', (m) => m.fromTid?.node === a && tb.received.add(m.dataString!));

    let phase: Phase = 'before';
    let stopped = false;
    const traffic = (from: TimClient, to: string, tag: string, t: Tally) =>
      Promise.all(
        Array.from({ length: WINDOW }, async (_, w) => {
          for (let i = 0; !stopped; i++) {
            const text = `${tag}-${w}-${i}`;
            const at = phase;
            try {
              t.echoed.set(text, (await from.send({ toTid: { node: to }, dataString: text })).mid!);
            } catch (e) {
              t.refused.push({ text, code: (e as { code: number }).code, phase: at });
            }
          }
        }),
      );
    const running = Promise.all([traffic(ca, b, 'a', ta), traffic(cb, a, 'b', tb)]);
    const refusedIn = (p: Phase) => ta.refused.filter((r) => r.phase === p).length + tb.refused.filter((r) => r.phase === p).length;
    const summaries = () => lines.filter((l) => /more operations? refused/.test(l.msg)).length;
    try {
      await until(() => ta.echoed.size >= 30 && tb.echoed.size >= 30, 10_000, 'traffic before the outage');
      phase = 'down';
      await pg!.kill();
      // long enough for a summary line: the first failure is logged at once, the rest summarised
      await until(() => refusedIn('down') >= 100 && summaries() >= 1, 10_000, 'refusals and a summary line');
      const echoedBeforeRestart = ta.echoed.size + tb.echoed.size;
      await pg!.start();
      phase = 'back';
      await until(() => ta.echoed.size + tb.echoed.size >= echoedBeforeRestart + 60, 15_000, 'traffic after the restart');
    } catch (e) {
      const seen = `phase ${phase}, echoed ${ta.echoed.size}+${tb.echoed.size}, refused codes ${[...new Set([...ta.refused, ...tb.refused].map((r) => r.code))].join(',')}`;
      throw new Error(`${(e as Error).message} (${seen}; log: ${lines.slice(0, 5).map((l) => l.msg).join(' | ')})`);
    } finally {
      stopped = true;
      await running;
    }

    // the server serves again (a login runs sql.login) and was never restarted
    const late = await server.login('out-late');
    expect(late.node).toBeDefined();

    // nothing was refused but for the database, and only while it was down (or just restarting)
    const refused = [...ta.refused, ...tb.refused];
    expect(refused.filter((r) => r.code !== DATABASE)).toEqual([]);
    // (a message sent before the kill may have been in flight when it came)
    expect(refused.filter((r) => r.phase === 'before').map((r) => r.text).length, JSON.stringify(refused.filter((r) => r.phase === 'before'))).toBeLessThanOrEqual(2 * WINDOW);

    // every confirmed message is stored, and reached its recipient
    const stored = new Set((await server.knex('tim_message').select('body')).map((r: { body: string }) => r.body));
    const confirmed = [...ta.echoed.keys(), ...tb.echoed.keys()];
    expect(confirmed.filter((t) => !stored.has(t))).toEqual([]);
    await until(() => [...ta.echoed.keys()].every((t) => tb.received.has(t)) && [...tb.echoed.keys()].every((t) => ta.received.has(t)), 10_000, 'every confirmed message delivered');
    // a refused message was stored only if the connection died between its commit and the answer
    const uncertain = refused.filter((r) => stored.has(r.text));
    expect(uncertain.length).toBeLessThanOrEqual(2 * WINDOW);
    expect(stored.size).toBe(confirmed.length + uncertain.length);

    // the log: a few lines for hundreds of refusals
    const failing = lines.filter((l) => l.msg.startsWith('database failing'));
    const back = lines.filter((l) => l.msg.startsWith('database answers again'));
    expect(failing).toHaveLength(1);
    expect(back).toHaveLength(1);
    // every refusal is counted in it, but those of a new failure just after the first success; it
    // may also count a few background writes that failed (deletes of acknowledged offline rows)
    expect(back[0].refused).toBeLessThanOrEqual(refused.length + 2 * WINDOW);
    expect(back[0].refused).toBeGreaterThanOrEqual(refused.length - 2 * WINDOW);
    expect(refused.length).toBeGreaterThanOrEqual(100);
    const errorLines = lines.filter((l) => l.level >= 40);
    expect(errorLines.length).toBeLessThanOrEqual(15);
    console.info(
      `[database outage] ${confirmed.length} confirmed, ${refused.length} refused (5103), ${uncertain.length} refused but stored; ` +
        `${errorLines.length} warn/error log lines: ${errorLines.map((l) => l.msg.slice(0, 60)).join(' | ')}`,
    );
  }, 45_000);
});
