import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import {
  encodeAckFrame,
  encodeClientFrame,
  encodeFrame,
  encodeReliableFrame,
  frameBody,
  frameType,
  noteAsciiText,
  ProtocolError,
  readAckId,
} from '../../../src/protocol/frame-codec.js';
import { ackJson, encodeMessageList } from '../../../src/protocol/json-codec.js';
import { TimType } from '../../../src/protocol/timtype.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('frameType / frameBody', () => {
  it('splits type and JSON bit', () => {
    expect(frameType(Buffer.from([0x90, 0x7b]))).toEqual({ type: 16, json: true });
    expect(frameType(Buffer.from([0x0d]))).toEqual({ type: 13, json: false });
    expect(frameType(new Uint8Array([0xda]))).toEqual({ type: 90, json: true });
  });

  it('rejects an empty frame with a ProtocolError', () => {
    expect(() => frameType(new Uint8Array(0))).toThrow(ProtocolError);
    try {
      frameType(Buffer.alloc(0));
    } catch (e) {
      expect((e as ProtocolError).code).toBe(ErrorCode.PARAMS);
    }
  });

  it('returns bytes 1..n as a view', () => {
    const f = Buffer.from([0x90, 1, 2, 3]);
    const b = frameBody(f);
    expect([...b]).toEqual([1, 2, 3]);
    f[1] = 9;
    expect(b[0]).toBe(9);
    expect(frameBody(Buffer.from([0x8d])).length).toBe(0);
    expect(frameBody(new Uint8Array([0x91, 5]))).toBeInstanceOf(Buffer);
  });
});

describe('encoders', () => {
  it('encodeFrame writes a plain server frame', () => {
    expect(hex(encodeFrame(TimType.PING))).toBe('0d');
    expect(hex(encodeFrame(TimType.OFFLINEMSGEND, ''))).toBe('12');
    expect(encodeFrame(TimType.ACK, '{"ok":true}').toString('latin1')).toBe('\x0c{"ok":true}');
    expect(hex(encodeFrame(0x80 | TimType.MESSAGE, Buffer.from([1, 2])))).toBe('5a0102');
    expect(encodeFrame(TimType.MESSAGE, 'é').subarray(1).toString('utf8')).toBe('é');
  });

  it('encodeReliableFrame writes type|0x80, BE32 ack id, body', () => {
    expect(hex(encodeReliableFrame(TimType.MESSAGE, 8, '{}'))).toBe('da000000087b7d');
    expect(hex(encodeReliableFrame(TimType.MESSAGE, -2, Buffer.from([0xaa])))).toBe('dafffffffeaa');
    expect(hex(encodeReliableFrame(TimType.MESSAGE, 0xfffffffe, ''))).toBe('dafffffffe');
    expect(() => encodeReliableFrame(TimType.MESSAGE, 2 ** 32, '')).toThrow(RangeError);
    expect(() => encodeReliableFrame(TimType.MESSAGE, 1.5, '')).toThrow(RangeError);
  });

  it('readAckId reads a signed BE32 and needs 4 bytes', () => {
    expect(readAckId(Buffer.from([0x8c, 0, 0, 0, 7]))).toBe(7);
    expect(readAckId(Buffer.from([0x0c, 0xff, 0xff, 0xff, 0xfe, 0x99]))).toBe(-2);
    expect(readAckId(Buffer.from([0x8c, 0x7f, 0xff, 0xff, 0xff]))).toBe(0x7fffffff);
    expect(() => readAckId(Buffer.from([0x8c, 0, 0, 7]))).toThrow(ProtocolError);
  });

  it('encodeAckFrame is the client ACK', () => {
    expect(hex(encodeAckFrame(7))).toBe('8c00000007');
    expect(hex(encodeAckFrame(-1))).toBe('8cffffffff');
    expect(readAckId(encodeAckFrame(123456789))).toBe(123456789);
  });

  it('encodeClientFrame sets the JSON bit', () => {
    expect(hex(encodeClientFrame(TimType.PING))).toBe('8d');
    expect(encodeClientFrame(TimType.AUTH, '{}').toString('latin1')).toBe('\x90{}');
  });

  it('ProtocolError carries code and tim info text', () => {
    const e = new ProtocolError(ErrorCode.FORMAT);
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe(4113);
    expect(e.message).toBe('format error');
    expect(e.name).toBe('ProtocolError');
  });
});

describe('texts declared ASCII', () => {
  const utf8Frame = (type: number, body: string) => Buffer.concat([Buffer.from([type]), Buffer.from(body, 'utf8')]);

  it('frame the same bytes as undeclared text', () => {
    const text = '{"ok":true,"n":"KrffBZqyqTL"}';
    noteAsciiText(text);
    expect(encodeFrame(TimType.ACK, text).equals(utf8Frame(TimType.ACK, text))).toBe(true);
    // recognised by value: an equal string built elsewhere is the same text
    const copy = ['{"ok":true,', '"n":"KrffBZqyqTL"}'].join('');
    expect(encodeFrame(TimType.ACK, copy).equals(utf8Frame(TimType.ACK, copy))).toBe(true);
    const reliable = encodeReliableFrame(TimType.MESSAGE, 3, copy);
    expect(hex(reliable.subarray(0, 5))).toBe('da00000003');
    expect(reliable.subarray(5).toString('utf8')).toBe(text);
  });

  it('do not affect other texts, even of the same length', () => {
    noteAsciiText('{"s":"ab"}');
    for (const other of ['{"s":"é"}', '{"s":"éb"}', '{"s":"中"}', '{"s":"ab"}']) {
      expect(encodeFrame(TimType.MESSAGE, other).equals(utf8Frame(TimType.MESSAGE, other)), other).toBe(true);
      expect(encodeReliableFrame(TimType.MESSAGE, 1, other).subarray(5).toString('utf8')).toBe(other);
    }
  });
});

describe('docs/protocol.md section 14 transcript', () => {
  it('login ack bytes', () => {
    const f = encodeFrame(TimType.ACK, ackJson(true, TimType.AUTH, { t: -1187620145, n: 'KrffBZqyqTL', n2: '4pUe3zX8gKc' }));
    expect(f[0]).toBe(0x0c);
    expect(f.subarray(1).toString()).toBe('{"ok":true,"timType":16,"t":-1187620145,"n":"KrffBZqyqTL","n2":"4pUe3zX8gKc"}');
  });

  it('reliable offline batch header and its ACK', () => {
    const body = encodeMessageList({
      id: -2305843009213693952,
      messageList: [
        {
          msType: 2,
          odType: 1,
          mid: 1,
          fromTid: { node: 'KrffBZqyqTL' },
          toTid: { node: 'ZD9HTVV1Jca' },
          dataString: 'hi',
          isOffline: true,
          timestamp: 1718000000123456789n,
        },
      ],
    });
    const f = encodeReliableFrame(TimType.OFFLINEMSG, 7, body);
    expect(hex(f.subarray(0, 5))).toBe('9100000007');
    expect(f.subarray(5).toString()).toBe(
      '{"id":-2305843009213693952,"messageList":[{"msType":2,"odType":1,"mid":1,' +
        '"fromTid":{"node":"KrffBZqyqTL"},"toTid":{"node":"ZD9HTVV1Jca"},"dataString":"hi",' +
        '"isOffline":true,"timestamp":1718000000123456789}]}',
    );
    expect(hex(encodeAckFrame(7))).toBe('8c00000007');
    expect(readAckId(Buffer.from('8c00000007', 'hex'))).toBe(7);
    expect(hex(encodeReliableFrame(TimType.MESSAGE, 0x0a, '').subarray(0, 5))).toBe('da0000000a');
  });
});
