// The client and the JSON codec must work where there is no Buffer (browsers). The modules are
// imported afresh with the global Buffer hidden, since json-codec picks its byte helpers at load.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

type JsonCodec = typeof import('../../../src/protocol/json-codec.js');
type ClientFrames = typeof import('../../../src/client/client-frames.js');

let codec: JsonCodec;
let frames: ClientFrames;
const realBuffer = globalThis.Buffer;
const text = (s: string) => new TextEncoder().encode(s);

beforeAll(async () => {
  vi.resetModules();
  vi.stubGlobal('Buffer', undefined);
  codec = await import('../../../src/protocol/json-codec.js');
  frames = await import('../../../src/client/client-frames.js');
  await import('../../../src/client/tim-client.js');
  vi.unstubAllGlobals();
});

afterAll(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('without Buffer', () => {
  it('decodes base64 and arrays into Uint8Arrays', () => {
    vi.stubGlobal('Buffer', undefined);
    try {
      for (const [b64, bytes] of [
        ['', []],
        ['AQ==', [1]],
        ['AQI=', [1, 2]],
        ['AQID', [1, 2, 3]],
        ['/+7dzLuqmYh3ZlVEMyIRAA==', [255, 238, 221, 204, 187, 170, 153, 136, 119, 102, 85, 68, 51, 34, 17, 0]],
      ] as const) {
        const m = codec.decodeMessage(text(`{"msType":2,"odType":1,"dataBinary":"${b64}","extra":{"a":[7],"n":null}}`));
        expect(m.dataBinary).toBeInstanceOf(Uint8Array);
        // proves the fallback ran: a Buffer would have come from Buffer.from
        expect(realBuffer.isBuffer(m.dataBinary)).toBe(false);
        expect([...m.dataBinary!]).toEqual(bytes);
        expect([...m.extra!.a]).toEqual([7]);
        expect(m.extra!.n.length).toBe(0);
        expect(codec.encodeJson({ b: new Uint8Array(bytes) })).toBe(`{"b":"${b64}"}`);
      }
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('agrees with Buffer base64 on random data', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = new Uint8Array(n);
      globalThis.crypto.getRandomValues(bytes);
      const expected = realBuffer.from(bytes).toString('base64');
      vi.stubGlobal('Buffer', undefined);
      try {
        expect(codec.encodeJson({ b: bytes })).toBe(`{"b":"${expected}"}`);
        const back = codec.decodeStream(text(`{"VNode":"v","body":"${expected}"}`)).body!;
        expect([...back]).toEqual([...bytes]);
      } finally {
        vi.unstubAllGlobals();
      }
    }
  });

  it('builds client frames on Uint8Array', () => {
    vi.stubGlobal('Buffer', undefined);
    try {
      const f = frames.clientFrame(16, '{}');
      expect(f).toBeInstanceOf(Uint8Array);
      expect([...f]).toEqual([0x90, 0x7b, 0x7d]);
      expect([...frames.ackFor(new Uint8Array([0xda, 0, 0, 0, 8, 1]))]).toEqual([0x8c, 0, 0, 0, 8]);
      expect([...frames.ackFrame(-2)]).toEqual([0x8c, 0xff, 0xff, 0xff, 0xfe]);
      expect(frames.ackIdOf(new Uint8Array([0x91, 0xff, 0xff, 0xff, 0xfe]))).toBe(-2);
      expect([...frames.bigDataFrame(95, 'n', 'x', 0)]).toEqual([0xdf, 0, 0, 0, 8, 0x6e, 0, 0x78]);
      expect(frames.splitNode(new Uint8Array([0x61, 0x83, 1]), 0x83)).toEqual({ node: 'a', data: new Uint8Array([1]) });
      expect(frames.splitNode(new Uint8Array([0x61]), 0x83)).toBeUndefined();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
