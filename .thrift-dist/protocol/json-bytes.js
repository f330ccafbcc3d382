// Byte fields of tim's JSON: standard base64 with padding (Buffer when available, a table
// implementation in browsers) and arrays of 0..255.
export const HAS_BUFFER = typeof Buffer === 'function';
export const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** 1 at the char code of each character of B64_ALPHABET. */
const B64_CHAR = new Uint8Array(128);
for (let i = 0; i < B64_ALPHABET.length; i++)
    B64_CHAR[B64_ALPHABET.charCodeAt(i)] = 1;
/** Canonical padded standard base64, as Go's StdEncoding reads it once CR/LF are gone: whole
 *  groups of four alphabet characters, the last of which may end in `=` or `==`. A loop rather
 *  than the regular expression `^(?:[A-Za-z0-9+/]{4})*(?:..==|...=)?$`: V8 keeps a backtracking
 *  entry per repetition of that group and throws RangeError ("Maximum call stack size exceeded")
 *  on a string of a few million characters, i.e. on a valid dataBinary of a few MB, well under
 *  limits.maxFrameBytes. */
export function isStrictBase64(s) {
    const n = s.length;
    if (n % 4 !== 0)
        return false;
    let end = n;
    if (n > 0 && s.charCodeAt(n - 1) === 0x3d)
        end = s.charCodeAt(n - 2) === 0x3d ? n - 2 : n - 1;
    for (let i = 0; i < end; i++) {
        const c = s.charCodeAt(i);
        if (c >= 128 || B64_CHAR[c] === 0)
            return false;
    }
    return true;
}
export function base64Encode(b) {
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
export function base64DecodeValid(s) {
    if (HAS_BUFFER)
        return Buffer.from(s, 'base64');
    const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
    const out = new Uint8Array((s.length / 4) * 3 - pad);
    let o = 0;
    for (let i = 0; i < s.length; i += 4) {
        const n = (B64_ALPHABET.indexOf(s[i]) << 18) |
            (B64_ALPHABET.indexOf(s[i + 1]) << 12) |
            ((s[i + 2] === '=' ? 0 : B64_ALPHABET.indexOf(s[i + 2])) << 6) |
            (s[i + 3] === '=' ? 0 : B64_ALPHABET.indexOf(s[i + 3]));
        out[o++] = n >> 16;
        if (o < out.length)
            out[o++] = (n >> 8) & 255;
        if (o < out.length)
            out[o++] = n & 255;
    }
    return out;
}
export function bytesOf(values) {
    return HAS_BUFFER ? Buffer.from(values) : Uint8Array.from(values);
}
export const EMPTY_BYTES = () => (HAS_BUFFER ? Buffer.alloc(0) : new Uint8Array(0));
//# sourceMappingURL=json-bytes.js.map