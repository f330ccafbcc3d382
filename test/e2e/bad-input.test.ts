// Bad input over the wire: a few thousand malformed frames get tim error codes (or are ignored as
// tim ignores them), never crash the server, never store anything, and well-formed clients keep
// being served throughout. A client that floods past the inbound bound is closed alone.

import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.js';
import { bodyOf, isErrorAck, recordFrames } from '../helpers/frames.js';
import { befriend, startServer, until, withServer } from '../helpers/tim-server.js';

const J = (type: number, body: string) => Buffer.concat([Buffer.from([type | 0x80]), Buffer.from(body)]);

/** Malformed frames and the error each must produce (null: silently ignored). */
const CASES: [Buffer, number | null, number | null][] = [
  [J(90, '{not json'), 90, 4113],
  [J(90, '"a string"'), 90, 4113],
  [J(90, '[1,2]'), 90, 4113],
  [Buffer.from([0xda, 0xff, 0xfe, 0x7b]), 90, 4113], // invalid UTF-8
  [J(90, '{"msType":"two","odType":1}'), 90, 4104],
  [J(90, '{"msType":2}'), 90, 4104],
  [J(90, '{"msType":300,"odType":1}'), 90, 4104],
  [J(90, '{"msType":2,"odType":1,"toTid":{"node":5}}'), 90, 4104],
  [J(90, '{"msType":2,"odType":1,"toTid":"x"}'), 90, 4104],
  [J(90, '{"msType":2,"odType":1,"dataBinary":"***"}'), 90, 4104],
  [J(91, '{"toTid":{"node":[]}}'), 91, 4104],
  [J(91, '{oops'), 91, 4113],
  [J(21, '{"rtype":"x"}'), 21, 4104],
  [J(21, '{"rtype":1,"node":"' + 'x'.repeat(80) + '"}'), 21, 4104],
  [J(0x7f, '{}'), 127, 4104], // unknown type
  [J(18, ''), 18, 4104], // OFFLINEMSGEND from a client
  [J(20, ''), 20, 4104], // LOGOUT from a client
  [J(14, '{"name":"x","pwd":"y"}'), 14, 4104], // REGISTER is HTTP only
  [Buffer.from([0x8c, 1]), null, null], // truncated ACK: ignored
  [Buffer.from([0x8c, 0, 0, 0, 99]), null, null], // unknown ack id: ignored
];

await describeEachDatabase('bad input', (ctx) => {
  let alice: string, bob: string;
  // requestRate 0: these clients send thousands of frames a second on purpose; the per-connection
  // rate has its own suite (request-rate.test.ts).
  const srv = withServer(ctx, { limits: { sendQueueMax: 256, requestRate: 0 } });
  beforeAll(async () => {
    [alice, bob] = await Promise.all(['alice', 'bob', 'mallory'].map((n) => srv.user(n)));
    await befriend(srv.knex, alice, bob);
  });

  it('answers each malformed frame with its code', async () => {
    const m = await srv.login('mallory');
    const log = recordFrames(m);
    for (const [frame, timType, code] of CASES) {
      if (timType === null || code === null) continue;
      const before = log.frames.length;
      m.sendRaw(frame);
      const f = await log.wait((x, i = log.frames.indexOf(x)) => i >= before && x[0] === 0x0c);
      expect({ frame: frame.toString('latin1'), ack: bodyOf(f) }).toMatchObject({ ack: { ok: false, timType, error: { code } } });
    }
  });

  it('survives thousands of malformed frames while two clients keep chatting, storing nothing bad', async () => {
    const a = await srv.login('alice');
    const b = await srv.login('bob');
    const m = await srv.login('mallory');
    const log = recordFrames(m);
    const before = Number((await srv.knex('tim_message').count({ n: '*' }))[0].n);
    let acks = 0;
    m.on('frame', (f) => {
      if (f[0] === 0x0c) acks++;
    });
    const expected = CASES.filter((c) => c[2] !== null).length;
    const rounds = 150; // 150 x 20 = 3000 frames, sent in rounds so the inbound bound holds
    let delivered = 0;
    b.on('message', () => delivered++);
    for (let r = 0; r < rounds; r++) {
      for (const [frame] of CASES) m.sendRaw(frame);
      if (r % 15 === 0) await a.send({ msType: 2, odType: 1, toTid: { node: bob }, dataString: `ok ${r}` });
      await until(() => acks >= (r + 1) * expected, 10_000, 'error acks');
    }
    await until(() => delivered === rounds / 15, 5000, 'deliveries');
    const after = Number((await srv.knex('tim_message').count({ n: '*' }))[0].n);
    expect(after - before).toBe(rounds / 15);
    expect(m.connected).toBe(true);
    expect(log.frames.every((f) => f[0] === 0x0c)).toBe(true);
  });

  it('closes a client that floods past the inbound bound, and only that client', async () => {
    const a = await srv.login('alice');
    const flood = await srv.login('mallory');
    const closed = flood.next('close', undefined, 10_000);
    const burst = Buffer.concat([J(90, '{"msType":2,"odType":1,"toTid":{"node":"' + bob + '"},"dataString":"spam"}')]);
    for (let i = 0; i < 2000; i++) flood.sendRaw(burst);
    expect((await closed).code).toBe(4005);
    const ok = await a.send({ msType: 2, odType: 1, toTid: { node: bob }, dataString: 'still here' });
    expect(ok.mid).toBeGreaterThan(0);
  });

  it('refuses a frame above maxFrameBytes with 4114 and closes the socket', async () => {
    const small = await startServer(ctx.database, { limits: { maxFrameBytes: 1024 } });
    try {
      const c = await small.login('big');
      const log = recordFrames(c);
      const closed = c.next('close');
      c.sendRaw(J(90, JSON.stringify({ msType: 2, odType: 1, dataString: 'x'.repeat(1500) })));
      await log.wait(isErrorAck(90, 4114));
      expect((await closed).code).toBe(1009);
    } finally {
      await small.close();
    }
  });
});
