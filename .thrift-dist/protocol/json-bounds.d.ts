/** Deepest nesting of arrays and objects. tim's deepest struct is 5 levels (TimMessageList >
 *  messageList > TimMessage > fromTid > extend, or > extra > a byte array); admin bodies that
 *  wrap one add a level or two. Beyond a few thousand levels JSON.parse slows to ~1 us a level,
 *  and deep values would also strain every recursive walker of decoded values. */
export declare const MAX_JSON_DEPTH = 32;
/** Longest number literal, in characters. tim's widest integers are int64/uint64: 20 characters
 *  with the sign; 40 leaves room for `1e3`-style and fractional forms the codec tolerates. The
 *  exact parser turns long integer literals into bigints, whose cost grows with the square of
 *  the length. */
export declare const MAX_JSON_NUMBER_CHARS = 40;
/** Array elements plus object members in the whole text, an empty array or object counting as
 *  one. Bounds the number of values JSON.parse builds (50-300 ns each). 2^18 leaves room for
 *  node lists of 250k nodes, a byte field of 256 KiB written as an array of integers, or a
 *  message list of thousands of messages. */
export declare const MAX_JSON_ENTRIES: number;
/** Object members in the whole text, an empty object counting as one. Objects and keys are the
 *  costly values (up to ~3 us per key when the objects' key sets differ), so they get a lower
 *  bound than values in general: 2^16 is thousands of user beans or messages (a pulled message
 *  has 10-20 members, so a client would refuse a history page of more than ~3,000 messages; the
 *  page is limits.pullMax, 100 by default). */
export declare const MAX_JSON_OBJECT_ENTRIES: number;
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
export declare function checkJsonBounds(text: string): boolean;
