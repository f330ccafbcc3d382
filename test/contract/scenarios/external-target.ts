// The external-mode target: the worked example of sql/examples/<client>/ loaded into a fresh
// database and served with its own tim.config.yaml. Accounts, friendships and groups beyond the
// seed are written the way the example application writes them (its own tables and conventions:
// lower-case e-mail, bcrypt hash, one friendship row per direction, 'owner'/'member' roles).

import bcrypt from 'bcryptjs';
import type { Knex } from 'knex';
import type { Config } from '../../../src/config/types.js';
import type { DatabaseContext } from '../../helpers/databases.js';
import { exampleConfig, exampleOverrides, loadExampleInto } from '../../helpers/external-app.js';
import { startServer } from '../../helpers/tim-server.js';
import { countRows, type Target } from './target.js';

export interface ExternalTarget extends Target {
  /** the example's config as loaded from its file */
  readonly config: Config;
  /** sets an account's stored password hash (the passwords scenarios) */
  setPassHash(node: string, hash: string | null): Promise<void>;
}

export async function externalTarget(ctx: DatabaseContext): Promise<ExternalTarget> {
  const { client } = ctx;
  const database: Config['database'] = ctx.database;
  await loadExampleInto(database);
  const config = exampleConfig(database);
  const base = exampleOverrides(config);
  const srv = await startServer(database, base);
  const knex: Knex = srv.knex;
  let nextUser = 10_000;
  let nextGroup = 7_000;
  return {
    label: `external ${client}`,
    mode: 'external',
    client,
    database,
    srv,
    config,
    overrides: (sql = {}) => ({ ...base, sql: { ...base.sql, ...sql } }),
    async account(tag, opts = {}) {
      const id = ++nextUser;
      const name = opts.name ?? `${tag}-${id}@test.example`;
      const pwd = opts.pwd ?? `pw-${tag}-${id}`;
      // Cost 4 keeps the suite fast; the seed's own hashes use cost 10.
      const hash = await bcrypt.hash(pwd, 4);
      await knex.raw('INSERT INTO app_user (id, email, pass_hash, display_name) VALUES (?, LOWER(?), ?, ?)', [id, name, hash, `${tag} ${id}`]);
      return { name, pwd, node: String(id) };
    },
    async befriend(a, b) {
      for (const [x, y] of [
        [a, b],
        [b, a],
      ]) {
        await knex.raw("INSERT INTO app_friendship (user_id, friend_id, status) VALUES (?, ?, 'accepted')", [Number(x.node), Number(y.node)]);
      }
    },
    async room(owner, members) {
      const id = ++nextGroup;
      await knex.raw('INSERT INTO app_group (id, name, owner_id) VALUES (?, ?, ?)', [id, `group ${id}`, Number(owner.node)]);
      await knex.raw("INSERT INTO app_group_member (group_id, user_id, role) VALUES (?, ?, 'owner')", [id, Number(owner.node)]);
      for (const m of members) {
        await knex.raw("INSERT INTO app_group_member (group_id, user_id, role) VALUES (?, ?, 'member')", [id, Number(m.node)]);
      }
      return String(id);
    },
    unknownNode: () => '999999',
    unknownRoom: () => '999998',
    malformed: (real) => [
      `${real.node}abc`,
      `0${real.node}`,
      `${real.node}.0`,
      ` ${real.node}`,
      `${real.node} OR 1=1`,
      "'; DROP TABLE app_user; --",
      ':node',
      '99999999999999999999999999',
      'x'.repeat(65),
    ],
    offlineCount: (node) => countRows(knex, client, 'SELECT COUNT(*) AS c FROM chat_offline WHERE user_id = ?', [Number(node)]),
    async setPassHash(node, hash) {
      await knex.raw('UPDATE app_user SET pass_hash = ? WHERE id = ?', [hash, Number(node)]);
    },
    broken: {
      messageSave:
        'INSERT INTO chat_message (mid, chat, sender_id, stanza, created_at, no_such_column) VALUES (:mid, :chat, :from, :stanza, NULL, :body)',
      offlineDel: 'DELETE FROM chat_offline WHERE user_id = :node AND no_such_column IN (:ids)',
      loginTwoRows: 'SELECT email AS node, pass_hash AS password_hash FROM app_user',
      loginNoNode: 'SELECT pass_hash AS password_hash FROM app_user WHERE email = LOWER(:name)',
    },
    close: () => srv.close(),
  };
}
