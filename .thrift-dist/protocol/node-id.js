// Node identifiers as tim derives them (docs/protocol.md Appendix A), so that a
// username maps to the same node as on a Go tim server with the same salt and maskseed.
//
//   uuid = CreateUUID(name, domain):
//     u  = CRC-64/XZ(utf8(name) ‖ utf8(salt) ‖ utf8(domain) if non-empty)
//     bs = BE64(u)
//     m  = maskWithSeed(bs, Mask(seed))          (Mask(x) = maskWithSeed(x, seed))
//     bs[7] = CRC-8(m[0..6])                     (poly 0x07, init 0, not reflected)
//   node = base58(uuid)                          (Bitcoin alphabet, plain positional digits)
//
// maskWithSeed XORs byte i with seed[j] where j lags i: j = 0 for i = 0 and 1, then i-1.
// The seed is BE64(1 << 60) by default, BE64(FNV-1a-64(maskseed)) when a maskseed is configured
// (tim 2.x), BE64(seed) when older tim's integer `seed` is (passed here as a bigint).
// CheckNode recomputes the CRC-8 byte: a 1-in-256 sanity check, not a security feature.
const TEXT = new TextEncoder();
/** tim's default `salt` config value. */
export const DEFAULT_SALT = "#@*=+-<>?:|$&()%$#{]aQkLIPM79643028U'TRKF_}";
/** tim's default `node_maxlength`. */
export const NODE_MAX_LENGTH = 64;
const U64_MASK = (1n << 64n) - 1n;
// --- CRC-64/XZ (Go crc64.ECMA): reflected poly 0xC96C5795D7870F42, init and xorout all ones.
// The state is kept as two unsigned 32-bit halves so that no BigInt arithmetic runs per byte.
const CRC64_HI = new Uint32Array(256);
const CRC64_LO = new Uint32Array(256);
{
    const polyHi = 0xc96c5795;
    const polyLo = 0xd7870f42;
    for (let i = 0; i < 256; i++) {
        let hi = 0;
        let lo = i;
        for (let k = 0; k < 8; k++) {
            const lsb = lo & 1;
            lo = ((lo >>> 1) | (hi << 31)) >>> 0;
            hi = hi >>> 1;
            if (lsb) {
                lo = (lo ^ polyLo) >>> 0;
                hi = (hi ^ polyHi) >>> 0;
            }
        }
        CRC64_HI[i] = hi;
        CRC64_LO[i] = lo;
    }
}
function crc64Begin() {
    return { hi: 0xffffffff, lo: 0xffffffff };
}
function crc64Update(st, data) {
    let { hi, lo } = st;
    for (let i = 0; i < data.length; i++) {
        const idx = (lo ^ data[i]) & 0xff;
        lo = (((lo >>> 8) | (hi << 24)) ^ CRC64_LO[idx]) >>> 0;
        hi = ((hi >>> 8) ^ CRC64_HI[idx]) >>> 0;
    }
    st.hi = hi;
    st.lo = lo;
}
function crc64End(st) {
    return (BigInt((st.hi ^ 0xffffffff) >>> 0) << 32n) | BigInt((st.lo ^ 0xffffffff) >>> 0);
}
/** CRC-64/XZ of `data` (Go `crc64.Checksum(data, crc64.MakeTable(crc64.ECMA))`). */
export function crc64(data) {
    const st = crc64Begin();
    crc64Update(st, data);
    return crc64End(st);
}
/** CRC-8 of every single byte value: `c = CRC8_TABLE[c ^ byte]` is one step of crc8 below. */
const CRC8_TABLE = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++)
        c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
    CRC8_TABLE[i] = c;
}
/** CRC-8, polynomial 0x07, init 0, not reflected, no xorout. */
export function crc8(data) {
    let c = 0;
    for (let i = 0; i < data.length; i++)
        c = CRC8_TABLE[c ^ data[i]];
    return c;
}
/** FNV-1a 32-bit, unsigned. tim stores `int32(...)` of it in places; apply `| 0` for that. */
export function fnv1a32(data) {
    const b = typeof data === 'string' ? TEXT.encode(data) : data;
    let h = 0x811c9dc5;
    for (let i = 0; i < b.length; i++)
        h = Math.imul(h ^ b[i], 0x01000193);
    return h >>> 0;
}
/** FNV-1a 64-bit, unsigned. */
export function fnv1a64(data) {
    const b = typeof data === 'string' ? TEXT.encode(data) : data;
    let h = 0xcbf29ce484222325n;
    for (let i = 0; i < b.length; i++)
        h = ((h ^ BigInt(b[i])) * 0x100000001b3n) & U64_MASK;
    return h;
}
// --- masking
function be64(u) {
    const out = new Uint8Array(8);
    let v = u;
    for (let i = 7; i >= 0; i--) {
        out[i] = Number(v & 0xffn);
        v >>= 8n;
    }
    return out;
}
/** tim's lagging key index: 0 for bytes 0 and 1, then i-1. */
function maskWithSeed(bs, seed) {
    const out = new Uint8Array(bs.length);
    for (let i = 0; i < bs.length; i++)
        out[i] = bs[i] ^ seed[i < 2 ? 0 : i - 1];
    return out;
}
const DEFAULT_SEED = be64(1n << 60n);
const DEFAULT_KEY = maskWithSeed(DEFAULT_SEED, DEFAULT_SEED);
const keyCache = new Map();
/** `Mask(MaskSeed)` for a configured maskseed or seed (see MaskSeed). */
function maskKey(maskSeed) {
    if (!maskSeed)
        return DEFAULT_KEY;
    let k = keyCache.get(maskSeed);
    if (k === undefined) {
        const seed = be64(typeof maskSeed === 'bigint' ? maskSeed & U64_MASK : fnv1a64(maskSeed));
        k = maskWithSeed(seed, seed);
        if (keyCache.size < 64)
            keyCache.set(maskSeed, k);
    }
    return k;
}
function checkByte(bs, key) {
    return crc8(maskWithSeed(bs, key).subarray(0, 7));
}
function finishUuid(u, maskSeed) {
    const bs = be64(u);
    bs[7] = checkByte(bs, maskKey(maskSeed));
    return (u & ~0xffn) | BigInt(bs[7]);
}
/** tim's CreateUUID over a raw byte name (rooms use 8 random bytes as the "name"). */
export function createUuidFromBytes(name, domain, salt = DEFAULT_SALT, maskSeed) {
    const st = crc64Begin();
    crc64Update(st, name);
    crc64Update(st, TEXT.encode(salt));
    if (domain)
        crc64Update(st, TEXT.encode(domain));
    return finishUuid(crc64End(st), maskSeed);
}
/** tim's CreateUUID(name, domain) as an unsigned 64-bit bigint. The parts are hashed as their
 *  separate UTF-8 encodings, as Go concatenates byte strings. */
export function createUuid(name, domain, salt = DEFAULT_SALT, maskSeed) {
    return createUuidFromBytes(TEXT.encode(name), domain, salt, maskSeed);
}
/** tim's CheckUUID: the low byte must be the CRC-8 of the masked high seven bytes. */
export function checkUuid(u, maskSeed) {
    if (u <= 0n || u > U64_MASK)
        return false;
    const bs = be64(u);
    return bs[7] === checkByte(bs, maskKey(maskSeed));
}
// --- base58 (Bitcoin alphabet) of a uint64
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const B58_INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < B58.length; i++)
    B58_INDEX[B58.charCodeAt(i)] = i;
/** Base58 digits of an unsigned 64-bit value, most significant first, no padding ("" for 0). */
export function base58Encode(u) {
    if (u < 0n || u > U64_MASK)
        throw new RangeError(`not a uint64: ${u}`);
    let s = '';
    let v = u;
    while (v > 0n) {
        s = B58[Number(v % 58n)] + s;
        v /= 58n;
    }
    return s;
}
/** The uint64 a base58 string denotes; 0n when it holds a character outside the alphabet.
 *  Overlong strings wrap modulo 2^64 silently, as Go's uint64 arithmetic does. */
export function base58Decode(s) {
    let v = 0n;
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        const d = c < 128 ? B58_INDEX[c] : -1;
        if (d < 0)
            return 0n;
        v = (v * 58n + BigInt(d)) & U64_MASK;
    }
    return v;
}
/** The node of a user: base58(CreateUUID(name, domain)). */
export function userNode(name, domain, salt, maskSeed) {
    return base58Encode(createUuid(name, domain, salt, maskSeed));
}
const TWO_32 = 2 ** 32;
/** tim's CheckNode: non-empty, at most `maxLength` characters, decodes to a value > 0 whose
 *  check byte matches. Runs on every addressed frame, so it is `checkUuid(base58Decode(s))`
 *  computed without BigInt: the uint64 is kept as two uint32 halves that wrap modulo 2^64 exactly
 *  as base58Decode does (the unit tests compare both on random and overlong strings). */
export function checkNode(s, maxLength = NODE_MAX_LENGTH, maskSeed) {
    if (s.length === 0 || s.length > maxLength)
        return false;
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        const d = c < 128 ? B58_INDEX[c] : -1;
        if (d < 0)
            return false; // base58Decode gives 0n, which checkUuid refuses
        // (hi:lo) = (hi:lo) * 58 + d mod 2^64. lo * 58 + d < 2^38 is exact in a double; imul keeps
        // the low 32 bits of hi * 58, and >>> 0 reduces the sum modulo 2^32.
        const t = lo * 58 + d;
        const carry = Math.floor(t / TWO_32);
        lo = t >>> 0;
        hi = (Math.imul(hi, 58) + carry) >>> 0;
    }
    if (hi === 0 && lo === 0)
        return false;
    // checkByte over the big-endian bytes b0..b6 (b0 = hi >>> 24), masked with tim's lagging key.
    const k = maskKey(maskSeed);
    let crc = CRC8_TABLE[(hi >>> 24) ^ k[0]];
    crc = CRC8_TABLE[crc ^ ((hi >>> 16) & 0xff) ^ k[0]];
    crc = CRC8_TABLE[crc ^ ((hi >>> 8) & 0xff) ^ k[1]];
    crc = CRC8_TABLE[crc ^ (hi & 0xff) ^ k[2]];
    crc = CRC8_TABLE[crc ^ (lo >>> 24) ^ k[3]];
    crc = CRC8_TABLE[crc ^ ((lo >>> 16) & 0xff) ^ k[4]];
    crc = CRC8_TABLE[crc ^ ((lo >>> 8) & 0xff) ^ k[5]];
    return (lo & 0xff) === crc;
}
/** A fresh random node (rooms, virtual rooms, tokens): CreateUUID over 8 random bytes, so it
 *  passes checkNode with the same maskseed. Uses Web Crypto (global in Node 20 and browsers). */
export function randomNode(domain, salt, maskSeed) {
    const raw = new Uint8Array(8);
    for (;;) {
        globalThis.crypto.getRandomValues(raw);
        const u = createUuidFromBytes(raw, domain, salt, maskSeed);
        if (u !== 0n)
            return base58Encode(u);
    }
}
/** A deployment's node derivation: tim's `salt`, `maskseed` and `node_maxlength`, configured as
 *  nodeIds.salt / nodeIds.maskSeed / nodeIds.maxLength (docs/migrating-from-tim.md). Every node
 *  this server mints or checks goes through one of these, so ids made by a tim deployment with
 *  the same values pass and others are refused (4106). */
export class NodeIds {
    salt;
    /** '' = tim's default mask; a bigint is older tim's integer `seed` */
    maskSeed;
    maxLength;
    /** `seed` (older tim's, decimal text) wins over `maskSeed`; the config allows only one. */
    constructor(o = {}) {
        this.salt = o.salt ?? DEFAULT_SALT;
        this.maskSeed = o.seed !== undefined ? BigInt(o.seed) : (o.maskSeed ?? '');
        this.maxLength = o.maxLength ?? NODE_MAX_LENGTH;
    }
    /** The node of the account `name` (in `domain`). */
    user(name, domain) {
        return userNode(name, domain, this.salt, this.maskSeed);
    }
    /** A fresh random node (rooms, virtual rooms) that passes check(). */
    random(domain) {
        return randomNode(domain, this.salt, this.maskSeed);
    }
    /** tim's CheckNode under this derivation. */
    check(s) {
        return checkNode(s, this.maxLength, this.maskSeed);
    }
}
/** tim's defaults: what a deployment that never set salt or maskseed uses. */
export const DEFAULT_NODE_IDS = new NodeIds();
//# sourceMappingURL=node-id.js.map