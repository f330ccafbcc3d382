// Builtin-mode room and profile writes for the admin API (POST /rooms, PATCH /rooms/{room},
// PATCH /users/{node} and their legacy paths), through the builtin business layer's repositories
// and profile format (src/business/), so what the admin writes is exactly what TIMNODES reads back.
//
// The admin acts as an administrator: no founder/manager check, and it does not take the business
// layer's per-room lock (a client MODIFYROOM racing an admin PATCH of the same room may lose one
// of the two field sets; each write is still atomic).

import type { Knex } from 'knex';
import { BuiltinDb } from '../store/builtin-db.js';
import { encodeRoomProfile, mergeRoomProfile, mergeUserProfile } from '../business/profile-json.js';
import { RoomsRepo } from '../business/rooms-repo.js';
import { UsersRepo } from '../business/users-repo.js';
import { DEFAULT_NODE_IDS, type NodeIds } from '../protocol/node-id.js';
import type { TimRoomBean, TimUserBean } from '../protocol/wire-types.js';

/** What the admin API needs beyond the Store; absent in external mode (answered 4107). */
export interface AdminDirectory {
  /** Creates an alive room founded by `founder` (who becomes its only member); returns its node. */
  createRoom(input: { founder: string; topic?: string; gtype: 1 | 2; domain?: string }): Promise<string>;
  /** Merges the given bean fields into the room; `gtype` changes the room's type, `managers`
   *  replaces its managers (members only). False when the room does not exist. */
  modifyRoom(room: string, bean: TimRoomBean): Promise<boolean>;
  /** Merges the given bean fields into the user's profile. False when the user does not exist. */
  modifyUser(node: string, bean: TimUserBean): Promise<boolean>;
}

export function builtinDirectory(knex: Knex, now: () => number, nodeIds: NodeIds = DEFAULT_NODE_IDS): AdminDirectory {
  const db = new BuiltinDb(knex);
  const rooms = new RoomsRepo(db);
  const users = new UsersRepo(db);

  return {
    async createRoom({ founder, topic, gtype, domain }) {
      const node = nodeIds.random(domain);
      await rooms.create({ node, founder, gtype, profile: encodeRoomProfile(topic === undefined ? {} : { topic }), createdAt: now() });
      return node;
    },

    async modifyRoom(node, bean) {
      const room = await rooms.room(node);
      if (room === null) return false;
      await db.transaction('admin room modify', async (trx) => {
        await rooms.setProfile(node, mergeRoomProfile(room.profile, bean), trx);
        if (bean.gtype === 1 || bean.gtype === 2) await db.table('tim_room', trx).where(db.row({ node })).update(db.row({ gtype: bean.gtype }));
        if (bean.managers !== undefined) await rooms.setManagers(node, bean.managers, trx);
      });
      return true;
    },

    async modifyUser(node, bean) {
      const user = await users.user(node);
      if (user === null) return false;
      await users.setProfile(node, mergeUserProfile(user.profile, bean));
      return true;
    },
  };
}
