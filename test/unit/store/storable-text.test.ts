// The text gate (src/store/storable-text.ts): what counts as unstorable, and that a knex instance
// from createKnex refuses it before the driver sees the statement, on every database alike, in and
// out of transactions, while Buffers with zero bytes and well-formed text of any plane pass.

import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/databases.js';
import { createKnex } from '../../../src/store/connect.js';
import { StoreError } from '../../../src/store/errors.js';
import { requireStorable, textProblem } from '../../../src/store/storable-text.js';

describe('textProblem', () => {
  it.each([
    ['', undefined],
    ['plain', undefined],
    ["'; DROP TABLE tim_message; --", undefined],
    ['\\x00 \\u0000', undefined],
    ['😀 𝄞 \u{10FFFF}', undefined],
    ['\u200f\u202e', undefined],
    ['a\u0000b', 'a NUL character (U+0000) at index 1'],
    ['\ud800', 'a lone UTF-16 surrogate (U+D800) at index 0'],
    ['x\udc00', 'a lone UTF-16 surrogate (U+DC00) at index 1'],
    ['😀\ud83d', 'a lone UTF-16 surrogate (U+D83D) at index 2'],
    ['\ude00\ud83d', 'a lone UTF-16 surrogate (U+DE00) at index 0'],
    // the first problem whichever comes first, in one-byte and two-byte strings (the quick check
    // is isWellFormed, then a NUL search: each of them alone must not let the other through)
    ['é\u0000', 'a NUL character (U+0000) at index 1'],
    ['你好\u0000', 'a NUL character (U+0000) at index 2'],
    ['a\u0000\ud800', 'a NUL character (U+0000) at index 1'],
    ['\udc00\u0000', 'a lone UTF-16 surrogate (U+DC00) at index 0'],
    ['{"dataString":"你好 😀"}', undefined],
    ['x'.repeat(300) + '\u0000', 'a NUL character (U+0000) at index 300'],
    ['x'.repeat(300) + '你' + '\ud800', 'a lone UTF-16 surrogate (U+D800) at index 301'],
  ])('%j -> %s', (text, problem) => {
    expect(textProblem(text)).toBe(problem);
  });

  it('lets non-text values through and names the value it refuses', () => {
    for (const v of [null, 0, 1n, true, Buffer.from([0, 0xd8, 0])]) expect(() => requireStorable(v, 'x')).not.toThrow();
    expect(() => requireStorable('a\0', 'parameter :body')).toThrow(
      expect.objectContaining({ name: 'StoreError', kind: 'input', message: 'parameter :body holds a NUL character (U+0000) at index 1' }),
    );
  });
});

await describeEachDatabase('guarded knex', (ctx) => {
  let knex: Knex;
  const rows = async () => Number((await knex('gate_t').count({ n: '*' }))[0].n);
  beforeAll(async () => {
    knex = createKnex(ctx.database);
    await knex.schema.createTable('gate_t', (t) => {
      t.string('name', 64);
      t.text('body');
      t.binary('data');
    });
  });
  afterAll(async () => knex?.destroy());

  const refused = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ name: 'StoreError', kind: 'input' });

  it('refuses NUL and lone surrogates in builder, raw and transaction statements; nothing is stored', async () => {
    await refused(knex('gate_t').insert({ name: 'a\0b', body: 'x' }));
    await refused(knex('gate_t').insert({ name: 'ok', body: '\ud800' }));
    await refused(knex.raw('INSERT INTO gate_t (name, body) VALUES (?, ?)', ['ok', 'x\0']));
    await refused(knex('gate_t').select('name').whereIn('name', ['ok', 'b\udfff']));
    await refused(
      knex.transaction(async (trx) => {
        await trx('gate_t').insert({ name: 'first', body: 'fine' });
        await trx('gate_t').insert({ name: 'second', body: 'no\0' });
      }),
    );
    expect(await rows()).toBe(0);
    // the pool is not left broken by the refusals
    const err = await knex('gate_t').insert({ name: '\0' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toBe('bound value 1 holds a NUL character (U+0000) at index 0');
  });

  it('stores zero bytes in binary columns and text of every plane exactly', async () => {
    const data = Buffer.from([0, 1, 0, 0xd8, 0, 0xff]);
    const body = "😀 𝄞 \u200f'\\%_ \\x00";
    await knex('gate_t').insert({ name: 'bin', body, data });
    const [row] = await knex('gate_t').select('body', 'data').where({ name: 'bin' });
    expect(row.body).toBe(body);
    expect(Buffer.from(row.data).equals(data)).toBe(true);
  });
});
