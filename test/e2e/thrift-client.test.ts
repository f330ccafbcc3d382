// Thrift-compact clients (as atim and timgo speak: bit 0x80 clear, TCompactProtocol bodies) over
// real sockets, beside JSON clients on the same server (docs/thrift.md): the AUTH frame picks the
// connection's encoding, every struct crosses in Thrift both ways, and a JSON user and a Thrift
// user talk to each other. One server per database, many short checks.

import fc from 'fast-check';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { randomNode } from '../../src/protocol/node-id.js';
import { thriftDecode } from '../../src/protocol/thrift-codec.js';
import { T_ACK, T_AUTH, T_MESSAGE, T_NODES, T_PRESENCE, T_REQ, T_STREAM, type ThriftStruct } from '../../src/protocol/thrift-structs.js';
import { TimType } from '../../src/protocol/timtype.js';
import type { TimAck, TimMessage, TimMessageList, TimNodes, TimPresence, TimStream } from '../../src/protocol/wire-types.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { bodyOf, isType, recordFrames } from '../helpers/frames.js';
import { thriftFrame, ThriftClient } from '../helpers/thrift-client.js';
import { encodeBigDataRequest } from '../../src/protocol/big-data.js';
import { befriend, makeRoom, until, withServer } from '../helpers/tim-server.js';
import * as arb from '../helpers/wire-arbitraries.js';

/** A BIGBINARY frame as a Thrift client sends it: the length header, bit 0x80 clear. */
function thriftBigBinary(target: string, payload: Buffer): Buffer {
  const f = encodeBigDataRequest(TimType.BIGBINARY, target, payload);
  f[0] &= 0x7f;
  return f;
}

await describeEachDatabase('thrift-compact clients', (ctx) => {
  let tom: string, jay: string, ann: string, room: string;
  const thriftClients: ThriftClient[] = [];
  const connect = async () => {
    const c = await ThriftClient.connect(srv.url);
    thriftClients.push(c);
    return c;
  };
  const tomIn = async () => (await connect()).login('tom');

  const srv = withServer(ctx);
  beforeAll(async () => {
    [tom, jay, ann] = await Promise.all(['tom', 'jay', 'ann'].map((n) => srv.user(n)));
    await befriend(srv.knex, tom, jay);
    await befriend(srv.knex, tom, ann);
    room = randomNode();
    await makeRoom(srv.knex, room, jay, [tom, ann]);
  });
  // Each check starts with tom offline (an earlier check's socket would take his messages live).
  afterEach(async () => {
    for (const c of thriftClients.splice(0)) c.close();
    await until(() => !srv.app.core.registry.isOnline(tom), 5000, 'tom offline');
  });

  it('logs in by password and answers in Thrift from then on; refusals come in Thrift too', async () => {
    const c = await connect();
    expect(await c.auth({ name: 'tom', pwd: 'wrong' })).toMatchObject({ ok: false, timType: 16, error: { code: 4105 } });
    c.sendRaw(Buffer.from([TimType.AUTH, 0x18, 0x09, 0x61])); // name declared 9 bytes long, 1 present
    expect(await c.nextOf<TimAck>(TimType.ACK)).toMatchObject({ ok: false, timType: 16, error: { code: 4104, info: 'parameter incorrect' } });
    const ack = await c.auth({ name: 'tom', pwd: 'secret-tom', resource: 'r', termtyp: 3 });
    expect(ack).toMatchObject({ ok: true, timType: 16, n: tom });
    expect(typeof ack.t).toBe('number');
    expect(ack.n2).toMatch(/^[1-9A-HJ-NP-Za-km-z]+$/);
    // every frame is read by its own bit: a JSON AUTH on this logged-in socket is answered in Thrift
    c.sendRaw(Buffer.from([0x90, 0x7b, 0x7d]));
    expect(await c.nextOf<TimAck>(TimType.ACK)).toEqual({ ok: true, timType: 16 });
  });

  it('before login each AUTH is answered in its own encoding, pipelined or not', async () => {
    const c = await connect();
    c.send(TimType.AUTH, T_AUTH, { name: 'tom', pwd: 'wrong' });
    c.sendRaw(Buffer.concat([Buffer.from([0x90]), Buffer.from(JSON.stringify({ name: 'tom', pwd: 'wrong' }))]));
    c.send(TimType.AUTH, T_AUTH, { name: 'tom', pwd: 'wrong' });
    const acks = () => c.frames.filter((f) => f.type === TimType.ACK);
    await until(() => acks().length >= 3, 5000, 'three AUTH answers');
    const [a, b, d] = acks();
    expect(thriftDecode(T_ACK, a.body)).toMatchObject({ ok: false, timType: 16, error: { code: 4105 } });
    expect(JSON.parse(b.body.toString())).toMatchObject({ ok: false, timType: 16, error: { code: 4105 } });
    expect(thriftDecode(T_ACK, d.body)).toMatchObject({ ok: false, timType: 16, error: { code: 4105 } });
  });

  it('logs in by token from POST /tim2 in Thrift; /tim2 answers each frame in its own encoding', async () => {
    const post = async (frame: Buffer) => Buffer.from(await (await fetch(`${srv.http}/tim2`, { method: 'POST', body: new Uint8Array(frame) })).arrayBuffer());
    const res = await post(thriftFrame(TimType.TOKEN, T_AUTH, { name: 'tom', pwd: 'secret-tom' }));
    expect(res[0]).toBe(TimType.ACK);
    const tokenAck = thriftDecode<TimAck>(T_ACK, res.subarray(1));
    expect(tokenAck).toMatchObject({ ok: true, timType: 15 });
    expect(thriftDecode<TimAck>(T_ACK, (await post(Buffer.from([TimType.TOKEN, 0x18, 0x7f]))).subarray(1))).toMatchObject({ ok: false, error: { code: 4104 } });
    const reg = thriftDecode<TimAck>(T_ACK, (await post(thriftFrame(TimType.REGISTER, T_AUTH, { name: 'thrifty', pwd: 'pw-thrifty' }))).subarray(1));
    expect(reg).toMatchObject({ ok: true, timType: 14 });
    expect(reg.n).toMatch(/^[1-9A-HJ-NP-Za-km-z]{11}$/);
    const c = await connect();
    expect(await c.auth({ name: 'tom', token: tokenAck.n! })).toMatchObject({ ok: true, n: tom });
    const again = await connect();
    expect(await again.auth({ name: 'tom', token: tokenAck.n! })).toMatchObject({ ok: false, error: { code: 4115 } }); // one-time
  });

  it('1:1 both ways between a Thrift user and a JSON user; Thrift acks (no JSON bit) confirm delivery', async () => {
    const t = await tomIn();
    const j = await srv.login('jay');
    const gotJ = j.next('message');
    t.message(TimType.MESSAGE, { toTid: { node: jay }, dataString: 'hi from thrift', extend: { k: 'v' }, extra: { b: Buffer.from([0, 255]) }, udshow: -2 });
    const echo = await t.nextOf<TimMessage>(TimType.MESSAGE);
    expect(echo).toMatchObject({ msType: 2, odType: 1, fromTid: { node: tom }, toTid: { node: jay }, dataString: 'hi from thrift', udshow: -2 });
    expect(typeof echo.timestamp).toBe('bigint');
    const m = await gotJ;
    expect(m).toMatchObject({ mid: echo.mid, dataString: 'hi from thrift', extend: { k: 'v' }, udshow: -2 });
    expect([...m.extra!.b]).toEqual([0, 255]);

    const delivered = srv.app.core.stats.delivered;
    const inbound = t.nextOf<TimMessage>(TimType.MESSAGE);
    const sent = await j.send({ msType: 2, odType: 1, toTid: { node: tom }, dataString: 'héllo thrift' });
    const f = await t.next((x) => x.type === TimType.MESSAGE && x.reliable && (x.value as TimMessage).mid === sent.mid);
    expect(f.raw[0]).toBe(0xda);
    expect(await inbound).toMatchObject({ mid: sent.mid, dataString: 'héllo thrift', fromTid: { node: jay } });
    await until(() => srv.app.core.stats.delivered > delivered, 5000, 'the Thrift ack to count');
  });

  it('room messages and private messages inside a room reach JSON and Thrift members', async () => {
    const t = await tomIn();
    const a = await srv.login('ann');
    const j = await srv.login('jay');
    const toAnn = a.next('message');
    const toJay = j.next('message');
    t.message(TimType.MESSAGE, { msType: 3, roomTid: { node: room }, dataString: 'to the room' });
    expect(await toAnn).toMatchObject({ msType: 3, roomTid: { node: room }, dataString: 'to the room', fromTid: { node: tom } });
    expect(await toJay).toMatchObject({ dataString: 'to the room' });
    const back = t.nextOf<TimMessage>(TimType.MESSAGE, (m) => m.dataString === 'room reply');
    await j.send({ msType: 3, odType: 1, roomTid: { node: room }, dataString: 'room reply' });
    expect(await back).toMatchObject({ msType: 3, roomTid: { node: room }, fromTid: { node: jay } });
    const priv = a.next('message', (m) => m.dataString === 'psst');
    t.message(TimType.MESSAGE, { msType: 2, roomTid: { node: room }, toTid: { node: ann }, dataString: 'psst' });
    expect(await priv).toMatchObject({ msType: 2, roomTid: { node: room }, toTid: { node: ann }, fromTid: { node: tom } });
  });

  it('offline messages are drained in Thrift (TimMessageList, isOffline), then OFFLINEMSGEND', async () => {
    const j = await srv.login('jay');
    const sent = await j.send({ msType: 2, odType: 1, toTid: { node: tom }, dataString: 'while you were away' });
    await until(async () => (await srv.knex('tim_offline').where({ node: tom })).length > 0, 5000, 'the offline row');
    const t = await tomIn();
    t.sendRaw(Buffer.from([TimType.OFFLINEMSG]));
    const list = await t.nextOf<TimMessageList>(TimType.OFFLINEMSG);
    expect(list.messageList!.find((m) => m.mid === sent.mid)).toMatchObject({ isOffline: true, dataString: 'while you were away', fromTid: { node: jay } });
    await t.next((f) => f.type === TimType.OFFLINEMSGEND);
    await until(async () => (await srv.knex('tim_offline').where({ node: tom })).length === 0, 5000, 'the acknowledged rows deleted');
  });

  it('pulls history as a Thrift TimMessageList', async () => {
    const t = await tomIn();
    const j = await srv.login('jay');
    const sent = await j.send({ msType: 2, odType: 1, toTid: { node: tom }, dataString: 'for the record' });
    await t.sync();
    t.req(TimType.PULLMESSAGE, { rtype: 1, node: jay, reqInt: 0, reqInt2: 2 });
    const page = await t.nextOf<TimMessageList>(TimType.PULLMESSAGE);
    expect(page.messageList![0]).toMatchObject({ mid: sent.mid, dataString: 'for the record' });
    expect(page.messageList!.length).toBeLessThanOrEqual(2);
  });

  it('revokes (author) and burns (recipient) from Thrift; the JSON peer is told, the Thrift side acked', async () => {
    const t = await tomIn();
    const j = await srv.login('jay');
    const echoed = t.nextOf<TimMessage>(TimType.MESSAGE, (m) => m.dataString === 'oops');
    t.message(TimType.MESSAGE, { toTid: { node: jay }, dataString: 'oops' });
    const mine = await echoed;
    const told = j.next('message', (m) => m.odType === 2);
    const ack = t.nextOf<TimAck>(TimType.ACK, (a) => a.timType === TimType.REVOKEMESSAGE);
    t.message(TimType.REVOKEMESSAGE, { odType: 2, mid: mine.mid, toTid: { node: jay } });
    expect(await ack).toEqual({ ok: true, timType: 92, n: jay, t: 2, t2: mine.mid });
    expect(await told).toMatchObject({ odType: 2, mid: mine.mid, fromTid: { node: tom } });
    expect(await srv.knex('tim_message').where({ mid: mine.mid! })).toHaveLength(0);

    const sent = await j.send({ msType: 2, odType: 1, toTid: { node: tom }, dataString: 'burn me' });
    await t.next((f) => f.type === TimType.MESSAGE && (f.value as TimMessage).mid === sent.mid);
    const burnt = j.next('message', (m) => m.odType === 3);
    const burnAck = t.nextOf<TimAck>(TimType.ACK, (a) => a.timType === TimType.BURNMESSAGE);
    t.message(TimType.BURNMESSAGE, { odType: 3, mid: sent.mid, toTid: { node: jay } });
    expect(await burnt).toMatchObject({ odType: 3, mid: sent.mid });
    expect(await burnAck).toMatchObject({ ok: true, t2: sent.mid });
  });

  it('presence both ways; business and profile requests answered with Thrift TimNodes', async () => {
    const t = await tomIn();
    const j = await srv.login('jay');
    const p = j.next('presence');
    t.presence({ toTid: { node: jay }, show: 3, status: 'busy', subStatus: 1 });
    expect(await p).toMatchObject({ fromTid: { node: tom }, show: 3, status: 'busy', subStatus: 1 });
    const back = t.nextOf<TimPresence>(TimType.PRESENCE);
    j.presence({ toTid: { node: tom }, status: 'here', extra: { x: Buffer.from([7]) } });
    const got = await back;
    expect(got).toMatchObject({ fromTid: { node: jay }, status: 'here' });
    expect([...(got.extra!.x as Uint8Array)]).toEqual([7]);

    t.req(TimType.BUSINESS, { rtype: 1 });
    expect((await t.nextOf<TimNodes>(TimType.NODES, (n) => n.ntype === 1)).nodelist!.sort()).toEqual([ann, jay].sort());
    t.nodes({ ntype: 6, usermap: { me: { nickName: 'Tommy', gender: 1, extend: { city: 'Oslo' } } } });
    await t.sync();
    t.nodes({ ntype: 4, nodelist: [tom] });
    const info = await t.nextOf<TimNodes>(TimType.NODES, (n) => n.ntype === 4);
    expect(info.usermap![tom]).toMatchObject({ nickName: 'Tommy', gender: 1, extend: { city: 'Oslo' } });
  });

  it('virtual-room streams: a Thrift push reaches a JSON subscriber and a JSON push a Thrift one', async () => {
    const t = await tomIn();
    const j = await srv.login('jay');
    // tom's room, jay subscribed (JSON)
    const made = t.nextOf<TimAck>(TimType.ACK, (a) => a.timType === TimType.VROOM);
    t.req(TimType.VROOM, { rtype: 1 });
    const vnode = (await made).n!;
    const subbed = j.next('ack', (a) => a.timType === TimType.VROOM);
    j.vroom({ rtype: 5, node: vnode });
    await subbed;
    const atJ = j.next('stream');
    t.stream({ VNode: vnode, body: Buffer.from('frame-1'), dtype: 2 });
    expect(await atJ).toMatchObject({ VNode: vnode, fromNode: tom, dtype: 2 });
    // jay's room, tom subscribed (Thrift)
    const made2 = j.next('ack', (a) => a.timType === TimType.VROOM && a.t === 1);
    j.vroom({ rtype: 1 });
    const vnode2 = (await made2).n!;
    const subbed2 = t.nextOf<TimAck>(TimType.ACK, (a) => a.timType === TimType.VROOM && a.t === 5);
    t.req(TimType.VROOM, { rtype: 5, node: vnode2 });
    await subbed2;
    const atT = t.nextOf<TimStream>(TimType.STREAM);
    j.pushStream(vnode2, Buffer.from('frame-2'));
    const s = await atT;
    expect(s).toMatchObject({ VNode: vnode2, fromNode: jay });
    expect(Buffer.from(s.body!).toString()).toBe('frame-2');
    expect(typeof s.id).toBe('number');
  });

  it('big data: the frames are the same bytes in both encodings', async () => {
    const t = await tomIn();
    const j = await srv.login('jay');
    const lj = recordFrames(j);
    t.bigData(TimType.BIGSTRING, jay, 'x'.repeat(3000));
    const f = await lj.wait(isType(TimType.BIGSTRING));
    expect(f.subarray(1).toString()).toBe(`${tom}|${'x'.repeat(3000)}`);
    const atT = t.next((x) => x.type === TimType.BIGBINARY, 5000, t.frames.length);
    j.bigBinary(tom, Buffer.from([1, 2, 3]));
    expect([...(await atT).raw]).toEqual([0x60, ...Buffer.from(jay), 0x83, 1, 2, 3]);
    // a frame split over two messages: the second is raw data even though its byte 0 reads as a
    // Thrift MESSAGE frame (0x5a)
    const payload = Buffer.concat([Buffer.from([0x5a, 0x13, 0x02]), Buffer.alloc(2000, 7)]);
    const whole = Buffer.from(thriftBigBinary(jay, payload));
    const cut = whole.length - payload.length;
    const atJ = lj.wait((x) => x[0] === TimType.BIGBINARY);
    t.sendRaw(whole.subarray(0, cut));
    t.sendRaw(whole.subarray(cut));
    expect((await atJ).equals(Buffer.concat([Buffer.from([0x60]), Buffer.from(tom), Buffer.from([0x83]), payload]))).toBe(true);
  });

  it('a malformed Thrift frame gets 4104 in Thrift and changes nothing; the connection goes on', async () => {
    const t = await tomIn();
    const before = (await srv.knex('tim_message')).length;
    t.sendRaw(Buffer.from([TimType.MESSAGE, 0x13, 0x02])); // odType missing, no STOP
    expect(await t.nextOf<TimAck>(TimType.ACK)).toMatchObject({ ok: false, timType: 90, error: { code: 4104 } });
    t.sendRaw(Buffer.from([TimType.MESSAGE, 0x13, 0x02, 0x13, 0x01, 0x5c, 0x00, 0x00])); // toTid (delta 5) without node (required)
    expect(await t.nextOf<TimAck>(TimType.ACK)).toMatchObject({ ok: false, timType: 90, error: { code: 4104 } });
    t.sendRaw(Buffer.from([TimType.PRESENCE, 0x49, 0xff, 0xff, 0xff, 0x7f])); // a list of 2^28 elements
    expect(await t.nextOf<TimAck>(TimType.ACK)).toMatchObject({ ok: false, timType: 91, error: { code: 4104 } });
    expect((await srv.knex('tim_message')).length).toBe(before);
    t.message(TimType.MESSAGE, { toTid: { node: jay }, dataString: 'still here' });
    expect(await t.nextOf<TimMessage>(TimType.MESSAGE)).toMatchObject({ dataString: 'still here' });
  });

  it('a JSON client on the same server is untouched (its frames stay JSON)', async () => {
    const j = await srv.login('jay');
    const lj = recordFrames(j);
    await tomIn();
    await j.send({ msType: 2, odType: 1, toTid: { node: tom }, dataString: 'json still' });
    expect(bodyOf(await lj.wait(isType(TimType.MESSAGE)))).toMatchObject({ dataString: 'json still' });
  });

  it('mutated Thrift frames of every type: answered with error acks in Thrift or ignored, never a crash or a hang', async () => {
    const [a, b] = await Promise.all([srv.user('canary-a'), srv.user('canary-b')]);
    await befriend(srv.knex, a, b);
    await srv.user('fuzzer');
    const ca = await srv.login('canary-a');
    const cb = await srv.login('canary-b');
    const f = await ThriftClient.connect(srv.url);
    try {
      await f.login('fuzzer');
      const kinds: [number, ThriftStruct, fc.Arbitrary<object>][] = [
        [TimType.MESSAGE, T_MESSAGE, arb.message],
        [TimType.REVOKEMESSAGE, T_MESSAGE, arb.message],
        [TimType.PRESENCE, T_PRESENCE, arb.presence],
        [TimType.PULLMESSAGE, T_REQ, arb.req],
        [TimType.NODES, T_NODES, arb.nodes],
        [TimType.STREAM, T_STREAM, arb.stream],
        [TimType.VROOM, T_REQ, arb.req],
      ];
      const frames = fc.sample(
        fc.tuple(fc.constantFrom(...kinds), fc.array(arb.mutation, { maxLength: 3 })).chain(([[type, ts, a], edits]) => a.map((v) => arb.mutate(thriftFrame(type, ts, v), edits))),
        { seed: arb.fuzzSeed(), numRuns: 300 },
      ).filter((x) => x.length > 0 && (x[0] & 0x7f) !== TimType.AUTH && !isBigData(x[0]));
      for (const x of frames) f.sendRaw(x);
      await f.sync();
      const acks = f.all<TimAck | undefined>(TimType.ACK).filter((x) => x !== undefined && !(x.ok && x.timType === TimType.AUTH));
      for (const x of acks) expect(x!.ok === true || [4104, 4105, 4106, 4107, 4109, 4113, 5101].includes(x!.error!.code!)).toBe(true);
      expect(acks.filter((x) => !x!.ok).length).toBeGreaterThan(frames.length / 4);
      // every ack the fuzzer got was Thrift (it logged in with Thrift)
      expect(f.frames.filter((x) => x.type === TimType.ACK && x.value === undefined)).toHaveLength(0);
    } finally {
      f.close();
    }
    const got = cb.next('message');
    const sent = await ca.send({ msType: 2, odType: 1, toTid: { node: b }, dataString: 'after the storm' });
    expect((await got).mid).toBe(sent.mid);
  });
});

function isBigData(b0: number): boolean {
  const t = b0 & 0x7f;
  return t === TimType.BIGSTRING || t === TimType.BIGBINARY || t === TimType.BIGBINARYSTREAM;
}
