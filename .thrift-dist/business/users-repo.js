// tim_user as the profile features see it: the account name, the stored TimUserBean JSON and the
// registration time. Accounts themselves are created in store/builtin-accounts.ts.
import { num, str, text } from './builtin-db.js';
const USER = 'tim_user';
export class UsersRepo {
    db;
    constructor(db) {
        this.db = db;
    }
    /** The accounts among `nodes` that exist, in no particular order. */
    async users(nodes) {
        if (nodes.length === 0)
            return [];
        const { db } = this;
        const cols = ['node', 'name', 'profile', 'created_at'].map((c) => db.id(c));
        const rows = await db.run('user read', () => db.table(USER).select(cols).whereIn(db.id('node'), nodes).options(db.readOptions));
        return rows.map((r) => ({ node: str(r, 'node'), name: str(r, 'name'), profile: text(r, 'profile'), createdAt: num(r, 'created_at') }));
    }
    async user(node) {
        return (await this.users([node]))[0] ?? null;
    }
    async setProfile(node, profile) {
        const { db } = this;
        await db.run('profile write', () => db.table(USER).where(db.row({ node })).update(db.row({ profile })));
    }
}
//# sourceMappingURL=users-repo.js.map