// Compiles one template, once, into positional SQL for knex.raw(sql, bindings).
//
// Output: `pieces` joined by one `?` per slot. A slot is either a named parameter (bound to the
// caller's value; a list parameter expands to `?, ?, ?` at run time, see bind.ts) or, on MySQL and
// SQLite, a literal '?' found inside a string, quoted name or comment (bound to knex.raw of that
// text, which knex inlines verbatim; see below). `sql` is the pieces joined with single `?`s.
//
// Why '?' needs care (verified against knex 3 in test/unit/store/tokenizer.test.ts and the contract
// suite): knex.raw counts EVERY '?' of the text as a binding, inside quotes and comments too, and
// '??' as an identifier binding. Its documented escape `\?` is only turned back into '?' by the
// PostgreSQL client (which also drops any backslashes right before it); MySQL and SQLite receive
// the backslash, and the Oracle client renumbers every '?' (escaped or not) as `:n`. Hence:
//   postgres   every literal '?' is written `\?` (this also covers the jsonb ? ?| ?& operators);
//              a backslash right before a literal '?' cannot be expressed and is a compile error
//   mysql,     a '?' inside a string, quoted name or comment becomes a literal slot; knex inlines
//   sqlite     it after counting, and the driver (SQLite's parser, mysql2's formatter) skips quoted
//              text itself. A bare '?' in code is an error: it is not a parameter marker here
//   oracle     any literal '?' is an error (write CHR(63))
//
// A trailing `;` (with whitespace and comments after it) is removed for every client: Oracle
// rejects it and one statement is all a template may hold anyway.
import { SqlSyntaxError, tokenize } from './tokenizer.js';
/** Every problem found in one template (a syntax error stops at the first). */
export class SqlCompileError extends Error {
    problems;
    constructor(problems) {
        super(problems.map((p) => `${p.line}:${p.col}: ${p.message}`).join('\n'));
        this.problems = problems;
        this.name = 'SqlCompileError';
    }
}
export function compileSql(text, options = {}) {
    const { client } = options;
    const lists = new Set(options.lists ?? []);
    const offered = options.offered ? new Set(options.offered) : undefined;
    let tokens;
    try {
        tokens = tokenize(text, client);
    }
    catch (e) {
        if (e instanceof SqlSyntaxError) {
            throw new SqlCompileError([{ kind: 'syntax', message: e.message.replace(/^\d+:\d+: /, ''), line: e.line, col: e.col }]);
        }
        throw e;
    }
    stripTrailingSemicolon(tokens);
    const problems = [];
    const pieces = [''];
    const slots = [];
    const params = [];
    const append = (s) => {
        pieces[pieces.length - 1] += s;
    };
    const current = () => pieces[pieces.length - 1];
    const addParam = (name) => {
        // Keep knex's scanner from reading `?` after `\` as an escape or `??` as one identifier binding;
        // a parameter always stands in code, where a space changes nothing.
        const prev = current();
        if (prev === '' ? slots.length > 0 : /[?\\]$/.test(prev))
            append(' ');
        slots.push({ param: name });
        params.push(name);
        pieces.push('');
    };
    const addLiteral = (run) => {
        // Backslashes right before the '?' travel with it, so knex never sees `\?` (which it would skip).
        const prev = current();
        const backslashes = /\\*$/.exec(prev)?.[0] ?? '';
        pieces[pieces.length - 1] = prev.slice(0, prev.length - backslashes.length);
        const last = slots[slots.length - 1];
        if (current() === '' && last && 'literal' in last) {
            slots[slots.length - 1] = { literal: last.literal + backslashes + run };
            return;
        }
        slots.push({ literal: backslashes + run });
        pieces.push('');
    };
    for (const t of tokens) {
        if (t.kind === 'code')
            append(t.text);
        else if (t.kind === 'param') {
            if (offered && !offered.has(t.name)) {
                problems.push({ kind: 'unknown-parameter', message: `unknown parameter :${t.name}`, line: t.line, col: t.col, parameter: t.name });
            }
            addParam(t.name);
        }
        else if (t.kind === 'question') {
            if (client === 'postgres' || client === undefined) {
                if (current().endsWith('\\'))
                    append(' ');
                append('\\?');
            }
            else {
                problems.push({
                    kind: 'question-mark',
                    message: client === 'oracle'
                        ? "a literal '?' cannot be sent to Oracle through knex (it numbers every '?' as a bind); write CHR(63)"
                        : "'?' is not a parameter marker here: name the parameters (:name)",
                    line: t.line,
                    col: t.col,
                });
                append('?');
            }
        }
        else {
            opaqueText(t, client, append, addLiteral, problems, current);
        }
    }
    const first = pieces[0].trimStart();
    pieces[0] = first;
    pieces[pieces.length - 1] = pieces[pieces.length - 1].trimEnd();
    const meaningful = tokens.some((t) => (t.kind === 'code' ? t.text.trim() !== '' : !(t.kind === 'opaque' && t.what === 'comment')));
    if (!meaningful) {
        problems.push({ kind: 'empty', message: 'the template is empty', line: 1, col: 1 });
    }
    if (problems.length > 0)
        throw new SqlCompileError(problems);
    return { sql: pieces.join('?'), params, lists: new Set(params.filter((p) => lists.has(p))), slots, pieces };
}
/** Copies a quoted segment, turning each literal '?' into what the client's knex path needs. */
function opaqueText(t, client, append, addLiteral, problems, current) {
    if (!t.text.includes('?')) {
        append(t.text);
        return;
    }
    const where = (offset) => {
        const before = t.text.slice(0, offset);
        const nl = before.lastIndexOf('\n');
        return nl < 0 ? { line: t.line, col: t.col + offset } : { line: t.line + before.split('\n').length - 1, col: offset - nl };
    };
    if (client === 'oracle') {
        const at = where(t.text.indexOf('?'));
        problems.push({
            kind: 'question-mark',
            message: "a literal '?' cannot be sent to Oracle through knex (it numbers every '?' as a bind, even in quotes and comments); write CHR(63)",
            ...at,
        });
        append(t.text);
        return;
    }
    const parts = t.text.split(/(\?+)/);
    let offset = 0;
    for (const part of parts) {
        if (part.startsWith('?')) {
            if (client === 'postgres' || client === undefined) {
                if (current().endsWith('\\')) {
                    problems.push({
                        kind: 'question-mark',
                        message: "a backslash right before '?' cannot pass through knex (its PostgreSQL client drops it); write chr(63)",
                        ...where(offset - 1),
                    });
                }
                append('\\?'.repeat(part.length));
            }
            else
                addLiteral(part);
        }
        else
            append(part);
        offset += part.length;
    }
}
/** Removes one `;` that ends the statement (only whitespace and comments after it). */
function stripTrailingSemicolon(tokens) {
    for (let k = tokens.length - 1; k >= 0; k--) {
        const t = tokens[k];
        if (t.kind === 'opaque' && t.what === 'comment')
            continue;
        if (t.kind !== 'code')
            return;
        const trimmed = t.text.trimEnd();
        if (trimmed === '')
            continue;
        if (trimmed.endsWith(';'))
            t.text = trimmed.slice(0, -1) + t.text.slice(trimmed.length);
        return;
    }
}
//# sourceMappingURL=compile.js.map