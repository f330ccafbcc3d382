import knexFactory from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import type { DbClient } from '../../../src/config/types.js';
import { bindSql, chunkLists, hasEmptyList, type ParamValues } from '../../../src/store/sql/bind.js';
import { compileSql, SqlCompileError, type CompiledSql, type CompileOptions } from '../../../src/store/sql/compile.js';
import { tokenize } from '../../../src/store/sql/tokenizer.js';

function problemsOf(text: string, options: CompileOptions = {}): SqlCompileError['problems'] {
  try {
    compileSql(text, options);
  } catch (e) {
    if (e instanceof SqlCompileError) return e.problems;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} not to compile`);
}

// knex clients without a connection: query building only, enough to see what knex would send.
const KNEX_CLIENT: Record<DbClient, string> = { sqlite: 'better-sqlite3', mysql: 'mysql2', postgres: 'pg', oracle: 'oracledb' };
const builders = new Map<DbClient, ReturnType<typeof knexFactory>>();
function builder(client: DbClient): ReturnType<typeof knexFactory> {
  let k = builders.get(client);
  if (!k) {
    k = knexFactory({ client: KNEX_CLIENT[client], useNullAsDefault: true });
    builders.set(client, k);
  }
  return k;
}
afterAll(async () => {
  for (const k of builders.values()) await k.destroy();
});

/** The SQL text and bindings knex hands to the driver for a compiled template. */
function sent(client: DbClient, compiled: CompiledSql, values: ParamValues = {}): { sql: string; bindings: unknown[] } {
  const k = builder(client);
  const bound = bindSql(compiled, values, (text) => k.raw(text));
  const native = k.raw(bound.sql, bound.bindings as never[]).toSQL().toNative();
  return { sql: native.sql, bindings: native.bindings as unknown[] };
}

describe('named parameters', () => {
  it('replaces each :name with ? and lists names in order of occurrence', () => {
    const c = compileSql('SELECT * FROM t WHERE a = :a AND b = :b', { client: 'sqlite' });
    expect(c.sql).toBe('SELECT * FROM t WHERE a = ? AND b = ?');
    expect(c.params).toEqual(['a', 'b']);
  });

  it('allows a parameter several times, in any order, and offered parameters to go unused', () => {
    const c = compileSql('SELECT :b, :a, :b', { client: 'mysql', offered: ['a', 'b', 'unused'] });
    expect(c.params).toEqual(['b', 'a', 'b']);
    expect(sent('mysql', c, { a: 1, b: 2, unused: 3 }).bindings).toEqual([2, 1, 2]);
  });

  it('reads a name as [A-Za-z_][A-Za-z0-9_]* and leaves other colons alone', () => {
    const c = compileSql('SELECT :max_Mid2+1, a[1:2], @v := 1, :_x', { client: 'postgres' });
    expect(c.params).toEqual(['max_Mid2', '_x']);
    expect(c.sql).toBe('SELECT ?+1, a[1:2], @v := 1, ?');
  });

  it('keeps two adjacent parameters apart so knex does not read ?? as an identifier binding', () => {
    const c = compileSql('SELECT :a:b', { client: 'postgres' });
    expect(c.sql).toBe('SELECT ? ?');
    expect(sent('postgres', c, { a: 1, b: 2 }).sql).toBe('SELECT $1 $2');
  });

  it('treats \\: as a literal colon', () => {
    const c = compileSql('SELECT arr[lo\\:hi], \\:notparam FROM t WHERE x = :x', { client: 'postgres' });
    expect(c.sql).toBe('SELECT arr[lo:hi], :notparam FROM t WHERE x = ?');
    expect(c.params).toEqual(['x']);
  });
});

describe('what the compiler leaves alone', () => {
  it("single-quoted strings, with '' escapes", () => {
    const c = compileSql("SELECT 'it''s :x', :y, '' AS e, ':z'", { client: 'sqlite' });
    expect(c.params).toEqual(['y']);
    expect(c.sql).toBe("SELECT 'it''s :x', ?, '' AS e, ':z'");
  });

  it('MySQL backslash escapes inside quotes, and only on MySQL', () => {
    const text = "SELECT 'it\\'s :x', :y";
    expect(compileSql(text, { client: 'mysql' }).params).toEqual(['y']);
    // Elsewhere 'it\' is a whole string, so the rest opens a string that never ends.
    expect(problemsOf(text, { client: 'postgres' })).toMatchObject([{ kind: 'syntax', line: 1, col: 17 }]);
    expect(compileSql('SELECT "a\\":b", :y', { client: 'mysql' }).params).toEqual(['y']);
  });

  it("PostgreSQL E'...' strings with backslash escapes", () => {
    expect(compileSql("SELECT E'it\\'s :x', e'\\\\', :y", { client: 'postgres' }).params).toEqual(['y']);
    // a name ending in e is not an E-string prefix
    expect(problemsOf("SELECT some'it\\'s :x', :y", { client: 'postgres' })[0].kind).toBe('syntax');
  });

  it('double-quoted and backquoted names, with doubled quotes', () => {
    expect(compileSql('SELECT "a:b", "x"":y" FROM t WHERE k = :k', { client: 'postgres' }).params).toEqual(['k']);
    expect(compileSql('SELECT `a:b`, `x``:y` FROM t WHERE k = :k', { client: 'mysql' }).params).toEqual(['k']);
  });

  it('SQLite [bracketed] names and Oracle q-quotes', () => {
    expect(compileSql('SELECT [a:b] FROM t WHERE k = :k', { client: 'sqlite' }).params).toEqual(['k']);
    expect(compileSql("SELECT q'[it's :x]', nq'{:y}', Q'!:z!' FROM dual WHERE k = :k", { client: 'oracle' }).params).toEqual(['k']);
  });

  it('-- and /* */ comments (nested on PostgreSQL), # comments on MySQL', () => {
    const text = 'SELECT 1 -- :no\n/* :no\n :no */ FROM t WHERE k = :k';
    for (const client of ['sqlite', 'mysql', 'postgres', 'oracle'] as const) {
      expect(compileSql(text, { client }).params).toEqual(['k']);
    }
    expect(compileSql('SELECT /* a /* :inner */ :still */ :k', { client: 'postgres' }).params).toEqual(['k']);
    expect(compileSql('SELECT 1 # :no\n, :k', { client: 'mysql' }).params).toEqual(['k']);
  });

  it('MySQL starts a -- comment only before whitespace', () => {
    expect(compileSql('SELECT 5--:n', { client: 'mysql' }).params).toEqual(['n']);
    expect(compileSql('SELECT 5--:n', { client: 'postgres' }).params).toEqual([]);
  });

  it('PostgreSQL :: casts, right after a parameter too', () => {
    const c = compileSql('SELECT :from::bigint, a::text, :x::numeric::text', { client: 'postgres' });
    expect(c.params).toEqual(['from', 'x']);
    expect(c.sql).toBe('SELECT ?::bigint, a::text, ?::numeric::text');
    expect(sent('postgres', c, { from: 1, x: 2 }).sql).toBe('SELECT $1::bigint, a::text, $2::numeric::text');
  });

  it('PostgreSQL $$ and $tag$ bodies, but not $1 or a$b$', () => {
    const c = compileSql("SELECT $$ :x ' $$, $fn$ :y $$ $fn$, a$b$c, $1, :z", { client: 'postgres' });
    expect(c.params).toEqual(['z']);
    expect(c.sql).toBe("SELECT $$ :x ' $$, $fn$ :y $$ $fn$, a$b$c, $1, ?");
  });

  it('treats $ as an ordinary character outside PostgreSQL', () => {
    expect(compileSql('SELECT $$ :x $$', { client: 'mysql' }).params).toEqual(['x']);
  });
});

describe("literal '?' and knex", () => {
  it('knex counts every ? of the text, quoted or not (why the compiler must handle them)', () => {
    const k = builder('sqlite');
    expect(() => k.raw("SELECT ?, '?'", [1]).toSQL()).toThrow(/Expected 1 bindings, saw 2/);
  });

  it('knex turns \\? back into ? only on PostgreSQL', () => {
    expect(builder('postgres').raw("SELECT ?, '\\?'", [1]).toSQL().toNative().sql).toBe("SELECT $1, '?'");
    expect(builder('sqlite').raw("SELECT ?, '\\?'", [1]).toSQL().toNative().sql).toBe("SELECT ?, '\\?'");
    expect(builder('mysql').raw("SELECT ?, '\\?'", [1]).toSQL().toNative().sql).toBe("SELECT ?, '\\?'");
    expect(builder('oracle').raw("SELECT ?, '\\?'", [1]).toSQL().toNative().sql).toBe("SELECT :1, '\\:2'");
  });

  it('PostgreSQL: every literal ? is escaped, in quotes, comments, bodies and the jsonb operators', () => {
    const c = compileSql(`SELECT '?', "a?", doc ? 'k', doc ?| array['a'], $$ ? $$, :x -- why?`, { client: 'postgres' });
    expect(c.params).toEqual(['x']);
    expect(sent('postgres', c, { x: 1 }).sql).toBe(`SELECT '?', "a?", doc ? 'k', doc ?| array['a'], $$ ? $$, $1 -- why?`);
  });

  it('PostgreSQL: a parameter right after an escaped ? is kept apart', () => {
    const c = compileSql('SELECT doc ?:k', { client: 'postgres' });
    expect(sent('postgres', c, { k: 'a' })).toEqual({ sql: 'SELECT doc ? $1', bindings: ['a'] });
  });

  it('PostgreSQL: a backslash right before a literal ? is a compile error', () => {
    expect(problemsOf("SELECT 'a\\?'", { client: 'postgres' })).toMatchObject([{ kind: 'question-mark', line: 1, col: 10 }]);
  });

  it('MySQL and SQLite: a ? inside quotes or comments reaches the driver unchanged', () => {
    for (const client of ['mysql', 'sqlite'] as const) {
      const c = compileSql("SELECT '?', 'a??b', \"?\", :x /* ? */ -- ?", { client });
      expect(c.params).toEqual(['x']);
      expect(sent(client, c, { x: 7 })).toEqual({ sql: "SELECT '?', 'a??b', \"?\", ? /* ? */ -- ?", bindings: [7] });
    }
  });

  it('MySQL: backslashes before a quoted ? travel with it', () => {
    const c = compileSql("SELECT 'a\\\\?', 'b\\??', :x", { client: 'mysql' });
    expect(sent('mysql', c, { x: 1 })).toEqual({ sql: "SELECT 'a\\\\?', 'b\\??', ?", bindings: [1] });
  });

  it('MySQL, SQLite: a bare ? is an error (name the parameters)', () => {
    expect(problemsOf('SELECT * FROM t WHERE a = ?', { client: 'sqlite' })).toMatchObject([
      { kind: 'question-mark', line: 1, col: 27, message: expect.stringContaining(':name') },
    ]);
    expect(problemsOf('SELECT ?', { client: 'mysql' })[0].kind).toBe('question-mark');
  });

  it('Oracle: any literal ? is an error, even quoted', () => {
    expect(problemsOf("SELECT '?' FROM dual", { client: 'oracle' })).toMatchObject([{ kind: 'question-mark', line: 1, col: 9 }]);
    expect(problemsOf('SELECT 1 FROM dual -- ok?', { client: 'oracle' })[0].message).toMatch(/CHR\(63\)/);
  });

  it('Oracle: parameters become :1, :2 in order', () => {
    const c = compileSql('SELECT :b, :a, :b FROM dual', { client: 'oracle' });
    expect(sent('oracle', c, { a: 'A', b: 'B' })).toEqual({ sql: 'SELECT :1, :2, :3 FROM dual', bindings: ['B', 'A', 'B'] });
  });
});

describe('list parameters', () => {
  const c = compileSql('DELETE FROM t WHERE owner = :node AND id IN (:ids)', { client: 'postgres', lists: ['ids'] });

  it('expand to ?, ?, ? at run time', () => {
    expect(c.lists).toEqual(new Set(['ids']));
    expect(sent('postgres', c, { node: 'n', ids: [1, '2', 3n] })).toEqual({
      sql: 'DELETE FROM t WHERE owner = $1 AND id IN ($2, $3, $4)',
      bindings: ['n', 1, '2', 3n],
    });
  });

  it('an empty list is reported so the caller does not run the statement', () => {
    expect(hasEmptyList(c, { node: 'n', ids: [] })).toBe(true);
    expect(hasEmptyList(c, { node: 'n', ids: [1] })).toBe(false);
    expect(() => bindSql(c, { node: 'n', ids: [] }, (t) => t)).toThrow(/empty list/);
  });

  it('chunk at a limit (Oracle: 1000), one statement per chunk', () => {
    const ids = Array.from({ length: 2500 }, (_, i) => i);
    const chunks = chunkLists(c, { node: 'n', ids }, 1000);
    expect(chunks.map((v) => (v.ids as number[]).length)).toEqual([1000, 1000, 500]);
    expect(chunks.every((v) => v.node === 'n')).toBe(true);
    expect(chunks.flatMap((v) => v.ids as number[])).toEqual(ids);
  });

  it('reject a scalar for a list, a list for a scalar, and missing values', () => {
    expect(() => bindSql(c, { node: 'n', ids: 1 }, (t) => t)).toThrow(/takes a list/);
    expect(() => bindSql(c, { node: ['n'], ids: [1] }, (t) => t)).toThrow(/single value/);
    expect(() => bindSql(c, { ids: [1] }, (t) => t)).toThrow(/no value for parameter :node/);
  });
});

describe('syntax errors carry line:col of the opening', () => {
  it.each([
    ['postgres', "SELECT 'abc", 1, 8, /unterminated string literal/],
    ['postgres', 'SELECT 1\n  FROM t /* open', 2, 10, /unterminated \/\* comment/],
    ['postgres', 'SELECT\n\n  $x$ body', 3, 3, /unterminated \$x\$ body/],
    ['postgres', 'SELECT $$ body', 1, 8, /unterminated \$\$ body/],
    ['sqlite', 'SELECT "abc', 1, 8, /unterminated double-quoted name/],
    ['mysql', 'SELECT `abc', 1, 8, /unterminated backquoted name/],
    ['mysql', "SELECT 'a\\'", 1, 8, /unterminated string literal/],
    ['sqlite', 'SELECT [abc', 1, 8, /unterminated \[bracketed\] name/],
    ['oracle', "SELECT q'[abc]", 1, 8, /unterminated q'\[...\]' string/],
  ] as const)('%s: %j', (client, text, line, col, message) => {
    const [p] = problemsOf(text, { client });
    expect(p).toMatchObject({ kind: 'syntax', line, col });
    expect(p.message).toMatch(message);
  });
});

describe('unknown parameters', () => {
  it('are all reported, with the name and line:col', () => {
    const problems = problemsOf('SELECT 1\nFROM f WHERE a = :from\n  AND b = :sender AND c = :Sender', { client: 'sqlite', offered: ['from', 'to'] });
    expect(problems).toEqual([
      { kind: 'unknown-parameter', message: 'unknown parameter :sender', line: 3, col: 11, parameter: 'sender' },
      { kind: 'unknown-parameter', message: 'unknown parameter :Sender', line: 3, col: 27, parameter: 'Sender' },
    ]);
  });
});

describe('statement end', () => {
  it('strips one trailing ; with whitespace and comments after it', () => {
    expect(compileSql('SELECT 1;  \n', { client: 'oracle' }).sql).toBe('SELECT 1');
    expect(compileSql('SELECT 1; -- done', { client: 'oracle' }).sql).toBe('SELECT 1 -- done');
    expect(compileSql('SELECT 1;;', { client: 'oracle' }).sql).toBe('SELECT 1;');
    expect(compileSql("SELECT ';'", { client: 'oracle' }).sql).toBe("SELECT ';'");
    expect(compileSql('SELECT :x;', { client: 'oracle' }).sql).toBe('SELECT ?');
  });

  it('an empty template is an error', () => {
    expect(problemsOf('  ;  -- nothing', { client: 'sqlite' })).toMatchObject([{ kind: 'empty' }]);
  });
});

describe('tokenize', () => {
  it('reports tokens with positions', () => {
    expect(tokenize("SELECT :a, 'x'\n?", 'postgres')).toEqual([
      { kind: 'code', text: 'SELECT ' },
      { kind: 'param', name: 'a', line: 1, col: 8 },
      { kind: 'code', text: ', ' },
      { kind: 'opaque', text: "'x'", what: 'string', line: 1, col: 12 },
      { kind: 'code', text: '\n' },
      { kind: 'question', line: 2, col: 1 },
    ]);
  });
});
