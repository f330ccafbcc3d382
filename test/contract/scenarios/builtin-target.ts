// The builtin-mode target: tim's own tables, set up with the fixtures of test/helpers/tim-server.ts.

import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Config } from '../../../src/config/types.js';
import { randomNode, userNode } from '../../../src/protocol/node-id.js';
import type { DatabaseContext } from '../../helpers/databases.js';
import { befriend, makeRoom, startServer } from '../../helpers/tim-server.js';
import { countRows, type Account, type Target } from './target.js';

export async function builtinTarget(ctx: DatabaseContext): Promise<Target> {
  const { client } = ctx;
  const database: Config['database'] = ctx.database;
  const srv = await startServer(database);
  const knex = srv.knex;
  let n = 0;
  return {
    label: `builtin ${client}`,
    mode: 'builtin',
    client,
    database,
    srv,
    overrides: (sql = {}) => ({ sql }),
    async account(tag, opts = {}) {
      const name = opts.name ?? `${tag}-${++n}`;
      const pwd = opts.pwd ?? `pw-${tag}-${n}`;
      return { name, pwd, node: await srv.user(name, pwd) };
    },
    async befriend(a, b) {
      if (client === 'oracle') await oracleRows(knex, 'tim_relation', relationRows(a, b));
      else await befriend(knex, a.node, b.node);
    },
    async room(owner, members) {
      const room = randomNode();
      if (client === 'oracle') await oracleRoom(knex, room, owner, members);
      else await makeRoom(knex, room, owner.node, members.map((m) => m.node));
      return room;
    },
    unknownNode: () => userNode(`nobody-${randomBytes(6).toString('hex')}`),
    unknownRoom: () => randomNode(),
    malformed: (real) => [
      `${real.node}x`,
      real.node.slice(1),
      'abc',
      '1001',
      "'; DROP TABLE tim_user; --",
      ':node',
      'x'.repeat(65),
    ],
    offlineCount: (node) => countRows(knex, client, 'SELECT COUNT(*) AS c FROM tim_offline WHERE node = ?', [node]),
    broken: {
      messageSave:
        'INSERT INTO tim_message (mid, chat, sender, stanza, created_at, no_such_column) VALUES (:mid, :chat, :from, :stanza, :time, :body)',
      offlineDel: 'DELETE FROM tim_offline WHERE node = :node AND no_such_column IN (:ids)',
      loginTwoRows: 'SELECT node, password_hash FROM tim_user',
      loginNoNode: 'SELECT password_hash FROM tim_user WHERE name = :name',
    },
    close: () => srv.close(),
  };
}

// The shared fixtures write through knex's query builder, which quotes names in lower case; the
// builtin tables are upper case on Oracle, so there the same rows go in as plain SQL.

function relationRows(a: Account, b: Account): Record<string, unknown>[] {
  const now = Date.now();
  return [
    { owner: a.node, peer: b.node, wants: 1, blocks: 0, updated_at: now },
    { owner: b.node, peer: a.node, wants: 1, blocks: 0, updated_at: now },
  ];
}

async function oracleRoom(knex: Knex, room: string, owner: Account, members: Account[]): Promise<void> {
  const now = Date.now();
  await oracleRows(knex, 'tim_room', [{ node: room, founder: owner.node, gtype: 2, status: 1, profile: null, created_at: now }]);
  await oracleRows(knex, 'tim_room_member', [
    { room, node: owner.node, state: 2, role: 2, created_at: now },
    ...members.map((m) => ({ room, node: m.node, state: 2, role: 0, created_at: now })),
  ]);
}

async function oracleRows(knex: Knex, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (const row of rows) {
    const cols = Object.keys(row);
    await knex.raw(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, cols.map((c) => row[c]) as Knex.RawBinding[]);
  }
}
