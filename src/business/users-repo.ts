// tim_user as the profile features see it: the account name, the stored TimUserBean JSON and the
// registration time. Accounts themselves are created in store/builtin-accounts.ts.

import { num, str, text, type BuiltinDb, type Row } from '../store/builtin-db.js';

export interface UserRecord {
  node: string;
  name: string;
  /** the stored profile JSON text, or null before the user set one */
  profile: string | null;
  /** registration time, milliseconds since the epoch */
  createdAt: number;
}

const USER = 'tim_user';

export class UsersRepo {
  constructor(private readonly db: BuiltinDb) {}

  /** The accounts among `nodes` that exist, in no particular order. */
  async users(nodes: string[]): Promise<UserRecord[]> {
    if (nodes.length === 0) return [];
    const { db } = this;
    const cols = ['node', 'name', 'profile', 'created_at'].map((c) => db.id(c));
    const rows: Row[] = await db.run('user read', () =>
      db.table(USER).select(cols).whereIn(db.id('node'), nodes).options(db.readOptions),
    );
    return rows.map((r) => ({ node: str(r, 'node'), name: str(r, 'name'), profile: text(r, 'profile'), createdAt: num(r, 'created_at') }));
  }

  async user(node: string): Promise<UserRecord | null> {
    return (await this.users([node]))[0] ?? null;
  }

  async setProfile(node: string, profile: string): Promise<void> {
    const { db } = this;
    await db.run('profile write', () => db.table(USER).where(db.row({ node })).update(db.row({ profile })));
  }
}
