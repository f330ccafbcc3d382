import { describe, expect, it } from 'vitest';
import {
  BigDataAssembler,
  bigDataTotalLength,
  encodeBigBinary,
  encodeBigBinaryStream,
  encodeBigDataRequest,
  encodeBigString,
  parseBigData,
} from '../../../src/protocol/big-data.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { codeOf } from '../../helpers/protocol-error.js';
import { TimType } from '../../../src/protocol/timtype.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');


describe('client request frames', () => {
  it('BIGSTRING layout with a length header over the whole frame', () => {
    const f = encodeBigDataRequest(TimType.BIGSTRING, 'ZD9HTVV1Jca', 'hé|x');
    expect(f[0]).toBe(0xdf);
    expect(bigDataTotalLength(f)).toBe(f.length);
    expect(f.subarray(5).toString()).toBe('ZD9HTVV1Jca|hé|x');
  });

  it('BIGBINARY / BIGBINARYSTREAM use 0x83', () => {
    const f = encodeBigDataRequest(TimType.BIGBINARY, 'ab', Buffer.from([1, 0x83, 2]));
    expect(hex(f)).toBe('e00000000b' + '6162' + '83' + '018302');
    const g = encodeBigDataRequest(TimType.BIGBINARYSTREAM | 0x80, 'v', new Uint8Array([9]));
    expect(hex(g)).toBe('e100000008' + '76' + '83' + '09');
  });

  it('rejects other types', () => {
    expect(codeOf(() => encodeBigDataRequest(TimType.MESSAGE, 'a', 'b'))).toBe(ErrorCode.PARAMS);
  });
});

describe('parseBigData', () => {
  it('splits BIGSTRING at the first |', () => {
    const p = parseBigData(encodeBigDataRequest(TimType.BIGSTRING, 'KrffBZqyqTL', 'a|b'));
    expect(p.type).toBe(TimType.BIGSTRING);
    expect(p.target).toBe('KrffBZqyqTL');
    expect(p.payload.toString()).toBe('a|b');
  });

  it('accepts the timjs 0x00 separator', () => {
    const timjs = encodeBigDataRequest(TimType.BIGSTRING, 'KrffBZqyqTL', 'hello', 0x00);
    expect(timjs[5 + 11]).toBe(0);
    const p = parseBigData(timjs);
    expect(p.target).toBe('KrffBZqyqTL');
    expect(p.payload.toString()).toBe('hello');
    // a '|' inside the data after the 0x00 does not move the split
    expect(parseBigData(encodeBigDataRequest(TimType.BIGSTRING, 'n', 'x|y', 0x00)).payload.toString()).toBe('x|y');
    // a 0x00 inside the data after a real '|' does not either
    expect(parseBigData(encodeBigDataRequest(TimType.BIGSTRING, 'n', 'x\0y')).payload.toString()).toBe('x\0y');
  });

  it('splits binary types at the first 0x83', () => {
    const p = parseBigData(encodeBigDataRequest(TimType.BIGBINARY, 'n1', Buffer.from([0x83, 0x7c, 0])));
    expect(p.target).toBe('n1');
    expect([...p.payload]).toEqual([0x83, 0x7c, 0]);
    const s = parseBigData(encodeBigDataRequest(TimType.BIGBINARYSTREAM, 'v', Buffer.alloc(0)));
    expect(s.type).toBe(TimType.BIGBINARYSTREAM);
    expect(s.payload.length).toBe(0);
  });

  it('4104 without separator, on short frames, on wrong types', () => {
    const noSep = Buffer.from([0xe0, 0, 0, 0, 8, 0x61, 0x62, 0x63]);
    expect(codeOf(() => parseBigData(noSep))).toBe(ErrorCode.PARAMS);
    const noSepStr = Buffer.from([0xdf, 0, 0, 0, 8, 0x61, 0x62, 0x63]);
    expect(codeOf(() => parseBigData(noSepStr))).toBe(ErrorCode.PARAMS);
    expect(codeOf(() => parseBigData(Buffer.from([0xdf, 0, 0])))).toBe(ErrorCode.PARAMS);
    expect(codeOf(() => parseBigData(Buffer.from([0xda, 0, 0, 0, 7, 0x7c, 1])))).toBe(ErrorCode.PARAMS);
    expect(codeOf(() => bigDataTotalLength(Buffer.from([0xdf, 0, 0, 0])))).toBe(ErrorCode.PARAMS);
  });
});

describe('BigDataAssembler', () => {
  const frame = encodeBigDataRequest(TimType.BIGBINARY, 'ZD9HTVV1Jca', Buffer.alloc(100, 7));

  it('passes a complete frame through without copying', () => {
    const a = new BigDataAssembler(1 << 20);
    const r = a.push(frame);
    expect(r).toEqual({ kind: 'complete', frame });
    expect(r.kind === 'complete' && r.frame.buffer).toBe(frame.buffer);
    expect(a.pending).toBe(false);
  });

  it('reassembles a frame split across 3 messages, whatever their first bytes', () => {
    const a = new BigDataAssembler(1 << 20);
    const parts = [frame.subarray(0, 20), frame.subarray(20, 21), frame.subarray(21)];
    expect(a.push(parts[0])).toEqual({ kind: 'pending', received: 20, total: frame.length });
    expect(a.pending).toBe(true);
    expect(a.push(parts[1])).toEqual({ kind: 'pending', received: 21, total: frame.length });
    const r = a.push(parts[2]);
    expect(r.kind).toBe('complete');
    if (r.kind === 'complete') {
      expect(r.frame.equals(frame)).toBe(true);
      expect(parseBigData(r.frame).payload.equals(Buffer.alloc(100, 7))).toBe(true);
    }
    expect(a.pending).toBe(false);
    // a later frame starts afresh
    expect(a.push(frame).kind).toBe('complete');
  });

  it('answers 4114 (timType 96) when the header is smaller than the frame', () => {
    const a = new BigDataAssembler(1 << 20);
    const bad = Buffer.from(frame);
    bad.writeInt32BE(frame.length - 1, 1);
    expect(a.push(bad)).toMatchObject({ kind: 'error', code: ErrorCode.BIGDATA, timType: TimType.BIGBINARY });
    const negative = Buffer.from(frame);
    negative.writeInt32BE(-5, 1);
    expect(a.push(negative)).toMatchObject({ kind: 'error', code: 4114 });
    expect(a.pending).toBe(false);
  });

  it('answers 4114 when continuation overruns the declared length', () => {
    const a = new BigDataAssembler(1 << 20);
    expect(a.push(frame.subarray(0, 50)).kind).toBe('pending');
    expect(a.push(Buffer.concat([frame.subarray(50), Buffer.from([1])]))).toMatchObject({ kind: 'error', code: 4114 });
    expect(a.pending).toBe(false);
  });

  it('ignores messages shorter than 6 bytes when nothing is pending', () => {
    const a = new BigDataAssembler(1 << 20);
    expect(a.push(frame.subarray(0, 5))).toEqual({ kind: 'ignored' });
    expect(a.push(new Uint8Array(0))).toEqual({ kind: 'ignored' });
    expect(a.pending).toBe(false);
  });

  it('caps the declared length', () => {
    const a = new BigDataAssembler(64);
    expect(a.push(frame.subarray(0, 10))).toMatchObject({ kind: 'error', code: 4114 });
    expect(a.pending).toBe(false);
    expect(a.push(frame)).toMatchObject({ kind: 'error', code: 4114 });
    const small = encodeBigDataRequest(TimType.BIGSTRING, 'n', 'x');
    expect(a.push(small).kind).toBe('complete');
  });

  it('reset drops a frame in progress', () => {
    const a = new BigDataAssembler(1 << 20);
    a.push(frame.subarray(0, 30));
    a.reset();
    expect(a.pending).toBe(false);
  });
});

describe('server -> client frames', () => {
  it('encodeBigString', () => {
    expect(encodeBigString('KrffBZqyqTL', 'héllo').toString()).toBe('\x5fKrffBZqyqTL|héllo');
    expect(hex(encodeBigString('a', Buffer.from([1])))).toBe('5f617c01');
  });

  it('encodeBigBinary / encodeBigBinaryStream', () => {
    expect(hex(encodeBigBinary('ab', new Uint8Array([0, 255])))).toBe('60616283' + '00ff');
    expect(hex(encodeBigBinaryStream('v', Buffer.alloc(0)))).toBe('617683');
  });
});
