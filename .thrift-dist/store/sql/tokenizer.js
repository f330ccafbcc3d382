// The lexer behind the template compiler: splits a template into code, named parameters, opaque
// segments (strings, quoted identifiers, comments, dollar bodies) and bare '?' characters, so that
// only real `:name` parameters are ever replaced. Lexical rules follow the target database:
//
//   all clients   '...' with '' doubling; "..." and `...` with doubling; -- and /* */ comments;
//                 `::` (a PostgreSQL cast) is code; `\:` is a literal colon
//   mysql         backslash escapes inside '...' and "..."; `#` comments; `--` starts a comment
//                 only when followed by whitespace (MySQL reads `1--1` as arithmetic)
//   postgres      E'...' strings with backslash escapes; $tag$...$tag$ bodies; nested /* */
//   sqlite        [bracketed] identifiers
//   oracle        q'[...]' alternative quoting
//   (no client)   the PostgreSQL rules, for callers that compile without a target
//
// Dollar quoting is recognised only for PostgreSQL: elsewhere `$` is an identifier character
// (MySQL, Oracle) or a native parameter sigil (SQLite), so reading `$x$` as a quote would be wrong.
/** A template that cannot be tokenized: an unterminated quote, comment or dollar body. */
export class SqlSyntaxError extends Error {
    line;
    col;
    constructor(message, line, col) {
        super(`${line}:${col}: ${message}`);
        this.line = line;
        this.col = col;
        this.name = 'SqlSyntaxError';
    }
}
function rulesFor(client) {
    const pgLike = client === 'postgres' || client === undefined;
    return {
        backslashInQuotes: client === 'mysql',
        eStrings: pgLike,
        dollarQuotes: pgLike,
        hashComments: client === 'mysql',
        dashNeedsSpace: client === 'mysql',
        nestedComments: pgLike,
        brackets: client === 'sqlite',
        qQuotes: client === 'oracle',
    };
}
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
/** characters that may continue a word, so a quote or `$` after them does not open a literal */
const WORD_CHAR = /[\p{L}\p{N}_$]/u;
const DOLLAR_TAG = /\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/y;
const Q_CLOSERS = { '[': ']', '{': '}', '(': ')', '<': '>' };
/** 1-based line and column (UTF-16 units) of each offset. */
class Positions {
    starts = [0];
    constructor(text) {
        for (let i = 0; i < text.length; i++)
            if (text[i] === '\n')
                this.starts.push(i + 1);
    }
    at(offset) {
        let lo = 0;
        let hi = this.starts.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (this.starts[mid] <= offset)
                lo = mid;
            else
                hi = mid - 1;
        }
        return { line: lo + 1, col: offset - this.starts[lo] + 1 };
    }
}
export function tokenize(text, client) {
    const rules = rulesFor(client);
    const pos = new Positions(text);
    const tokens = [];
    let code = '';
    const flush = () => {
        if (code !== '')
            tokens.push({ kind: 'code', text: code });
        code = '';
    };
    const opaque = (start, end, what) => {
        flush();
        tokens.push({ kind: 'opaque', text: text.slice(start, end), what, ...pos.at(start) });
    };
    const fail = (message, at) => {
        const { line, col } = pos.at(at);
        throw new SqlSyntaxError(message, line, col);
    };
    const wordBefore = (i) => i > 0 && WORD_CHAR.test(text[i - 1]);
    /** end (exclusive) of a quoted run opened at `start` by `quote`; `escapes`: backslash escapes the next char */
    const quoted = (start, open, quote, escapes, what) => {
        let j = open + 1;
        for (;;) {
            if (j >= text.length)
                fail(`unterminated ${what}`, start);
            const c = text[j];
            if (escapes && c === '\\')
                j += 2;
            else if (c === quote) {
                if (text[j + 1] === quote)
                    j += 2;
                else
                    return j + 1;
            }
            else
                j++;
        }
    };
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        const next = text[i + 1];
        if (rules.qQuotes && (c === 'q' || c === 'Q') && next === "'" && i + 2 < text.length && !qPrefixBlocked(text, i)) {
            const open = text[i + 2];
            const close = Q_CLOSERS[open] ?? open;
            const end = text.indexOf(`${close}'`, i + 3);
            if (end < 0)
                fail(`unterminated q'${open}...${close}' string`, i);
            opaque(i, end + 2, 'string');
            i = end + 2;
            continue;
        }
        if (c === "'") {
            const escapes = rules.backslashInQuotes || (rules.eStrings && /[eE]/.test(text[i - 1] ?? '') && !wordBefore(i - 1));
            const end = quoted(i, i, "'", escapes, 'string literal');
            opaque(i, end, 'string');
            i = end;
            continue;
        }
        if (c === '"') {
            const end = quoted(i, i, '"', rules.backslashInQuotes, 'double-quoted name');
            opaque(i, end, rules.backslashInQuotes ? 'string' : 'identifier');
            i = end;
            continue;
        }
        if (c === '`') {
            const end = quoted(i, i, '`', false, 'backquoted name');
            opaque(i, end, 'identifier');
            i = end;
            continue;
        }
        if (rules.brackets && c === '[') {
            const end = text.indexOf(']', i + 1);
            if (end < 0)
                fail('unterminated [bracketed] name', i);
            opaque(i, end + 1, 'identifier');
            i = end + 1;
            continue;
        }
        if ((c === '-' && next === '-' && (!rules.dashNeedsSpace || dashCommentFollows(text, i + 2))) || (rules.hashComments && c === '#')) {
            const nl = text.indexOf('\n', i);
            const end = nl < 0 ? text.length : nl;
            opaque(i, end, 'comment');
            i = end;
            continue;
        }
        if (c === '/' && next === '*') {
            const end = blockCommentEnd(text, i, rules.nestedComments);
            if (end < 0)
                fail('unterminated /* comment', i);
            opaque(i, end, 'comment');
            i = end;
            continue;
        }
        if (rules.dollarQuotes && c === '$' && !wordBefore(i)) {
            DOLLAR_TAG.lastIndex = i;
            const tag = DOLLAR_TAG.exec(text)?.[0];
            if (tag) {
                const close = text.indexOf(tag, i + tag.length);
                if (close < 0)
                    fail(`unterminated ${tag} body`, i);
                opaque(i, close + tag.length, 'dollar');
                i = close + tag.length;
                continue;
            }
        }
        if (c === ':') {
            if (next === ':') {
                code += '::';
                i += 2;
                continue;
            }
            if (next !== undefined && IDENT_START.test(next)) {
                let j = i + 2;
                while (j < text.length && IDENT_PART.test(text[j]))
                    j++;
                flush();
                tokens.push({ kind: 'param', name: text.slice(i + 1, j), ...pos.at(i) });
                i = j;
                continue;
            }
        }
        if (c === '\\' && next === ':') {
            code += ':';
            i += 2;
            continue;
        }
        if (c === '?') {
            flush();
            tokens.push({ kind: 'question', ...pos.at(i) });
            i++;
            continue;
        }
        code += c;
        i++;
    }
    flush();
    return tokens;
}
/** `q'` opens a q-quote unless it ends a longer word (`nq'...'` is the national form and still opens one). */
function qPrefixBlocked(text, i) {
    const before = text[i - 1];
    if (before === undefined || !WORD_CHAR.test(before))
        return false;
    return !((before === 'n' || before === 'N') && (i < 2 || !WORD_CHAR.test(text[i - 2])));
}
/** MySQL: `--` is a comment only before whitespace, a control character or the end. */
function dashCommentFollows(text, at) {
    return at >= text.length || text.charCodeAt(at) <= 32;
}
function blockCommentEnd(text, start, nested) {
    let depth = 0;
    let j = start;
    while (j < text.length) {
        if (text[j] === '/' && text[j + 1] === '*' && (nested || depth === 0)) {
            depth++;
            j += 2;
        }
        else if (text[j] === '*' && text[j + 1] === '/') {
            depth--;
            j += 2;
            if (depth === 0)
                return j;
        }
        else
            j++;
    }
    return -1;
}
//# sourceMappingURL=tokenizer.js.map