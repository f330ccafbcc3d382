export declare const HAS_BUFFER: boolean;
export declare const B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** Canonical padded standard base64, as Go's StdEncoding reads it once CR/LF are gone: whole
 *  groups of four alphabet characters, the last of which may end in `=` or `==`. A loop rather
 *  than the regular expression `^(?:[A-Za-z0-9+/]{4})*(?:..==|...=)?$`: V8 keeps a backtracking
 *  entry per repetition of that group and throws RangeError ("Maximum call stack size exceeded")
 *  on a string of a few million characters, i.e. on a valid dataBinary of a few MB, well under
 *  limits.maxFrameBytes. */
export declare function isStrictBase64(s: string): boolean;
export declare function base64Encode(b: Uint8Array): string;
/** Decodes an already validated base64 string. */
export declare function base64DecodeValid(s: string): Buffer;
export declare function bytesOf(values: number[]): Buffer;
export declare const EMPTY_BYTES: () => Buffer;
