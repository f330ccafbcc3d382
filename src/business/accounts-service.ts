// Builtin-mode accounts as the core sees them (registration over /tim2 and the admin API,
// password changes), over the builtin user table. Every hash computed here goes through `gate`
// (limits.hashConcurrency) when given, so registrations and password changes cannot starve logins.

import type { Knex } from 'knex';
import type { Accounts } from '../core/tim-core.js';
import { TimError } from '../core/tim-error.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { createUser, DuplicateUserError, getUser, InvalidAccountError, setPassword } from '../store/builtin-accounts.js';
import type { HashGate } from '../store/hash-gate.js';
import type { NodeIds } from '../protocol/node-id.js';
import { hashPassword, verifyPassword } from '../store/passwords.js';
import { builtinFailure } from '../store/builtin-db.js';
import { textProblem } from '../store/storable-text.js';

export function createAccounts(knex: Knex, gate?: HashGate, nodeIds?: NodeIds): Accounts {
  const bounded = <T>(job: () => Promise<T>): Promise<T> => (gate ? gate.run(job) : job());
  const hash = (pwd: string) => bounded(() => hashPassword(pwd));
  return {
    async register(name, pwd, domain) {
      try {
        return (await createUser(knex, { name, pwd, domain }, hash, nodeIds)).node;
      } catch (err) {
        if (err instanceof DuplicateUserError) throw new TimError(ErrorCode.HASEXIST);
        if (err instanceof InvalidAccountError) throw new TimError(ErrorCode.PARAMS, err.message);
        throw unreachable(err);
      }
    },
    async setPassword(node, pwd, old) {
      // Unstorable text (a NUL, a lone surrogate) is a malformed request, as for registration: 4104.
      const problem = typeof pwd === 'string' ? textProblem(pwd) : undefined;
      if (problem !== undefined) throw new TimError(ErrorCode.PARAMS, `password holds ${problem}`);
      if (old !== undefined) {
        const user = await getUser(knex, node).catch((err: unknown) => {
          throw unreachable(err);
        });
        if (user === null || !(await bounded(() => verifyPassword('scrypt', old, user.password_hash)))) return false;
      }
      try {
        return await setPassword(knex, node, pwd, hash);
      } catch (err) {
        if (err instanceof InvalidAccountError) return false;
        throw unreachable(err);
      }
    },
  };
}

/** A database failure as a StoreError (5103, logged rate limited), like every Store failure. */
function unreachable(err: unknown): unknown {
  return builtinFailure(err, 'builtin accounts');
}
