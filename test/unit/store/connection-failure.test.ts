// Which driver errors mean "the database cannot be reached" (StoreError 'connect', 5103 and one
// rate-limited log line) rather than a bug (5101): including those raised outside any statement,
// such as a transaction's BEGIN on a connection that a database crash just closed.

import knex from 'knex';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/store/errors.js';
import { connectionFailure, isConnectionError } from '../../../src/store/sql/run.js';

const coded = (message: string, code?: string) => Object.assign(new Error(message), code === undefined ? {} : { code });

describe('isConnectionError', () => {
  it.each([
    coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
    coded('BEGIN; - read ECONNRESET', 'ECONNRESET'),
    coded('terminating connection due to unexpected postmaster exit', '57P02'),
    coded('terminating connection due to administrator command', '57P01'),
    coded('Connection terminated unexpectedly'),
    coded('BEGIN; - Connection terminated unexpectedly'),
    coded('Client has encountered a connection error and is not queryable'),
    coded("Can't add new command when connection is in closed state", 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR'),
  ])('%s', (e) => {
    expect(isConnectionError(e)).toBe(true);
  });

  it("counts knex's timeout acquiring a connection (a KnexTimeoutError), not an error merely named so", () => {
    expect(isConnectionError(new knex.KnexTimeoutError('Knex: Timeout acquiring a connection. The pool is probably full.'))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('x'), { name: 'KnexTimeoutError' }))).toBe(false);
  });

  it.each([coded('duplicate key value violates unique constraint', '23505'), coded('no value for parameter :body'), new TypeError('x is undefined')])(
    'not %s',
    (e) => {
      expect(isConnectionError(e)).toBe(false);
    },
  );
});

describe('connectionFailure', () => {
  it('turns a lost connection into StoreError connect under the key, and leaves the rest alone', () => {
    const lost = connectionFailure(coded('Connection terminated unexpectedly'), 'message.save');
    expect(lost).toBeInstanceOf(StoreError);
    expect(lost).toMatchObject({ kind: 'connect', key: 'message.save', message: 'sql.message.save: Connection terminated unexpectedly' });
    const bug = new TypeError('x is undefined');
    expect(connectionFailure(bug, 'message.save')).toBe(bug);
    const store = new StoreError('input', 'parameter :body holds a NUL character (U+0000) at index 0');
    expect(connectionFailure(store, 'message.save')).toBe(store);
  });
});
