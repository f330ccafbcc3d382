// Bounds on the shape of JSON text from a client, checked by one linear scan before the text is
// parsed. A frame may be up to limits.maxFrameBytes (8 MiB by default), and some shapes of legal
// JSON cost far more to parse per byte than a plain string does (~10 ns/byte): deep nesting,
// integer literals of millions of digits (BigInt is quadratic), hundreds of thousands of objects
// or keys (each distinct key set makes V8 build new hidden classes, up to ~3 us per key). Node
// parses on the one thread that serves every client, so such a frame stalled everyone for
// seconds. Every bound below is far beyond what any tim struct needs; text past one is refused
// with ProtocolError 4104 before it is parsed.
//
// The scan also finds out whether the text holds an integer literal that JSON.parse would round
// (16 digits or more), so the caller knows which parser it needs.
import { ErrorCode } from './error-codes.js';
import { ProtocolError } from './frame-codec.js';
/** Deepest nesting of arrays and objects. tim's deepest struct is 5 levels (TimMessageList >
 *  messageList > TimMessage > fromTid > extend, or > extra > a byte array); admin bodies that
 *  wrap one add a level or two. Beyond a few thousand levels JSON.parse slows to ~1 us a level,
 *  and deep values would also strain every recursive walker of decoded values. */
export const MAX_JSON_DEPTH = 32;
/** Longest number literal, in characters. tim's widest integers are int64/uint64: 20 characters
 *  with the sign; 40 leaves room for `1e3`-style and fractional forms the codec tolerates. The
 *  exact parser turns long integer literals into bigints, whose cost grows with the square of
 *  the length. */
export const MAX_JSON_NUMBER_CHARS = 40;
/** Array elements plus object members in the whole text, an empty array or object counting as
 *  one. Bounds the number of values JSON.parse builds (50-300 ns each). 2^18 leaves room for
 *  node lists of 250k nodes, a byte field of 256 KiB written as an array of integers, or a
 *  message list of thousands of messages. */
export const MAX_JSON_ENTRIES = 1 << 18;
/** Object members in the whole text, an empty object counting as one. Objects and keys are the
 *  costly values (up to ~3 us per key when the objects' key sets differ), so they get a lower
 *  bound than values in general: 2^16 is thousands of user beans or messages (a pulled message
 *  has 10-20 members, so a client would refuse a history page of more than ~3,000 messages; the
 *  page is limits.pullMax, 100 by default). */
export const MAX_JSON_OBJECT_ENTRIES = 1 << 16;
/** An integer literal of this many digits may be beyond 2^53 (every one beyond has 16 at least). */
const LONG_INTEGER_DIGITS = 16;
/** kinds[d] is 1 when the container at depth d (1-based) is an object. Shared by every call:
 *  the scan is synchronous and writes a level before it reads it. */
const kinds = new Uint8Array(MAX_JSON_DEPTH + 1);
function tooLarge(what) {
    return new ProtocolError(ErrorCode.PARAMS, `JSON ${what}`);
}
/**
 * Checks `text` against the bounds above and throws ProtocolError 4104 at the first one it
 * exceeds; returns true when the text holds an integer literal of 16 or more digits (which
 * JSON.parse could round), false otherwise.
 *
 * It is a scan of the characters outside strings (strings are skipped with indexOf), not a
 * parser: on valid JSON it sees exactly the text's tokens, on malformed text it may see anything
 * but still ends, linear in the length, and the parser that follows reports the malformation.
 * Counting: every `[` or `{` and every `,` is one entry (so a container holds max(1, n) of
 * them); those of objects are also object entries.
 */
export function checkJsonBounds(text) {
    const n = text.length;
    let depth = 0;
    let entries = 0;
    let objectEntries = 0;
    let inObject = false;
    let longInteger = false;
    for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x22) {
            // A string: its end is the next `"` preceded by an even number of backslashes.
            let j = i;
            for (;;) {
                j = text.indexOf('"', j + 1);
                if (j < 0)
                    return longInteger; // unterminated: the parser reports it
                let k = j - 1;
                while (text.charCodeAt(k) === 0x5c)
                    k--;
                if ((j - k) % 2 === 1)
                    break;
            }
            i = j;
        }
        else if (c === 0x2c) {
            if (++entries > MAX_JSON_ENTRIES)
                throw tooLarge(`holds more than ${MAX_JSON_ENTRIES} array elements and object members`);
            if (inObject && ++objectEntries > MAX_JSON_OBJECT_ENTRIES)
                throw tooLarge(`holds more than ${MAX_JSON_OBJECT_ENTRIES} object members`);
        }
        else if (c === 0x7b || c === 0x5b) {
            if (++depth > MAX_JSON_DEPTH)
                throw tooLarge(`nested deeper than ${MAX_JSON_DEPTH} levels`);
            inObject = c === 0x7b;
            kinds[depth] = inObject ? 1 : 0;
            if (++entries > MAX_JSON_ENTRIES)
                throw tooLarge(`holds more than ${MAX_JSON_ENTRIES} array elements and object members`);
            if (inObject && ++objectEntries > MAX_JSON_OBJECT_ENTRIES)
                throw tooLarge(`holds more than ${MAX_JSON_OBJECT_ENTRIES} object members`);
        }
        else if (c === 0x7d || c === 0x5d) {
            if (depth > 0)
                depth--;
            inObject = depth > 0 && kinds[depth] === 1;
        }
        else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
            // A number: the run of characters a JSON number may hold.
            let j = i + 1;
            let integer = true;
            for (; j < n; j++) {
                const d = text.charCodeAt(j);
                if (d >= 0x30 && d <= 0x39)
                    continue;
                if (d !== 0x2e && d !== 0x65 && d !== 0x45 && d !== 0x2b && d !== 0x2d)
                    break;
                integer = false;
            }
            if (j - i > MAX_JSON_NUMBER_CHARS)
                throw tooLarge(`number literal longer than ${MAX_JSON_NUMBER_CHARS} characters`);
            if (integer && j - i - (c === 0x2d ? 1 : 0) >= LONG_INTEGER_DIGITS)
                longInteger = true;
            i = j - 1;
        }
    }
    return longInteger;
}
//# sourceMappingURL=json-bounds.js.map