/** tim's default `salt` config value. */
export declare const DEFAULT_SALT = "#@*=+-<>?:|$&()%$#{]aQkLIPM79643028U'TRKF_}";
/** tim's default `node_maxlength`. */
export declare const NODE_MAX_LENGTH = 64;
/** CRC-64/XZ of `data` (Go `crc64.Checksum(data, crc64.MakeTable(crc64.ECMA))`). */
export declare function crc64(data: Uint8Array): bigint;
/** CRC-8, polynomial 0x07, init 0, not reflected, no xorout. */
export declare function crc8(data: Uint8Array): number;
/** FNV-1a 32-bit, unsigned. tim stores `int32(...)` of it in places; apply `| 0` for that. */
export declare function fnv1a32(data: Uint8Array | string): number;
/** FNV-1a 64-bit, unsigned. */
export declare function fnv1a64(data: Uint8Array | string): bigint;
/** tim's maskseed text (tim 2.x), or older tim's integer seed as a bigint; undefined, null, ''
 *  and 0n mean tim's default. */
export type MaskSeed = string | bigint | null;
/** tim's CreateUUID over a raw byte name (rooms use 8 random bytes as the "name"). */
export declare function createUuidFromBytes(name: Uint8Array, domain?: string | null, salt?: string, maskSeed?: MaskSeed): bigint;
/** tim's CreateUUID(name, domain) as an unsigned 64-bit bigint. The parts are hashed as their
 *  separate UTF-8 encodings, as Go concatenates byte strings. */
export declare function createUuid(name: string, domain?: string | null, salt?: string, maskSeed?: MaskSeed): bigint;
/** tim's CheckUUID: the low byte must be the CRC-8 of the masked high seven bytes. */
export declare function checkUuid(u: bigint, maskSeed?: MaskSeed): boolean;
/** Base58 digits of an unsigned 64-bit value, most significant first, no padding ("" for 0). */
export declare function base58Encode(u: bigint): string;
/** The uint64 a base58 string denotes; 0n when it holds a character outside the alphabet.
 *  Overlong strings wrap modulo 2^64 silently, as Go's uint64 arithmetic does. */
export declare function base58Decode(s: string): bigint;
/** The node of a user: base58(CreateUUID(name, domain)). */
export declare function userNode(name: string, domain?: string | null, salt?: string, maskSeed?: MaskSeed): string;
/** tim's CheckNode: non-empty, at most `maxLength` characters, decodes to a value > 0 whose
 *  check byte matches. Runs on every addressed frame, so it is `checkUuid(base58Decode(s))`
 *  computed without BigInt: the uint64 is kept as two uint32 halves that wrap modulo 2^64 exactly
 *  as base58Decode does (the unit tests compare both on random and overlong strings). */
export declare function checkNode(s: string, maxLength?: number, maskSeed?: MaskSeed): boolean;
/** A fresh random node (rooms, virtual rooms, tokens): CreateUUID over 8 random bytes, so it
 *  passes checkNode with the same maskseed. Uses Web Crypto (global in Node 20 and browsers). */
export declare function randomNode(domain?: string | null, salt?: string, maskSeed?: MaskSeed): string;
/** A deployment's node derivation: tim's `salt`, `maskseed` and `node_maxlength`, configured as
 *  nodeIds.salt / nodeIds.maskSeed / nodeIds.maxLength (docs/migrating-from-tim.md). Every node
 *  this server mints or checks goes through one of these, so ids made by a tim deployment with
 *  the same values pass and others are refused (4106). */
export declare class NodeIds {
    readonly salt: string;
    /** '' = tim's default mask; a bigint is older tim's integer `seed` */
    readonly maskSeed: string | bigint;
    readonly maxLength: number;
    /** `seed` (older tim's, decimal text) wins over `maskSeed`; the config allows only one. */
    constructor(o?: {
        salt?: string;
        maskSeed?: string;
        seed?: string;
        maxLength?: number;
    });
    /** The node of the account `name` (in `domain`). */
    user(name: string, domain?: string | null): string;
    /** A fresh random node (rooms, virtual rooms) that passes check(). */
    random(domain?: string | null): string;
    /** tim's CheckNode under this derivation. */
    check(s: string): boolean;
}
/** tim's defaults: what a deployment that never set salt or maskseed uses. */
export declare const DEFAULT_NODE_IDS: NodeIds;
