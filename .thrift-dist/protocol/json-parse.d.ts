import { ProtocolError } from './frame-codec.js';
export declare const UTF8: TextDecoder;
export declare function formatError(message: string): ProtocolError;
/** Parses JSON text like JSON.parse, except that integer literals outside ±(2^53-1) become
 *  bigints (exactly). Throws SyntaxError on malformed text. */
export declare function parseJsonExact(text: string): unknown;
/** Parses a frame body as JSON (an empty body is `{}`); integer literals beyond 2^53 come back as
 *  exact bigints. Throws ProtocolError 4113 for invalid UTF-8 or malformed JSON, 4104 for text
 *  beyond a bound of json-bounds.ts (checked before parsing). */
export declare function parseJsonBody(body: Uint8Array): unknown;
/** As parseJsonBody, for text already decoded. */
export declare function parseJsonText(text: string): unknown;
export declare const INTEGER_LITERAL: RegExp;
export declare class ExactParser {
    private readonly s;
    private i;
    constructor(s: string);
    parse(): unknown;
    private fail;
    private skipWs;
    private literal;
    private value;
    private object;
    private array;
    private string;
    /** The string literal opening at `open` whose first backslash is at `from`, decoded by
     *  JSON.parse in linear time (decoding escape by escape here took a second for 8 MB of `\n`).
     *  The literal ends at the first `"` after an even run of backslashes; that is where JSON.parse
     *  would end it too, or it reports a bad escape or control character before. */
    private escapedString;
    private number;
}
export declare const MAX_SAFE_BIG: bigint;
/** Sets an own enumerable property, also for the key `__proto__` (which assignment would treat as
 *  the prototype). */
export declare function setOwn(o: Record<string, unknown>, k: string, v: unknown): void;
