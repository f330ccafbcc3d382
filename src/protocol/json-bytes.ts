// Byte fields of tim's JSON: standard base64 with padding (Buffer when available, a table
// implementation in browsers) and arrays of 0..255.


export const HAS_BUFFER = typeof Buffer === 'function';
export const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
export const B64_STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function base64Encode(b: Uint8Array): string {
  if (HAS_BUFFER) {
    return (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)).toString('base64');
  }
  let s = '';
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    s += B64_ALPHABET[n >> 18] + B64_ALPHABET[(n >> 12) & 63] + B64_ALPHABET[(n >> 6) & 63] + B64_ALPHABET[n & 63];
  }
  if (i < b.length) {
    const n = (b[i] << 16) | ((i + 1 < b.length ? b[i + 1] : 0) << 8);
    s += B64_ALPHABET[n >> 18] + B64_ALPHABET[(n >> 12) & 63];
    s += i + 1 < b.length ? B64_ALPHABET[(n >> 6) & 63] + '=' : '==';
  }
  return s;
}

/** Decodes an already validated base64 string. */
export function base64DecodeValid(s: string): Buffer {
  if (HAS_BUFFER) return Buffer.from(s, 'base64');
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const n =
      (B64_ALPHABET.indexOf(s[i]) << 18) |
      (B64_ALPHABET.indexOf(s[i + 1]) << 12) |
      ((s[i + 2] === '=' ? 0 : B64_ALPHABET.indexOf(s[i + 2])) << 6) |
      (s[i + 3] === '=' ? 0 : B64_ALPHABET.indexOf(s[i + 3]));
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out as Buffer;
}

export function bytesOf(values: number[]): Buffer {
  return HAS_BUFFER ? Buffer.from(values) : (Uint8Array.from(values) as Buffer);
}

export const EMPTY_BYTES: () => Buffer = () => (HAS_BUFFER ? Buffer.alloc(0) : (new Uint8Array(0) as Buffer));

