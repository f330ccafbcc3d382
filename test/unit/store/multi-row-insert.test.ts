// MultiRowInsert.statements (src/store/multi-row-insert.ts): every bound text is checked for
// characters no database stores exactly, except a value equal to the same parameter of the row
// given in `checkedWith` (the message row a pending row shares its stanza with, bound and checked
// before it in the same batch). Binding only: no statement is run here.

import knexFactory from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { dialectFor } from '../../../src/store/dialects/registry.js';
import { StoreError } from '../../../src/store/errors.js';
import { MultiRowInsert } from '../../../src/store/multi-row-insert.js';
import { compileSql } from '../../../src/store/sql/compile.js';

const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
afterAll(async () => knex.destroy());

const offline = MultiRowInsert.forTemplate(dialectFor('sqlite'), {
  ...compileSql('INSERT INTO tim_offline (node, msg_id, mid, stanza, created_at) VALUES (:node, :id, :mid, :stanza, :time)'),
  key: 'offlinemsg.save',
})!;

const LONE = 'text \ud800 with a lone surrogate';
const pending = (stanza: string) => ({ node: 'b', id: 1, mid: 7, stanza, time: 1 });

describe('MultiRowInsert.statements', () => {
  it('binds several rows into one statement', () => {
    const [st, ...rest] = offline.statements(knex, [pending('{"a":1}'), pending('{"a":2}')]);
    expect(rest).toEqual([]);
    // (the SQLite dialect binds integers as bigints)
    expect(st.bindings).toEqual(['b', 1n, 7n, '{"a":1}', 1n, 'b', 1n, 7n, '{"a":2}', 1n]);
  });

  it('refuses unstorable text without checkedWith, and when it differs from the checked row', () => {
    expect(() => offline.statements(knex, [pending(LONE)])).toThrow(StoreError);
    expect(() => offline.statements(knex, [pending(LONE)], [{ stanza: 'other text' }])).toThrow(/parameter :stanza holds a lone UTF-16 surrogate/);
    // a same-named parameter only: the checked row's other parameters do not vouch for it
    expect(() => offline.statements(knex, [pending(LONE)], [{ body: LONE }])).toThrow(StoreError);
    expect(() => offline.statements(knex, [pending('ok'), pending(LONE)], [{ stanza: 'ok' }])).toThrow(StoreError);
  });

  it('does not scan again a value equal to the same parameter of its checked row', () => {
    // Deliberately a text the checked row could not have passed with: only the skipped scan lets
    // it through, which is what the batcher relies on for the pending rows' stanza.
    const [st] = offline.statements(knex, [pending(LONE), pending('{"b":2}')], [{ stanza: LONE }, { stanza: '{"b":2}' }]);
    expect(st.bindings[3]).toBe(LONE);
    expect(st.bindings[8]).toBe('{"b":2}');
  });
});
