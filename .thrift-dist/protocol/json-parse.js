// JSON text parsing for frame bodies: JSON.parse, or an exact parser that keeps integer literals
// beyond 2^53 as bigints (nanosecond timestamps) when a body holds a long integer literal (16
// digits or more: every integer beyond 2^53 has 16 digits at least). Either way the text is first
// held to the bounds of json-bounds.ts (depth, number length, entries), which refuse with 4104.
import { ErrorCode } from './error-codes.js';
import { ProtocolError } from './frame-codec.js';
import { checkJsonBounds } from './json-bounds.js';
export const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
export function formatError(message) {
    return new ProtocolError(ErrorCode.FORMAT, message);
}
/** Parses JSON text like JSON.parse, except that integer literals outside ±(2^53-1) become
 *  bigints (exactly). Throws SyntaxError on malformed text. */
export function parseJsonExact(text) {
    return new ExactParser(text).parse();
}
/** Parses a frame body as JSON (an empty body is `{}`); integer literals beyond 2^53 come back as
 *  exact bigints. Throws ProtocolError 4113 for invalid UTF-8 or malformed JSON, 4104 for text
 *  beyond a bound of json-bounds.ts (checked before parsing). */
export function parseJsonBody(body) {
    if (body.length === 0)
        return {};
    let text;
    try {
        text = UTF8.decode(body);
    }
    catch {
        throw formatError('body is not valid UTF-8');
    }
    return parseJsonText(text);
}
/** As parseJsonBody, for text already decoded. */
export function parseJsonText(text) {
    const longInteger = checkJsonBounds(text); // outside the try: its 4104 is not a format error
    try {
        return longInteger ? parseJsonExact(text) : JSON.parse(text);
    }
    catch (err) {
        // SyntaxError from either parser (the depth bound keeps the exact one off the stack's end).
        throw formatError(`undecodable JSON: ${err.message}`);
    }
}
export const INTEGER_LITERAL = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
export class ExactParser {
    s;
    i = 0;
    constructor(s) {
        this.s = s;
    }
    parse() {
        const v = this.value();
        this.skipWs();
        if (this.i !== this.s.length)
            this.fail('unexpected trailing data');
        return v;
    }
    fail(what) {
        throw new SyntaxError(`${what} at position ${this.i}`);
    }
    skipWs() {
        const s = this.s;
        let i = this.i;
        while (i < s.length) {
            const c = s.charCodeAt(i);
            if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09)
                break;
            i++;
        }
        this.i = i;
    }
    literal(word, v) {
        if (!this.s.startsWith(word, this.i))
            this.fail('unexpected token');
        this.i += word.length;
        return v;
    }
    value() {
        this.skipWs();
        const c = this.s.charCodeAt(this.i);
        switch (c) {
            case 0x7b:
                return this.object();
            case 0x5b:
                return this.array();
            case 0x22:
                return this.string();
            case 0x74:
                return this.literal('true', true);
            case 0x66:
                return this.literal('false', false);
            case 0x6e:
                return this.literal('null', null);
            default:
                if (c === 0x2d || (c >= 0x30 && c <= 0x39))
                    return this.number();
                return this.fail(Number.isNaN(c) ? 'unexpected end' : 'unexpected token');
        }
    }
    object() {
        const o = {};
        this.i++;
        this.skipWs();
        if (this.s.charCodeAt(this.i) === 0x7d) {
            this.i++;
            return o;
        }
        for (;;) {
            this.skipWs();
            if (this.s.charCodeAt(this.i) !== 0x22)
                this.fail('expected a key');
            const k = this.string();
            this.skipWs();
            if (this.s.charCodeAt(this.i) !== 0x3a)
                this.fail("expected ':'");
            this.i++;
            setOwn(o, k, this.value());
            this.skipWs();
            const c = this.s.charCodeAt(this.i++);
            if (c === 0x7d)
                return o;
            if (c !== 0x2c)
                this.fail("expected ',' or '}'");
        }
    }
    array() {
        const a = [];
        this.i++;
        this.skipWs();
        if (this.s.charCodeAt(this.i) === 0x5d) {
            this.i++;
            return a;
        }
        for (;;) {
            a.push(this.value());
            this.skipWs();
            const c = this.s.charCodeAt(this.i++);
            if (c === 0x5d)
                return a;
            if (c !== 0x2c)
                this.fail("expected ',' or ']'");
        }
    }
    string() {
        const s = this.s;
        const open = this.i;
        let i = open + 1;
        for (;;) {
            if (i >= s.length)
                this.fail('unterminated string');
            const c = s.charCodeAt(i);
            if (c === 0x22) {
                this.i = i + 1;
                return s.slice(open + 1, i);
            }
            if (c < 0x20) {
                this.i = i;
                this.fail('control character in string');
            }
            if (c === 0x5c)
                return this.escapedString(open, i);
            i++;
        }
    }
    /** The string literal opening at `open` whose first backslash is at `from`, decoded by
     *  JSON.parse in linear time (decoding escape by escape here took a second for 8 MB of `\n`).
     *  The literal ends at the first `"` after an even run of backslashes; that is where JSON.parse
     *  would end it too, or it reports a bad escape or control character before. */
    escapedString(open, from) {
        const s = this.s;
        let end = from;
        for (;;) {
            end = s.indexOf('"', end + 1);
            if (end < 0) {
                this.i = s.length;
                this.fail('unterminated string');
            }
            let k = end - 1;
            while (s.charCodeAt(k) === 0x5c)
                k--;
            if ((end - k) % 2 === 1)
                break;
        }
        this.i = end + 1;
        return JSON.parse(s.slice(open, end + 1));
    }
    number() {
        INTEGER_LITERAL.lastIndex = this.i;
        const m = INTEGER_LITERAL.exec(this.s);
        if (m === null)
            return this.fail('bad number');
        this.i = INTEGER_LITERAL.lastIndex;
        const lit = m[0];
        if (m[1] !== undefined || m[2] !== undefined || lit.length < 16)
            return Number(lit);
        const n = BigInt(lit);
        return n >= -MAX_SAFE_BIG && n <= MAX_SAFE_BIG ? Number(n) : n;
    }
}
export const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
/** Sets an own enumerable property, also for the key `__proto__` (which assignment would treat as
 *  the prototype). */
export function setOwn(o, k, v) {
    if (k === '__proto__')
        Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    else
        o[k] = v;
}
//# sourceMappingURL=json-parse.js.map