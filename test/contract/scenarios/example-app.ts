// External mode only: the worked example of sql/examples/<client>/ as the guide
// (docs/external-mode.md) walks through it: the seed's own accounts chat, the application's
// friendship, block and group rules hold, every password scheme works with the formats real
// applications store, nodes are whatever login returns, and `tim check` passes the example.

import { createHash, pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { describe, expect, it, vi } from 'vitest';
import type { DbClient, PasswordScheme } from '../../../src/config/types.js';
import { verifyPassword } from '../../../src/store/passwords.js';
import { SqlStore } from '../../../src/store/sql-store.js';
import { ALL_TEMPLATE_KEYS } from '../../../src/store/sql/template-keys.js';
import { compileTemplates } from '../../../src/store/sql/template-set.js';
import { runCheck } from '../../../src/tools/check.js';
import { SEED, type SeedAccount } from '../../helpers/external-app.js';
import { startServer } from '../../helpers/tim-server.js';
import type { ExternalTarget } from './external-target.js';
import { countRows, list, loginCode, pull, refusedWith, signIn, type Account } from './target.js';

const seed = (a: SeedAccount): Account => ({ name: a.email, pwd: a.pwd, node: a.node });

/** Stored hashes in the formats applications write, at low costs to keep the suite quick. */
function hashFor(scheme: PasswordScheme, pwd: string, client: DbClient): string {
  const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');
  switch (scheme) {
    case 'bcrypt':
      return bcrypt.hashSync(pwd, 4);
    case 'scrypt': {
      const salt = randomBytes(16);
      return `$scrypt$ln=10,r=8,p=1$${b64(salt)}$${b64(scryptSync(pwd, salt, 32, { N: 1024, r: 8, p: 1 }))}`;
    }
    case 'pbkdf2': {
      const salt = randomBytes(9).toString('base64url');
      return `pbkdf2_sha256$1000$${salt}$${pbkdf2Sync(pwd, salt, 1000, 32, 'sha256').toString('base64')}`;
    }
    case 'plain':
      return pwd;
    case 'sql':
      // what the login template below compares in SQL: SHA-256 hex, or the text itself on SQLite
      return client === 'sqlite' ? pwd : createHash('sha256').update(pwd, 'utf8').digest('hex');
    default:
      throw new Error(`no test hash for ${scheme}`);
  }
}

/** passwords: sql — the login template compares the password itself, per database. */
const SQL_LOGIN = {
  default: "SELECT CAST(id AS CHAR) AS node FROM app_user WHERE email = LOWER(:name) AND pass_hash = SHA2(:pwd, 256)",
  postgres: "SELECT id::text AS node FROM app_user WHERE email = lower(:name) AND pass_hash = encode(sha256(convert_to(:pwd, 'UTF8')), 'hex')",
  sqlite: 'SELECT CAST(id AS TEXT) AS node FROM app_user WHERE email = LOWER(:name) AND pass_hash = :pwd',
  oracle: "SELECT TO_CHAR(id) AS node FROM app_user WHERE email = LOWER(:name) AND pass_hash = LOWER(RAWTOHEX(STANDARD_HASH(:pwd, 'SHA256')))",
};

export function exampleScenarios(t: () => ExternalTarget): void {
  describe('the worked example', () => {
    it('its seed accounts log in with bcrypt $2y$, $2a$ and $2b$ hashes and chat; the app’s own rules decide', async () => {
      const srv = t().srv;
      const [alice, bob, carol, dave, ohara] = [SEED.alice, SEED.bob, SEED.carol, SEED.dave, SEED.ohara].map(seed);
      const ca = await signIn(srv, alice); // $2y$
      const cb = await signIn(srv, bob); // $2b$
      const cc = await signIn(srv, carol); // $2a$
      const cd = await signIn(srv, dave);
      const co = await signIn(srv, ohara); // its password is "'; DROP TABLE app_user; --"
      expect(await loginCode(srv, 'ALICE@example.com', 'wrong')).toBe(4105);
      expect(await loginCode(srv, SEED.zed.email, SEED.zed.pwd)).toBe(4105); // deleted account

      const got = cb.next('message', (m) => m.dataString === 'Hi Bob!');
      const echo = await ca.send({ toTid: { node: bob.node }, dataString: 'Hi Bob!' });
      expect(await got).toMatchObject({ mid: echo.mid, fromTid: { node: '1001' } });
      expect((await co.send({ toTid: { node: alice.node }, dataString: 'from Tara' })).mid).toBeGreaterThan(0);

      const say = (c: typeof ca, to: string) => () => void c.send({ toTid: { node: to }, dataString: 'x' }, { awaitEcho: false });
      expect(await refusedWith(ca, say(ca, carol.node))).toBe(4105); // only a pending request
      expect(await refusedWith(cc, say(cc, alice.node))).toBe(4105);
      expect(await refusedWith(cb, say(cb, dave.node))).toBe(4105); // dave blocked bob
      expect(await refusedWith(cd, say(cd, bob.node))).toBe(4105);
      expect(await refusedWith(ca, say(ca, SEED.zed.node))).toBe(4106); // deleted: not addressable

      // the Hiking club: alice, bob and erin are members, carol is only invited; Old trips is archived
      const toGroup = cb.next('message', (m) => m.dataString === 'Saturday?');
      const post = await ca.send({ msType: 3, roomTid: { node: SEED.hiking }, dataString: 'Saturday?' });
      expect((await toGroup).mid).toBe(post.mid);
      const group = (c: typeof ca, room: string) => () => void c.send({ msType: 3, roomTid: { node: room }, dataString: 'x' }, { awaitEcho: false });
      expect(await refusedWith(cc, group(cc, SEED.hiking))).toBe(4105);
      expect(await refusedWith(ca, group(ca, SEED.oldTrips))).toBe(4106);
      expect((await pull(cb, 2, SEED.hiking, 0, 10)).map((m) => m.dataString)).toEqual(['Saturday?']);

      expect((await list(ca, { rtype: 1 }))?.nodelist).toEqual(['1002', '1005']);
      expect((await list(cb, { rtype: 1 }))?.nodelist).toEqual(['1001']); // dave blocked bob
      expect((await list(ca, { rtype: 2 }))?.nodelist).toEqual([SEED.hiking]);
      expect((await list(cb, { rtype: 3, node: SEED.hiking }))?.nodelist).toEqual(['1001', '1002', '1006']);
      expect((await list(cd, { rtype: 3, node: SEED.books }))?.nodelist).toEqual(['1003', '1004']);
    });

    it('tim check passes the example config as shipped, one ok line per key', async () => {
      const lines: string[] = [];
      const code = await runCheck(t().config, (l) => void lines.push(l));
      expect(lines.filter((l) => l.includes('FAILED'))).toEqual([]);
      expect(code).toBe(0);
      // the example writes out every key of the contract
      expect(Object.keys(t().config.sql).sort()).toEqual([...ALL_TEMPLATE_KEYS].sort());
      for (const key of ALL_TEMPLATE_KEYS) expect(lines).toContain(`${key}: ok`);
      expect(lines.at(-1)).toBe(`all ${ALL_TEMPLATE_KEYS.length} templates ok`);
    });

    it('roster.add, roster.rm and roster.block change the application’s own friendship rows', async () => {
      const a = await t().account('mut-a');
      const b = await t().account('mut-b');
      const store = t().srv.app.core.store;
      const knex = t().srv.knex;
      const rows = async () => {
        const sql = 'SELECT COUNT(*) AS c FROM app_friendship WHERE user_id = ? AND friend_id = ? AND status = ?';
        const count = (x: Account, y: Account, status: string) => countRows(knex, t().client, sql, [Number(x.node), Number(y.node), status]);
        return { pending: await count(a, b, 'pending'), blocked: await count(a, b, 'blocked'), back: await count(b, a, 'accepted') };
      };
      expect(store.hasRosterMutations()).toBe(true);
      await store.rosterAdd(a.node, b.node);
      await store.rosterAdd(a.node, b.node); // twice: still one request
      expect(await rows()).toEqual({ pending: 1, blocked: 0, back: 0 });
      await store.rosterBlock(a.node, b.node);
      expect(await rows()).toEqual({ pending: 0, blocked: 1, back: 0 });
      await knex.raw("INSERT INTO app_friendship (user_id, friend_id, status) VALUES (?, ?, 'accepted')", [Number(b.node), Number(a.node)]);
      expect(await rows()).toEqual({ pending: 0, blocked: 1, back: 1 });
      await store.rosterRemove(a.node, b.node); // both directions go
      expect(await rows()).toEqual({ pending: 0, blocked: 0, back: 0 });
      // unknown ids insert nothing (and break no foreign key)
      await store.rosterAdd(a.node, '999999');
      await store.rosterBlock(a.node, '999999');
      expect(await countRows(knex, t().client, 'SELECT COUNT(*) AS c FROM app_friendship WHERE user_id = ?', [Number(a.node)])).toBe(0);
    });
  });

  describe('passwords checked in the server', () => {
    for (const scheme of ['scrypt', 'pbkdf2', 'plain', 'sql'] as const) {
      it(`passwords: ${scheme} — right logs in; wrong and unknown are both 4105`, async () => {
        const a = await t().account(`pw-${scheme}`, { pwd: `pässword ${scheme} ':x` });
        await t().setPassHash(a.node, hashFor(scheme, a.pwd, t().client));
        const sql = scheme === 'sql' ? { login: SQL_LOGIN } : {};
        const base = t().overrides();
        const srv = await startServer(t().database, { ...base, passwords: scheme, sql: { ...(base.sql as object), ...sql } });
        try {
          const c = await srv.client();
          expect((await c.login(a.name, a.pwd)).n).toBe(a.node);
          expect(await loginCode(srv, a.name, `${a.pwd}x`)).toBe(4105);
          expect(await loginCode(srv, `x${a.name}`, a.pwd)).toBe(4105);
        } finally {
          await srv.close();
        }
      });
    }

    it('an unknown name runs the verifier too (against a dummy of the scheme), as a wrong password does', async () => {
      const a = await t().account('dummy');
      const templates = compileTemplates({ database: t().database, mode: 'external', sql: t().config.sql, sqlPositions: {}, file: '' });
      const format = { bcrypt: /^\$2[aby]\$\d\d\$/, scrypt: /^\$scrypt\$ln=\d+,r=\d+,p=\d+\$/, pbkdf2: /^pbkdf2_sha256\$\d+\$/, plain: /./ };
      for (const scheme of ['bcrypt', 'scrypt', 'pbkdf2', 'plain'] as const) {
        await t().setPassHash(a.node, hashFor(scheme, a.pwd, t().client));
        const verify = vi.fn(verifyPassword);
        // the store the server builds, with the verifier observed (no dummyVerify: the dummy hash path)
        const store = new SqlStore(t().srv.knex, templates, { scheme, verify });
        expect(await store.login(`nobody-${scheme}@test.example`, a.pwd, null)).toEqual({ ok: false, reason: 'unknown' });
        expect(verify).toHaveBeenCalledTimes(1);
        expect(verify).toHaveBeenLastCalledWith(scheme, a.pwd, expect.stringMatching(format[scheme]));
        expect(await store.login(a.name, `${a.pwd}x`, null)).toEqual({ ok: false, reason: 'password' });
        expect(verify).toHaveBeenCalledTimes(2);
        expect(await store.login(a.name, a.pwd, null)).toEqual({ ok: true, node: a.node });
      }
    });
  });

  describe('identity', () => {
    it('a node is whatever login returns, up to 64 characters, not a tim base58 node', async () => {
      // a login that answers with the e-mail address as the node
      const node64 = `${'n'.repeat(64 - '@test.example'.length)}@test.example`;
      const a = await t().account('id64', { name: node64 });
      const b = await t().account('id65', { name: `x${node64}` });
      const srv = await startServer(t().database, t().overrides({ login: 'SELECT email AS node, pass_hash AS password_hash FROM app_user WHERE email = LOWER(:name)' }));
      try {
        const c = await srv.client();
        expect((await c.login(a.name, a.pwd)).n).toBe(node64);
        expect(await loginCode(srv, b.name, b.pwd)).toBe(4105); // 65 characters
      } finally {
        await srv.close();
      }
    });
  });
}
