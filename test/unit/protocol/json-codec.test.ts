import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { codeOf } from '../../helpers/protocol-error.js';
import {
  ackJson,
  decodeAck,
  decodeAuth,
  decodeMessage,
  decodeMessageList,
  decodeNodes,
  decodePresence,
  decodeReq,
  decodeStream,
  encodeAck,
  encodeAuth,
  encodeJson,
  encodeJsonFrame,
  encodeMessage,
  encodeMessageList,
  encodeNodes,
  encodePresence,
  encodeReq,
  encodeStream,
  encodeTid,
  errorAckJson,
  parseJsonBody,
  parseJsonExact,
  parseJsonText,
} from '../../../src/protocol/json-codec.js';
import { encodeFrame } from '../../../src/protocol/frame-codec.js';

const b = (s: string) => Buffer.from(s, 'utf8');


describe('parsing', () => {
  it('empty body is {}', () => {
    expect(parseJsonBody(new Uint8Array(0))).toEqual({});
    expect(decodeReq(new Uint8Array(0))).toEqual({});
    expect(decodeAuth(Buffer.alloc(0))).toEqual({});
  });

  it('undecodable bodies are 4113', () => {
    expect(codeOf(() => decodeReq(b('{"rtype":')))).toBe(ErrorCode.FORMAT);
    expect(codeOf(() => decodeReq(b('[1,2]')))).toBe(ErrorCode.FORMAT);
    expect(codeOf(() => decodeReq(b('"x"')))).toBe(ErrorCode.FORMAT);
    expect(codeOf(() => decodeReq(b('null')))).toBe(ErrorCode.FORMAT);
    expect(codeOf(() => decodeReq(b('   ')))).toBe(ErrorCode.FORMAT);
    expect(codeOf(() => decodeReq(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])))).toBe(ErrorCode.FORMAT);
    expect(codeOf(() => decodeMessage(b('{"msType":2,"odType":1} x')))).toBe(ErrorCode.FORMAT);
    // the exact parser path (a long digit run) reports the same code
    expect(codeOf(() => decodeMessage(b('{"timestamp":1718000000123456789,}')))).toBe(ErrorCode.FORMAT);
    expect(codeOf(() => decodeMessage(b('{"timestamp":1718000000123456789')))).toBe(ErrorCode.FORMAT);
    expect(codeOf(() => parseJsonText('{"a":01234567890123456789}'))).toBe(ErrorCode.FORMAT);
  });

  it('the exact parser agrees with JSON.parse', () => {
    const texts = [
      '{"a":[1,-2.5e3,true,false,null,{"b":"c"}],"s":"q\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00","e":{}}',
      ' [ ] ',
      '"\\u0000"',
      '-0',
      '{"x":1,"x":2}',
      '{"__proto__":1}',
      '12345678901234.5',
      '9007199254740991',
    ];
    for (const t of texts) expect(parseJsonExact(t)).toStrictEqual(JSON.parse(t));
    expect(Object.keys(parseJsonExact('{"__proto__":{"a":1}}') as object)).toEqual(['__proto__']);
  });

  it('the exact parser keeps big integers exact', () => {
    expect(parseJsonExact('[9007199254740993,-9223372036854775808,1.5e300,18446744073709551615]')).toEqual([
      9007199254740993n,
      -9223372036854775808n,
      1.5e300,
      18446744073709551615n,
    ]);
    for (const bad of ['{', '[1,]', '{"a" 1}', '"\u0001"', '"\\x"', 'tru', '01', '-', '"abc', '{"a":1}}']) {
      expect(() => parseJsonExact(bad), bad).toThrow(SyntaxError);
    }
  });
});

describe('decodeMessage', () => {
  it('timjs body with all-null fields', () => {
    const body =
      '{"msType":2,"odType":1,"id":null,"mid":null,"bnType":null,"fromTid":null,' +
      '"toTid":{"node":"ZD9HTVV1Jca","domain":null,"resource":null,"termtyp":null,"extend":null},' +
      '"roomTid":null,"dataBinary":null,"dataString":"hi","isOffline":null,"timestamp":null,' +
      '"udtype":null,"udshow":null,"extend":null,"extra":null,"ToList":null}';
    const m = decodeMessage(b(body));
    expect(m).toStrictEqual({ msType: 2, odType: 1, toTid: { node: 'ZD9HTVV1Jca' }, dataString: 'hi' });
    expect(Object.keys(m)).toEqual(['msType', 'odType', 'toTid', 'dataString']);
  });

  it('matches keys case-insensitively and ignores unknown keys', () => {
    const m = decodeMessage(b('{"MSTYPE":3,"odtype":1,"roomtid":{"NODE":"r1"},"toList":["a","b"],"whatever":{"x":1}}'));
    expect(m).toStrictEqual({ msType: 3, odType: 1, roomTid: { node: 'r1' }, ToList: ['a', 'b'] });
  });

  it('later keys win, null clears', () => {
    expect(decodeMessage(b('{"msType":2,"odType":1,"dataString":"a","datastring":"b"}')).dataString).toBe('b');
    expect(decodeMessage(b('{"msType":2,"odType":1,"dataString":"a","DataString":null}')).dataString).toBeUndefined();
  });

  it('msType and odType are required', () => {
    expect(codeOf(() => decodeMessage(new Uint8Array(0)))).toBe(ErrorCode.PARAMS);
    expect(codeOf(() => decodeMessage(b('{"msType":2}')))).toBe(ErrorCode.PARAMS);
    expect(codeOf(() => decodeMessage(b('{"msType":2,"odType":null}')))).toBe(ErrorCode.PARAMS);
  });

  it('range-checks integers to their Go types', () => {
    const cases: Array<[string, number | undefined]> = [
      ['{"msType":300,"odType":1}', ErrorCode.PARAMS],
      ['{"msType":127,"odType":-128}', undefined],
      ['{"msType":2,"odType":128}', ErrorCode.PARAMS],
      ['{"msType":2.5,"odType":1}', ErrorCode.PARAMS],
      ['{"msType":"2","odType":1}', ErrorCode.PARAMS],
      ['{"msType":2,"odType":1,"udtype":32767,"udshow":-32768}', undefined],
      ['{"msType":2,"odType":1,"udtype":32768}', ErrorCode.PARAMS],
      ['{"msType":2,"odType":1,"bnType":2147483647}', undefined],
      ['{"msType":2,"odType":1,"bnType":2147483648}', ErrorCode.PARAMS],
      ['{"msType":2,"odType":1,"id":9223372036854775807,"mid":-9223372036854775808}', undefined],
      ['{"msType":2,"odType":1,"id":9223372036854775808}', ErrorCode.PARAMS],
      ['{"msType":2,"odType":1,"mid":1e300}', ErrorCode.PARAMS],
      ['{"msType":2,"odType":1,"timestamp":-9223372036854775809}', ErrorCode.PARAMS],
      ['{"msType":2,"odType":1,"timestamp":1.5}', ErrorCode.PARAMS],
      ['{"msType":2,"odType":1,"toTid":{"node":"a","termtyp":200}}', ErrorCode.PARAMS],
      ['{"msType":2,"odType":1,"isOffline":1}', ErrorCode.PARAMS],
      ['{"msType":2,"odType":1,"dataString":5}', ErrorCode.PARAMS],
      ['{"msType":2,"odType":1,"toTid":"a"}', ErrorCode.PARAMS],
      ['{"msType":2,"odType":1,"extend":{"a":1}}', ErrorCode.PARAMS],
      ['{"msType":2,"odType":1,"extend":["a"]}', ErrorCode.PARAMS],
      ['{"msType":2,"odType":1,"ToList":[1]}', ErrorCode.PARAMS],
      ['{"msType":2,"odType":1,"ToList":"a"}', ErrorCode.PARAMS],
    ];
    for (const [body, code] of cases) expect(codeOf(() => decodeMessage(b(body))), body).toBe(code);
  });

  it('int64 ids are numbers, timestamp an exact bigint', () => {
    const m = decodeMessage(b('{"msType":2,"odType":1,"id":6917529027641081856,"mid":12,"timestamp":1718000000123456789}'));
    expect(m.id).toBe(6917529027641081856);
    expect(m.mid).toBe(12);
    expect(m.timestamp).toBe(1718000000123456789n);
    expect(decodeMessage(b('{"msType":2,"odType":1,"timestamp":17}')).timestamp).toBe(17n);
  });

  it('bytes accept base64 or a number array', () => {
    const m = decodeMessage(b('{"msType":2,"odType":1,"dataBinary":"AQID","extra":{"k":[0,255],"z":null,"e":""}}'));
    expect(Buffer.isBuffer(m.dataBinary)).toBe(true);
    expect([...m.dataBinary!]).toEqual([1, 2, 3]);
    expect([...m.extra!.k]).toEqual([0, 255]);
    expect(m.extra!.z.length).toBe(0);
    expect(m.extra!.e.length).toBe(0);
    expect([...decodeMessage(b('{"msType":2,"odType":1,"dataBinary":"AQ==\\r\\n"}')).dataBinary!]).toEqual([1]);
    for (const bad of ['"AQ"', '"A===","x":1', '"AQ-_"', '[256]', '[-1]', '[1.5]', '["1"]', '5', '{}']) {
      expect(codeOf(() => decodeMessage(b(`{"msType":2,"odType":1,"dataBinary":${bad}}`))), bad).toBe(ErrorCode.PARAMS);
    }
  });

  it('null map values and list items take Go zero values', () => {
    const m = decodeMessage(b('{"msType":2,"odType":1,"extend":{"a":null,"b":"x"},"ToList":[null,"n"]}'));
    expect(m.extend).toEqual({ a: '', b: 'x' });
    expect(m.ToList).toEqual(['', 'n']);
  });

  it('a __proto__ key stays a plain map entry', () => {
    const m = decodeMessage(b('{"msType":2,"odType":1,"extend":{"__proto__":"x"}}'));
    expect(Object.getPrototypeOf(m.extend)).toBe(Object.prototype);
    expect(Object.keys(m.extend!)).toEqual(['__proto__']);
    expect(m.extend!['__proto__']).toBe('x');
  });
});

describe('decoding in place (bodies already in decoded shape)', () => {
  // decodeStruct returns the parsed object itself when its keys are exact field names in field
  // order, none null, required and fill fields present. These bodies sit on either side of that
  // condition; each must decode exactly as the same fields written in canonical form.
  const keys = (v: object) => JSON.stringify(Object.keys(v));

  it('gives the same value and key order as the general path', () => {
    const canonical = '{"msType":2,"odType":1,"toTid":{"node":"n","resource":"r"},"dataString":"hi"}';
    const bodies = [
      canonical,
      '{"odType":1,"msType":2,"toTid":{"resource":"r","node":"n"},"dataString":"hi"}', // out of order
      '{"msType":2,"odType":1,"toTid":{"node":"n","resource":"r"},"datastring":"hi"}', // case
      '{"msType":2,"odType":1,"toTid":{"node":"n","resource":"r"},"dataString":"hi","roomTid":null}', // null
      '{"msType":2,"odType":1,"toTid":{"node":"n","resource":"r","x":1},"dataString":"hi","zz":[1]}', // unknown
      '{"msType":2,"odType":1,"toTid":{"node":"n","resource":"r"},"dataString":"no","dataString":"hi"}', // repeated
    ];
    const want = decodeMessage(b(canonical));
    expect(want).toStrictEqual({ msType: 2, odType: 1, toTid: { node: 'n', resource: 'r' }, dataString: 'hi' });
    for (const body of bodies) {
      const m = decodeMessage(b(body));
      expect(m, body).toStrictEqual(want);
      expect(keys(m), body).toBe(keys(want));
      expect(keys(m.toTid!), body).toBe(keys(want.toTid!));
    }
  });

  it('converts bytes, bigints, maps and lists in place', () => {
    const m = decodeMessage(
      b('{"msType":2,"odType":1,"id":5,"dataBinary":"AQI=","timestamp":17,"extend":{"a":null},"extra":{"k":[7]},"ToList":[null,"x"]}'),
    );
    expect(m).toStrictEqual({
      msType: 2,
      odType: 1,
      id: 5,
      dataBinary: Buffer.from([1, 2]),
      timestamp: 17n,
      extend: { a: '' },
      extra: { k: Buffer.from([7]) },
      ToList: ['', 'x'],
    });
    expect(Buffer.isBuffer(m.dataBinary)).toBe(true);
  });

  it('fills Go zero values, which the in-place path cannot', () => {
    // Tid.node and TimStream.VNode are filled when absent: the result gains a key in field order
    const m = decodeMessage(b('{"msType":2,"odType":1,"toTid":{"resource":"r"}}'));
    expect(keys(m.toTid!)).toBe('["node","resource"]');
    expect(m.toTid).toStrictEqual({ node: '', resource: 'r' });
    const s = decodeStream(b('{"id":1,"body":"AQ=="}'));
    expect(keys(s)).toBe('["id","VNode","body"]');
  });

  it('refuses the same bodies', () => {
    // a required field missing, and a bad value after values already converted in place
    expect(codeOf(() => decodeMessage(b('{"msType":2,"dataString":"x"}')))).toBe(ErrorCode.PARAMS);
    expect(codeOf(() => decodeMessage(b('{"msType":2,"odType":1,"dataBinary":"AQ==","udtype":40000}')))).toBe(ErrorCode.PARAMS);
    expect(codeOf(() => decodeMessage(b('{"msType":2,"odType":1,"toTid":{"node":"n","termtyp":999}}')))).toBe(ErrorCode.PARAMS);
    try {
      decodeMessage(b('{"msType":2,"odType":1,"extend":{"k":5}}'));
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toBe('TimMessage.extend.k: expected a string');
    }
  });
});

describe('other decoders', () => {
  it('decodeAuth (timjs password and token bodies)', () => {
    expect(
      decodeAuth(b('{"name":"alice","pwd":"123","domain":null,"resource":"web browser","termtyp":1,"token":null,"extend":null}')),
    ).toStrictEqual({ name: 'alice', pwd: '123', resource: 'web browser', termtyp: 1 });
    expect(
      decodeAuth(b('{"name":"","pwd":"","domain":null,"resource":"web","termtyp":1,"token":"UHuS8PoK2LX","extend":null}')),
    ).toStrictEqual({ name: '', pwd: '', resource: 'web', termtyp: 1, token: 'UHuS8PoK2LX' });
    expect(codeOf(() => decodeAuth(b('{"termtyp":128}')))).toBe(ErrorCode.PARAMS);
    expect(decodeAuth(b('{"extend":{"k":"v"}}')).extend).toEqual({ k: 'v' });
  });

  it('decodeReq', () => {
    expect(
      decodeReq(b('{"rtype":1,"node":"ZD9HTVV1Jca","node2":null,"reqInt":0,"reqInt2":10,"reqStr":null,"reqStr2":null}')),
    ).toStrictEqual({ rtype: 1, node: 'ZD9HTVV1Jca', reqInt: 0, reqInt2: 10 });
    expect(codeOf(() => decodeReq(b('{"rtype":2147483648}')))).toBe(ErrorCode.PARAMS);
    expect(codeOf(() => decodeReq(b('{"reqInt":"5"}')))).toBe(ErrorCode.PARAMS);
  });

  it('decodePresence', () => {
    const p = decodePresence(
      b(
        '{"id":null,"offline":false,"subStatus":2,"fromTid":null,"toTid":{"node":"p"},"toList":null,' +
          '"show":null,"status":"busy","extend":null,"extra":null}',
      ),
    );
    expect(p).toStrictEqual({ offline: false, subStatus: 2, toTid: { node: 'p' }, status: 'busy' });
    expect(codeOf(() => decodePresence(b('{"show":40000}')))).toBe(ErrorCode.PARAMS);
    expect(codeOf(() => decodePresence(b('{"subStatus":-129}')))).toBe(ErrorCode.PARAMS);
  });

  it('decodeStream accepts timjs vNode', () => {
    const s = decodeStream(b('{"id":null,"vNode":"NGhMpCbk2wQ","dtype":null,"body":"AQID","fromNode":null}'));
    expect(s.VNode).toBe('NGhMpCbk2wQ');
    expect([...s.body!]).toEqual([1, 2, 3]);
    expect(Object.keys(s)).toEqual(['VNode', 'body']);
    expect(decodeStream(b('{}'))).toStrictEqual({ VNode: '' });
    expect(codeOf(() => decodeStream(b('{"vnode":"x","dtype":128}')))).toBe(ErrorCode.PARAMS);
  });

  it('decodeNodes with beans', () => {
    const n = decodeNodes(
      b(
        '{"ntype":6,"nodelist":null,"usermap":{"":{"name":"A","gender":1,"createtime":1718000000123456789,' +
          '"photoTidAlbum":["x"],"extra":{"k":"AQ=="}}},"roommap":{"r":{"managers":["m"],"gtype":1,"kind":5}},"node":null}',
      ),
    );
    expect(n.ntype).toBe(6);
    expect(n.usermap!['']).toMatchObject({ name: 'A', gender: 1, createtime: 1718000000123456789n, photoTidAlbum: ['x'] });
    expect([...n.usermap![''].extra!.k]).toEqual([1]);
    expect(n.roommap!.r).toStrictEqual({ managers: ['m'], gtype: 1, kind: 5 });
    expect(decodeNodes(b('{"nodelist":["a"]}'))).toStrictEqual({ ntype: 0, nodelist: ['a'] });
    expect(codeOf(() => decodeNodes(b('{"ntype":4,"usermap":{"a":{"gender":300}}}')))).toBe(ErrorCode.PARAMS);
    expect(codeOf(() => decodeNodes(b('{"ntype":4,"usermap":{"a":5}}')))).toBe(ErrorCode.PARAMS);
    expect(codeOf(() => decodeNodes(b('{"ntype":4,"nodelist":"a"}')))).toBe(ErrorCode.PARAMS);
  });

  it('decodeAck and decodeMessageList (client side)', () => {
    expect(decodeAck(b('{"ok":false,"timType":92,"error":{"code":4105,"info":"permission denied"}}'))).toStrictEqual({
      ok: false,
      timType: 92,
      error: { code: 4105, info: 'permission denied' },
    });
    const l = decodeMessageList(
      b('{"id":-2305843009213693952,"messageList":[{"msType":2,"odType":1,"mid":1,"isOffline":true,"timestamp":1718000000123456789},null]}'),
    );
    expect(l.id).toBe(-2305843009213693952);
    expect(l.messageList).toHaveLength(1);
    expect(l.messageList![0].timestamp).toBe(1718000000123456789n);
  });
});

describe('encodeJson', () => {
  it('writes Buffers as base64, bigints exactly, omits undefined, keeps key order', () => {
    const s = encodeJson({
      z: 1,
      a: undefined,
      bin: Buffer.from([1, 2, 3]),
      u8: new Uint8Array([255]),
      empty: Buffer.alloc(0),
      timestamp: 1718000000123456789n,
      neg: -9223372036854775808n,
      arr: [1, undefined, 'x', null],
      nested: { s: 'q"\n', f: () => 1, n: null },
      big: 6917529027641081856,
      nan: Number.NaN,
      frac: 0.5,
      t: true,
    });
    expect(s).toBe(
      '{"z":1,"bin":"AQID","u8":"/w==","empty":"","timestamp":1718000000123456789,"neg":-9223372036854775808,' +
        '"arr":[1,null,"x",null],"nested":{"s":"q\\"\\n","n":null},"big":6917529027641081856,"nan":null,"frac":0.5,"t":true}',
    );
  });

  it('bigint timestamp round trip', () => {
    const m = { msType: 2, odType: 1, timestamp: 1718000000123456789n };
    const back = decodeMessage(b(encodeJson(m)));
    expect(back.timestamp).toBe(1718000000123456789n);
    expect(decodeMessage(b(encodeMessage({ ...m, timestamp: 9223372036854775807n }))).timestamp).toBe(9223372036854775807n);
  });

  it('matches JSON.stringify for plain JSON values', () => {
    const v = { a: [1, 2, { b: 'ü€😀\u2028' }], c: { d: false, e: null }, f: -0, g: 1e21, h: '' };
    expect(encodeJson(v)).toBe(JSON.stringify(v));
  });
});

describe('encodeJson fast paths', () => {
  it('writes every string as JSON.stringify does', () => {
    // each code unit on its own and inside text: the plain ASCII path covers 0x20..0x7e but '"'
    // and '\\'; the rest goes by JSON.stringify or by a check that it would not escape
    const units = [...Array(0x81).keys(), 0x7ff, 0x800, 0x2028, 0x2029, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfffe, 0xffff];
    for (const u of units) {
      const c = String.fromCharCode(u);
      for (const s of [c, `ab${c}cd`, `${c}${'x'.repeat(30)}`]) {
        expect(encodeJson({ [s]: s }), `U+${u.toString(16)}`).toBe(JSON.stringify({ [s]: s }));
      }
    }
    for (const s of ['', '😀', 'a😀b', '\ud83d', 'x\ude00', '中文 text', '"quoted"', 'back\\slash']) {
      expect(encodeJson({ s, [s]: [s] })).toBe(JSON.stringify({ s, [s]: [s] }));
    }
  });

  it('writes numbers as String() does, beyond 2^31 too', () => {
    const around = (x: number) => [x - 1, x, x + 1, -x + 1, -x, -x - 1];
    const values = [0, -0, 7, ...around(2 ** 31), ...around(1e9), ...around(1e10), ...around(2 ** 53 - 1), 123456789012345, 1.5, -1e-7];
    for (let i = 0; i < 2000; i++) values.push(Math.floor(Math.random() * 2 ** 53) * (i % 2 ? 1 : -1), Math.floor(Math.random() * 2 ** 35));
    for (const v of values) {
      const want = Number.isSafeInteger(v) || !Number.isInteger(v) ? JSON.stringify(v) : BigInt(v).toString();
      expect(encodeJson({ v }), String(v)).toBe(`{"v":${want}}`);
    }
  });

  it('frames the same bytes as encodeFrame(type, encodeJson(v))', () => {
    const values = [
      { a: 1, s: 'plain' },
      { s: 'é€😀', k: { 'é': 'x' } },
      { s: 'q"\n' },
      { b: Buffer.from([1, 2, 3]), t: 1718000000123456789n },
      { nested: { list: ['a', 'ü', null] } },
    ];
    for (const v of values) {
      const json = encodeJson(v);
      const want = Buffer.concat([Buffer.from([90]), Buffer.from(json, 'utf8')]);
      expect(encodeJsonFrame(90, v).equals(want), json).toBe(true);
      expect(encodeFrame(90, json).equals(want), json).toBe(true);
      expect(encodeJsonFrame(0x80 | 90, v)[0]).toBe(90);
    }
  });

  it('a toJSON that encodes cannot make a non-ASCII text pass for ASCII', () => {
    const inner = { toJSON: () => (encodeJson({ plain: 'ascii' }), 'x') };
    const v = { before: 'é', inner, after: 'ü' };
    const json = encodeJson(v);
    expect(json).toBe('{"before":"é","inner":"x","after":"ü"}');
    expect(encodeFrame(1, json).subarray(1).toString('utf8')).toBe(json);
    expect(encodeJsonFrame(1, v).subarray(1).toString('utf8')).toBe(json);
  });
});

describe('typed encoders', () => {
  it('encodeMessage uses Go field order and only known fields', () => {
    const s = encodeMessage({
      timestamp: 1718000000123456789n,
      dataString: 'hi',
      toTid: { node: 'ZD9HTVV1Jca' },
      fromTid: { termtyp: 1, resource: 'web', node: 'KrffBZqyqTL' },
      mid: 1,
      id: 6917529027641081856,
      odType: 1,
      msType: 2,
      ...({ junk: 1 } as object),
    });
    expect(s).toBe(
      '{"msType":2,"odType":1,"id":6917529027641081856,"mid":1,' +
        '"fromTid":{"node":"KrffBZqyqTL","resource":"web","termtyp":1},' +
        '"toTid":{"node":"ZD9HTVV1Jca"},"dataString":"hi","timestamp":1718000000123456789}',
    );
  });

  it('encodes bytes, maps and lists inside messages', () => {
    const s = encodeMessage({
      msType: 2,
      odType: 1,
      dataBinary: Buffer.from([1, 2, 3]),
      extend: { a: 'b' },
      extra: { k: Buffer.from([0xff]) },
      ToList: ['x'],
    });
    expect(s).toBe('{"msType":2,"odType":1,"dataBinary":"AQID","extend":{"a":"b"},"extra":{"k":"/w=="},"ToList":["x"]}');
  });

  it('emits Go non-pointer fields when absent', () => {
    expect(encodeAck({ ok: false, timType: 0 })).toBe('{"ok":false,"timType":0}');
    expect(encodeTid({} as never)).toBe('{"node":""}');
    expect(encodeStream({ VNode: 'v', body: Buffer.from([1]) })).toBe('{"id":0,"VNode":"v","body":"AQ==","fromNode":""}');
    expect(encodeNodes({ ntype: 1, nodelist: ['ZD9HTVV1Jca'] })).toBe('{"ntype":1,"nodelist":["ZD9HTVV1Jca"]}');
  });

  it('encodePresence (docs/protocol.md section 14, offline notice)', () => {
    expect(
      encodePresence({
        toTid: { node: 'KrffBZqyqTL' },
        fromTid: { node: 'ZD9HTVV1Jca', resource: 'web', termtyp: 1 },
        offline: true,
        id: 5,
      }),
    ).toBe('{"id":5,"offline":true,"fromTid":{"node":"ZD9HTVV1Jca","resource":"web","termtyp":1},"toTid":{"node":"KrffBZqyqTL"}}');
  });

  it('encodeNodes with bean maps', () => {
    expect(
      encodeNodes({
        ntype: 4,
        usermap: { n1: { createtime: 1718000000123456789n, name: 'A' } },
        roommap: { r: { kind: 2, founder: 'f' } },
      }),
    ).toBe('{"ntype":4,"usermap":{"n1":{"name":"A","createtime":1718000000123456789}},"roommap":{"r":{"founder":"f","kind":2}}}');
  });

  it('encodeMessageList, encodeAuth, encodeReq', () => {
    expect(encodeMessageList({ messageList: [] })).toBe('{"messageList":[]}');
    expect(encodeAuth({ name: 'alice', pwd: '123', resource: 'web', termtyp: 1 })).toBe(
      '{"name":"alice","pwd":"123","resource":"web","termtyp":1}',
    );
    expect(encodeReq({ reqInt2: 10, rtype: 1, node: 'n', reqInt: 0 })).toBe('{"rtype":1,"node":"n","reqInt":0,"reqInt2":10}');
  });

  it('ackJson / errorAckJson', () => {
    expect(ackJson(true, 41, { n: 'r', t: 8 })).toBe('{"ok":true,"timType":41,"t":8,"n":"r"}');
    expect(ackJson(true, 22, { t2: 5, n2: 'x', n: 'v', t: 3 })).toBe('{"ok":true,"timType":22,"t":3,"n":"v","t2":5,"n2":"x"}');
    expect(errorAckJson(92, ErrorCode.PERM_DENIED)).toBe('{"ok":false,"timType":92,"error":{"code":4105,"info":"permission denied"}}');
    expect(errorAckJson(41, ErrorCode.BLOCK, { n: 'r', t: 9 })).toBe(
      '{"ok":false,"timType":41,"error":{"code":4110,"info":"blocked object"},"t":9,"n":"r"}',
    );
  });

  it('encoded messages decode to the same value', () => {
    const m = {
      msType: 3,
      odType: 1,
      id: 42,
      mid: 7,
      bnType: 9,
      fromTid: { node: 'a', domain: 'd', resource: 'r', termtyp: 2, extend: { x: 'y' } },
      roomTid: { node: 'room' },
      dataBinary: Buffer.from('bytes'),
      dataString: 'é😀',
      isOffline: true,
      timestamp: 1718000000123456789n,
      udtype: -3,
      udshow: 4,
      extend: { k: 'v' },
      extra: { e: Buffer.from([9]) },
      ToList: ['t'],
    };
    expect(decodeMessage(b(encodeMessage(m)))).toStrictEqual(m);
  });
});
