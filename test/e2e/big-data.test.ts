// Big-data frames (docs/protocol.md 2.4, 2.5, 6.11, decisions 9 and 10): BIGSTRING and BIGBINARY to a
// user's online sockets without any check or storage, reassembly of frames split over several
// WebSocket messages (swallowing whatever arrives meanwhile), and the length checks.

import { expect, it } from 'vitest';
import { bigDataFrame } from '../../src/client/client-frames.js';
import { TimType } from '../../src/protocol/timtype.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { act, backOnline, logout, party, type Party, sync, until, withServer } from '../helpers/tim-server.js';

const raw = (...parts: Uint8Array[]) => (c: Party['c']) => {
  for (const p of parts) c.sendRaw(p);
};

await describeEachDatabase('big data', (ctx) => {
  const srv = withServer(ctx);

  it('BIGSTRING and BIGBINARY reach the target without friendship, as the sender\'s data', async () => {
    const a = await party(srv, 'bd-a1');
    const b = await party(srv, 'bd-b1');
    await act(a, (c) => c.bigString(b.node, 'text with | bars'), b);
    expect(b.box.bigStrings).toEqual([{ from: a.node, text: 'text with | bars' }]);
    expect(a.box.acks.concat(b.box.acks)).toEqual([]);
    expect(a.box.bigStrings).toEqual([]); // no echo

    // timjs writes 0x00 where '|' is meant (docs/protocol.md decision 9).
    await act(a, raw(bigDataFrame(TimType.BIGSTRING, b.node, 'from timjs', 0)), b);
    expect(b.box.bigStrings).toEqual([{ from: a.node, text: 'from timjs' }]);

    const data = Buffer.from([0x83, 0, 1, 0x7c, 255]);
    await act(a, (c) => c.bigBinary(b.node, data), b);
    expect(b.box.bigBinaries.map((x) => [x.from, Buffer.from(x.data)])).toEqual([[a.node, data]]);
    expect(b.box.messages).toEqual([]);
  });

  it('drops big data for an offline user: nothing is stored', async () => {
    const a = await party(srv, 'bd-a2');
    const b = await party(srv, 'bd-b2');
    await logout(srv, b);
    await act(a, (c) => c.bigBinary(b.node, Buffer.from('lost')));
    expect(a.box.acks).toEqual([]);
    const back = await backOnline(srv, 'bd-b2');
    expect(back.box.messages.concat(back.box.bigBinaries as never[])).toEqual([]);
    expect(await srv.knex('tim_offline').where({ node: b.node })).toEqual([]);
  });

  it('reassembles a frame split over several messages, swallowing what arrives in between', async () => {
    const a = await party(srv, 'bd-a3');
    const b = await party(srv, 'bd-b3');
    let pongs = 0;
    a.c.on('pong', () => pongs++);
    const payload = Buffer.alloc(3000, 7);
    payload[1000] = 0x8d; // a lone byte that would be a PING if it were a frame
    const frame = bigDataFrame(TimType.BIGBINARY, b.node, payload);
    const at = frame.length - payload.length + 1000;
    await act(a, raw(frame.subarray(0, 10), frame.subarray(10, at), frame.subarray(at, at + 1), frame.subarray(at + 1)), b);
    expect(pongs).toBe(0);
    expect(b.box.bigBinaries.map((x) => Buffer.from(x.data).equals(payload))).toEqual([true]);
    expect(a.box.acks).toEqual([]);

    // A split BIGSTRING swallows an ordinary frame sent meanwhile as text.
    const text = bigDataFrame(TimType.BIGSTRING, b.node, 'abc');
    const ping = new Uint8Array([0x8d]);
    const longer = new Uint8Array(text.length + 1);
    longer.set(text);
    new DataView(longer.buffer).setInt32(1, longer.length);
    await act(a, raw(longer.subarray(0, text.length), ping), b);
    expect(b.box.bigStrings.map((x) => Buffer.from(x.text, 'utf8'))).toEqual([Buffer.from([0x61, 0x62, 0x63, 0xef, 0xbf, 0xbd])]);
    expect(pongs).toBe(0);
  });

  it('answers 4114 (timType 96) when the length header is shorter than the frame, and 4104 without separator', async () => {
    const a = await party(srv, 'bd-a4');
    const b = await party(srv, 'bd-b4');
    const frame = bigDataFrame(TimType.BIGSTRING, b.node, 'short header');
    new DataView(frame.buffer).setInt32(1, 8);
    await act(a, raw(frame), b);
    expect(a.box.acks).toEqual([{ ok: false, timType: 96, error: { code: 4114, info: 'big data error' } }]);
    expect(b.box.bigStrings).toEqual([]);

    const noSep = bigDataFrame(TimType.BIGBINARY, b.node, Buffer.from('x'));
    noSep[5 + b.node.length] = 0x41; // the separator becomes data
    await act(a, raw(noSep), b);
    expect(a.box.acks.map((x) => [x.timType, x.error?.code])).toEqual([[96, 4104]]);
    expect(b.box.bigBinaries).toEqual([]);

    await act(a, raw(new Uint8Array([0xe0, 0, 0, 0])), b); // shorter than 6 bytes: ignored
    expect(a.box.acks).toEqual([]);
  });

  it('refuses a declared length beyond limits.maxFrameBytes with 4114 and closes', async () => {
    const a = await party(srv, 'bd-a5');
    const closed = a.c.next('close');
    const frame = bigDataFrame(TimType.BIGBINARY, a.node, Buffer.from('x'));
    new DataView(frame.buffer).setInt32(1, 0x7fffffff);
    const ack = a.c.next('ack');
    a.c.sendRaw(frame);
    expect(await ack).toEqual({ ok: false, timType: 96, error: { code: 4114, info: 'big data error' } });
    await closed;
    await until(() => !srv.app.core.registry.isOnline(a.node));
    const again = await party(srv, 'bd-a5');
    await sync(again.c);
  });
});
