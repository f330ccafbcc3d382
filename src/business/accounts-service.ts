// Builtin-mode accounts as the core sees them (registration over /tim2 and the admin API,
// password changes), over the builtin user table.

import type { Knex } from 'knex';
import type { Accounts } from '../core/tim-core.js';
import { TimError } from '../core/tim-error.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { createUser, DuplicateUserError, getUser, InvalidAccountError, setPassword } from '../store/builtin-accounts.js';
import { verifyPassword } from '../store/passwords.js';

export function createAccounts(knex: Knex): Accounts {
  return {
    async register(name, pwd, domain) {
      try {
        return (await createUser(knex, { name, pwd, domain })).node;
      } catch (err) {
        if (err instanceof DuplicateUserError) throw new TimError(ErrorCode.HASEXIST);
        if (err instanceof InvalidAccountError) throw new TimError(ErrorCode.PARAMS, err.message);
        throw err;
      }
    },
    async setPassword(node, pwd, old) {
      if (old !== undefined) {
        const user = await getUser(knex, node);
        if (user === null || !(await verifyPassword('scrypt', old, user.password_hash))) return false;
      }
      try {
        return await setPassword(knex, node, pwd);
      } catch (err) {
        if (err instanceof InvalidAccountError) return false;
        throw err;
      }
    },
  };
}
