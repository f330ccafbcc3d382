// `node --import tsx bench/tools/thrift-micro.ts [--iters=N]`: ns per operation of encoding and
// decoding a typical delivered TimMessage (user message with fromTid, toTid, id, mid, text,
// nanosecond timestamp) in Thrift compact, by the `thrift` package's TCompactProtocol (written
// and read field by field as a generated stub does) and by the project's schema-walking codec
// (src/protocol/thrift-codec.ts), beside the JSON codec; and the per-frame cost of the Thrift
// edge (src/protocol/thrift-frames.ts): a Thrift client frame turned into the core's JSON frame,
// and a core JSON frame turned into a Thrift frame (uncached, as for a 1:1 message).
// Each case runs ROUNDS bounded loops; the minimum and the median ns/op are printed. Pure CPU.

import thrift from 'thrift';
import { encodeFrame } from '../../src/protocol/frame-codec.js';
import { decodeMessage, encodeMessage } from '../../src/protocol/json-codec.js';
import { userNode } from '../../src/protocol/node-id.js';
import { thriftDecode, thriftEncode } from '../../src/protocol/thrift-codec.js';
import { clientFrameToJson, serverFrameToThrift } from '../../src/protocol/thrift-frames.js';
import { T_MESSAGE } from '../../src/protocol/thrift-structs.js';
import type { TimMessage } from '../../src/protocol/wire-types.js';

const args = process.argv.slice(2);
const ITERS = Number(args.find((a) => a.startsWith('--iters='))?.slice(8) ?? 100_000);
const ROUNDS = 7;

const TEXT = 'The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. '.padEnd(100, '0123456789');
const msg: TimMessage = {
  msType: 2,
  odType: 1,
  id: 123456789012345,
  mid: 987654321098,
  fromTid: { node: userNode('bench-user-1'), resource: 'bench', termtyp: 1 },
  toTid: { node: userNode('bench-user-2') },
  dataString: TEXT,
  timestamp: 1764864000123456789n,
};

const { TCompactProtocol, TBufferedTransport, Thrift, Int64 } = thrift as unknown as {
  TCompactProtocol: new (t: unknown) => thrift.TProtocol;
  TBufferedTransport: new (buf?: Buffer, cb?: (b: Buffer) => void) => thrift.TTransport & { writeCursor: number; inBuf: Buffer };
  Thrift: typeof thrift.Thrift;
  Int64: new (hi: number, lo?: number) => unknown;
};
const T = Thrift.Type;

function i64(v: number | bigint): never {
  const b = BigInt.asUintN(64, BigInt(v));
  return new Int64(Number(b >> 32n), Number(b & 0xffffffffn)) as never;
}

function libWriteTid(p: thrift.TProtocol, t: { node: string; resource?: string; termtyp?: number }): void {
  p.writeStructBegin('Tid');
  p.writeFieldBegin('node', T.STRING, 1);
  p.writeString(t.node);
  p.writeFieldEnd();
  if (t.resource !== undefined) {
    p.writeFieldBegin('resource', T.STRING, 3);
    p.writeString(t.resource);
    p.writeFieldEnd();
  }
  if (t.termtyp !== undefined) {
    p.writeFieldBegin('termtyp', T.BYTE, 4);
    p.writeByte(t.termtyp);
    p.writeFieldEnd();
  }
  p.writeFieldStop();
  p.writeStructEnd();
}

/** As tim's generated writer: the fields of `msg`, in id order. */
function libEncode(m: TimMessage): Buffer {
  let out: Buffer | undefined;
  const tr = new TBufferedTransport(undefined, (b) => (out = b));
  const p = new TCompactProtocol(tr);
  p.writeStructBegin('TimMessage');
  p.writeFieldBegin('msType', T.BYTE, 1);
  p.writeByte(m.msType);
  p.writeFieldEnd();
  p.writeFieldBegin('odType', T.BYTE, 2);
  p.writeByte(m.odType);
  p.writeFieldEnd();
  p.writeFieldBegin('id', T.I64, 3);
  p.writeI64(i64(m.id!));
  p.writeFieldEnd();
  p.writeFieldBegin('mid', T.I64, 4);
  p.writeI64(i64(m.mid!));
  p.writeFieldEnd();
  p.writeFieldBegin('fromTid', T.STRUCT, 6);
  libWriteTid(p, m.fromTid!);
  p.writeFieldEnd();
  p.writeFieldBegin('toTid', T.STRUCT, 7);
  libWriteTid(p, m.toTid!);
  p.writeFieldEnd();
  p.writeFieldBegin('dataString', T.STRING, 10);
  p.writeString(m.dataString!);
  p.writeFieldEnd();
  p.writeFieldBegin('timestamp', T.I64, 12);
  p.writeI64(i64(m.timestamp!));
  p.writeFieldEnd();
  p.writeFieldStop();
  p.writeStructEnd();
  tr.flush();
  return out!;
}

function libReadStruct(p: thrift.TProtocol, onField: (id: number, type: number) => boolean): void {
  p.readStructBegin();
  for (;;) {
    const f = p.readFieldBegin();
    if (f.ftype === T.STOP) break;
    if (!onField(f.fid, f.ftype)) p.skip(f.ftype);
    p.readFieldEnd();
  }
  p.readStructEnd();
}

/** As tim's generated reader: every field of TimMessage this message uses. */
function libDecode(body: Buffer): TimMessage {
  const tr = new TBufferedTransport();
  tr.inBuf = body;
  tr.writeCursor = body.length;
  const p = new TCompactProtocol(tr);
  const m = {} as TimMessage;
  const readTid = () => {
    const t = { node: '' } as { node: string; resource?: string; termtyp?: number };
    libReadStruct(p, (id) => {
      if (id === 1) t.node = p.readString();
      else if (id === 3) t.resource = p.readString();
      else if (id === 4) t.termtyp = p.readByte();
      else return false;
      return true;
    });
    return t;
  };
  libReadStruct(p, (id) => {
    switch (id) {
      case 1:
        m.msType = p.readByte();
        return true;
      case 2:
        m.odType = p.readByte();
        return true;
      case 3:
        m.id = Number(p.readI64().toString());
        return true;
      case 4:
        m.mid = Number(p.readI64().toString());
        return true;
      case 6:
        m.fromTid = readTid();
        return true;
      case 7:
        m.toTid = readTid();
        return true;
      case 10:
        m.dataString = p.readString();
        return true;
      case 12: {
        const v = p.readI64() as unknown as { buffer: Buffer };
        m.timestamp = v.buffer.readBigInt64BE(0);
        return true;
      }
      default:
        return false;
    }
  });
  return m;
}

const libBytes = libEncode(msg);
const ownBytes = thriftEncode(T_MESSAGE, msg);
if (!libBytes.equals(ownBytes)) throw new Error(`codecs disagree:\n${libBytes.toString('hex')}\n${ownBytes.toString('hex')}`);
const back = thriftDecode<TimMessage>(T_MESSAGE, ownBytes);
if (back.timestamp !== msg.timestamp || back.dataString !== msg.dataString) throw new Error('own decode differs');
const libBack = libDecode(ownBytes);
if (libBack.timestamp !== msg.timestamp || libBack.fromTid?.node !== msg.fromTid?.node) throw new Error('library decode differs');

const json = encodeMessage(msg);
const jsonBody = Buffer.from(json);
const coreFrame = encodeFrame(90, json);
const clientThriftFrame = Buffer.concat([Buffer.from([90]), thriftEncode(T_MESSAGE, { msType: 2, odType: 1, toTid: msg.toTid, dataString: TEXT })]);

let sink = 0;
const cases: [string, () => void][] = [
  ['thrift lib encode', () => (sink += libEncode(msg).length)],
  ['thrift lib decode', () => (sink += libDecode(ownBytes).msType)],
  ['own thrift encode', () => (sink += thriftEncode(T_MESSAGE, msg).length)],
  ['own thrift decode', () => (sink += thriftDecode<TimMessage>(T_MESSAGE, ownBytes).msType)],
  ['json encode', () => (sink += encodeMessage(msg).length)],
  ['json decode', () => (sink += decodeMessage(jsonBody).msType)],
  ['edge in: thrift frame -> json frame', () => (sink += clientFrameToJson(clientThriftFrame).length)],
  [
    'edge out: json frame -> thrift frame',
    () => {
      // a different body each time, so the one-entry memo never hits (as for 1:1 messages)
      coreFrame[coreFrame.length - 3] ^= 1;
      sink += serverFrameToThrift(coreFrame).length;
    },
  ],
];

console.log(`TimMessage: ${ownBytes.length} bytes Thrift compact, ${jsonBody.length} bytes JSON; ${ITERS} ops x ${ROUNDS} rounds`);
for (const [name, fn] of cases) {
  for (let i = 0; i < 20_000; i++) fn();
  const ns: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < ITERS; i++) fn();
    ns.push(Number(process.hrtime.bigint() - t0) / ITERS);
  }
  ns.sort((a, b) => a - b);
  console.log(`${name.padEnd(40)} min ${ns[0].toFixed(0).padStart(6)} ns/op   median ${ns[ROUNDS >> 1].toFixed(0).padStart(6)} ns/op`);
}
if (sink === 0) console.log('');
