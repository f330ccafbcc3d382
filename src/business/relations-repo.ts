// tim_relation: one row per direction of a user pair (owner -> peer) with two flags, `wants`
// (the owner asked for or accepted friendship) and `blocks` (the owner blocks the peer). Mutual
// friendship, tim's 0x11, is both rows wanting and neither blocking; the shipped `roster` and
// `user.auth` templates read exactly that, so no separate roster row exists (docs/protocol.md decision 6). A row
// with neither flag carries no information and is deleted rather than kept.

import type { Knex } from 'knex';
import { num, str, type BuiltinDb } from '../store/builtin-db.js';

export interface Relation {
  wants: boolean;
  blocks: boolean;
}

export interface RelationChange extends Relation {
  owner: string;
  peer: string;
}

const TABLE = 'tim_relation';

/** Both directions are friends. */
export function areFriends(mine: Relation | null, theirs: Relation | null): boolean {
  return !!mine?.wants && !!theirs?.wants && !mine.blocks && !theirs.blocks;
}

export class RelationsRepo {
  constructor(private readonly db: BuiltinDb) {}

  /** The rows a -> b (`mine`) and b -> a (`theirs`), null when absent. */
  async pair(a: string, b: string): Promise<{ mine: Relation | null; theirs: Relation | null }> {
    const { db } = this;
    const rows: Record<string, unknown>[] = await db.run('relation read', () =>
      db
        .table(TABLE)
        .select(db.id('owner'), db.id('wants'), db.id('blocks'))
        .where((q) => q.where(db.row({ owner: a, peer: b })).orWhere(db.row({ owner: b, peer: a }))),
    );
    let mine: Relation | null = null;
    let theirs: Relation | null = null;
    for (const r of rows) {
      const rel = { wants: num(r, 'wants') === 1, blocks: num(r, 'blocks') === 1 };
      if (str(r, 'owner') === a) mine = rel;
      else theirs = rel;
    }
    return { mine, theirs };
  }

  /** Applies every change in one transaction (a change with neither flag deletes the row). */
  async write(changes: RelationChange[], now: number): Promise<void> {
    await this.db.transaction('relation write', async (trx) => {
      for (const c of changes) await this.apply(trx, c, now);
    });
  }

  /** The peers `owner` blocks. */
  async blockedBy(owner: string): Promise<string[]> {
    const { db } = this;
    const rows: Record<string, unknown>[] = await db.run('block list', () =>
      db.table(TABLE).select(db.id('peer')).where(db.row({ owner, blocks: 1 })).orderBy(db.id('peer')),
    );
    return rows.map((r) => str(r, 'peer'));
  }

  private async apply(trx: Knex.Transaction, c: RelationChange, now: number): Promise<void> {
    const { db } = this;
    const key = db.row({ owner: c.owner, peer: c.peer });
    if (!c.wants && !c.blocks) {
      await db.table(TABLE, trx).where(key).delete();
      return;
    }
    const flags = db.row({ wants: c.wants ? 1 : 0, blocks: c.blocks ? 1 : 0, updated_at: now });
    const changed = await db.table(TABLE, trx).where(key).update(flags);
    if (Number(changed) === 0) await db.table(TABLE, trx).insert({ ...key, ...flags });
  }
}
