// admiface-codec.ts: values written and read back by the descriptors of admiface-idl.ts over the
// thrift package's TCompactProtocol, Thrift's skipping rules, and i64 beyond 2^53.

import thrift from 'thrift';
import { describe, expect, it } from 'vitest';
import { readStruct, writeStruct, type Struct } from '../../../src/admin/admiface/admiface-codec.js';
import { AdmAck, AdmMessage, AdmNodeList, type StructDef } from '../../../src/admin/admiface/admiface-idl.js';

function encode(def: StructDef, v: Struct): Buffer {
  const out: Buffer[] = [];
  const p = new thrift.TCompactProtocol(new thrift.TBufferedTransport(undefined, (b?: Buffer) => void (b && out.push(b))));
  writeStruct(p, def, v);
  p.flush();
  return Buffer.concat(out);
}

function decode(def: StructDef, bytes: Buffer): Struct {
  let got: Struct = {};
  thrift.TBufferedTransport.receiver((t) => {
    got = readStruct(new thrift.TCompactProtocol(t), def);
  }, 0)(bytes);
  return got;
}

describe('Admiface codec', () => {
  it('round-trips every field kind of AdmMessage; absent fields stay absent', () => {
    const m = {
      msType: 2, odType: 1, id: 12345678901, mid: -7, bnType: 70000, fromNode: 'a', toNode: 'b', roomNode: 'r',
      dataBinary: Buffer.from([0, 255, 7]), dataString: 'héllo', udtype: -3, udshow: 300, extend: { k: 'v' }, extra: { x: Buffer.from('y') },
    };
    expect(decode(AdmMessage, encode(AdmMessage, m))).toEqual(m);
    expect(decode(AdmAck, encode(AdmAck, { ok: false, errcode: 4104, n: undefined }))).toEqual({ ok: false, errcode: 4104 });
    expect(decode(AdmNodeList, encode(AdmNodeList, { nodelist: [] }))).toEqual({ nodelist: [] });
  });

  it('keeps i64 beyond 2^53 exact as bigint, both ways', () => {
    const big = 2n ** 62n + 1n;
    expect(decode(AdmAck, encode(AdmAck, { t: big, t2: -big }))).toEqual({ t: big, t2: -big });
  });

  it('skips unknown field ids and fields of another wire type (Thrift rules)', () => {
    const other: StructDef = { name: 'X', fields: [{ id: 1, name: 'ok', type: 'string' }, { id: 5, name: 'n', type: 'string' }, { id: 99, name: 'z', type: { list: 'i64' } }] };
    expect(decode(AdmAck, encode(other, { ok: 'not a bool', n: 'kept', z: [1, 2] }))).toEqual({ n: 'kept' });
  });
});
