import { describe, expect, it } from 'vitest';
import {
  base58Decode,
  base58Encode,
  checkNode,
  checkUuid,
  crc64,
  crc8,
  createUuid,
  createUuidFromBytes,
  DEFAULT_SALT,
  fnv1a32,
  fnv1a64,
  randomNode,
  userNode,
} from '../../../src/protocol/node-id.js';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('checksums', () => {
  it('CRC-64/XZ check value', () => {
    expect(crc64(ascii('123456789'))).toBe(0x995dc9bbdf1939fan);
    expect(crc64(new Uint8Array(0))).toBe(0n);
  });

  it('CRC-8 (poly 0x07) check value', () => {
    expect(crc8(ascii('123456789'))).toBe(0xf4);
    expect(crc8(new Uint8Array(0))).toBe(0);
  });

  it('FNV-1a check values', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a64('')).toBe(0xcbf29ce484222325n);
    expect(fnv1a64('a')).toBe(0xaf63dc4c8601ec8cn);
    // docs/protocol.md Appendix A: fid("alice") = int32(FNV-1a-32) = -2027809817
    expect(fnv1a32('alice') | 0).toBe(-2027809817);
  });
});

describe('createUuid / userNode (docs/protocol.md Appendix A vectors)', () => {
  it.each([
    ['tim1', 'tlnet.top', 0xa32a37945481af40n, 'UHuS8PoK2LX'],
    ['alice', null, 0x70bc0c9f102bf1f7n, 'KrffBZqyqTL'],
    ['bob', null, 0xc091326c0b9f7d33n, 'ZD9HTVV1Jca'],
    ['alice', 'example.com', undefined, 'K6N3FmVQc4'],
  ] as const)('(%s, %s)', (name, domain, uuid, node) => {
    if (uuid !== undefined) expect(createUuid(name, domain)).toBe(uuid);
    expect(userNode(name, domain)).toBe(node);
    expect(checkNode(node)).toBe(true);
  });

  it('an empty domain is the same as none', () => {
    expect(createUuid('alice', '')).toBe(createUuid('alice', null));
    expect(createUuid('alice', undefined, DEFAULT_SALT)).toBe(0x70bc0c9f102bf1f7n);
  });

  it('bytes and string names agree', () => {
    expect(createUuidFromBytes(ascii('bob'))).toBe(createUuid('bob'));
  });

  it('a custom maskseed changes only the check byte', () => {
    const a = createUuid('alice', null, DEFAULT_SALT, 'my-seed');
    expect(a >> 8n).toBe(0x70bc0c9f102bf1f7n >> 8n);
    expect(checkUuid(a, 'my-seed')).toBe(true);
    expect(checkNode(base58Encode(a), 64, 'my-seed')).toBe(true);
  });

  it('a different salt gives a different node', () => {
    expect(userNode('alice', null, 'other salt')).not.toBe('KrffBZqyqTL');
  });
});

describe('base58', () => {
  it('round trips', () => {
    for (const u of [1n, 57n, 58n, 0xa32a37945481af40n, (1n << 64n) - 1n, 123456789n]) {
      expect(base58Decode(base58Encode(u))).toBe(u);
    }
    expect(base58Encode(0xa32a37945481af40n)).toBe('UHuS8PoK2LX');
    expect(base58Decode('KrffBZqyqTL')).toBe(0x70bc0c9f102bf1f7n);
    expect(base58Encode(0n)).toBe('');
    expect(base58Encode(57n)).toBe('z');
    expect(base58Encode(58n)).toBe('21');
  });

  it('invalid characters decode to 0', () => {
    expect(base58Decode('0abc')).toBe(0n);
    expect(base58Decode('Il')).toBe(0n);
    expect(base58Decode('ä')).toBe(0n);
    expect(base58Decode('')).toBe(0n);
  });

  it('rejects values outside uint64 when encoding', () => {
    expect(() => base58Encode(-1n)).toThrow(RangeError);
    expect(() => base58Encode(1n << 64n)).toThrow(RangeError);
  });
});

describe('checkNode', () => {
  it('rejects a corrupted node', () => {
    expect(checkNode('UHuS8PoK2LX')).toBe(true);
    expect(checkNode('UHuS8PoK2LY')).toBe(false);
    expect(checkNode('VHuS8PoK2LX')).toBe(false);
  });

  it('rejects empty, invalid, zero and too long strings', () => {
    expect(checkNode('')).toBe(false);
    expect(checkNode('0OIl')).toBe(false);
    expect(checkNode('1')).toBe(false);
    expect(checkNode('UHuS8PoK2LX', 10)).toBe(false);
    expect(checkNode('UHuS8PoK2LX', 11)).toBe(true);
  });
});

describe('checkNode agrees with checkUuid(base58Decode(s))', () => {
  // checkNode runs without BigInt; the BigInt path is the reference.
  const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  const reference = (s: string, seed?: string) => s.length > 0 && s.length <= 64 && checkUuid(base58Decode(s), seed);
  const rand = (n: number) => Math.floor(Math.random() * n);

  it.each([undefined, 'my-seed'])('maskseed %s', (seed) => {
    const samples: string[] = ['1', 'z', '11111111111', 'zzzzzzzzzzzz', 'jpXCZedGfVQ', '0', 'I', 'ä1', '1\u0000'];
    for (let i = 0; i < 3000; i++) {
      // valid nodes, the same with one character changed, and random base58 of every length
      // up to 64 (beyond 11 characters the value wraps modulo 2^64, as Go's uint64 does)
      const node = randomNode(null, undefined, seed);
      samples.push(node);
      const at = rand(node.length);
      samples.push(node.slice(0, at) + B58[rand(58)] + node.slice(at + 1));
      let r = '';
      for (let n = 1 + rand(i % 10 === 0 ? 64 : 14); n > 0; n--) r += B58[rand(58)];
      samples.push(r);
    }
    let valid = 0;
    for (const s of samples) {
      const want = reference(s, seed);
      expect(checkNode(s, 64, seed), s).toBe(want);
      if (want) valid++;
    }
    expect(valid).toBeGreaterThan(3000);
  });

  it('overlong strings wrap modulo 2^64 like base58Decode', () => {
    // base58 of any size, to write u + k * 2^64, which denotes u after wrapping
    const encodeBig = (v: bigint) => {
      let out = '';
      for (; v > 0n; v /= 58n) out = B58[Number(v % 58n)] + out;
      return out;
    };
    const u = base58Decode('UHuS8PoK2LX');
    for (const k of [1n, 2n, 12345n, (1n << 64n) - 1n]) {
      const s = encodeBig(u + k * (1n << 64n));
      expect(base58Decode(s)).toBe(u);
      expect(checkNode(s), s).toBe(true);
      expect(checkNode(encodeBig(u + 1n + k * (1n << 64n)))).toBe(false);
    }
    // leading '1's are zero digits
    expect(checkNode('111UHuS8PoK2LX')).toBe(true);
  });
});

describe('randomNode', () => {
  it('produces distinct nodes that pass checkNode', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const n = randomNode(i % 2 ? 'example.com' : undefined);
      expect(checkNode(n)).toBe(true);
      seen.add(n);
    }
    expect(seen.size).toBe(200);
  });

  it('honours a custom maskseed', () => {
    const n = randomNode(null, undefined, 'my-seed');
    expect(checkNode(n, 64, 'my-seed')).toBe(true);
  });
});
