// Hostile but valid text round-trips exactly on every database: SQL-looking text, quotes,
// backslashes, LIKE wildcards, escape-looking text, emoji and other 4-byte UTF-8, bidi marks,
// control characters and very long strings, as user names, domains, passwords, room names,
// message bodies and extend values. Each is sent live, read back from history (PULLMESSAGE) and
// from the offline drain, and read from the table, equal code unit for code unit (so byte for
// byte in UTF-8); the tables are intact afterwards. Values are always bound, never spliced into SQL.

import { beforeAll, expect, it } from 'vitest';
import type { TimClient } from '../../src/client/tim-client.js';
import { TimType } from '../../src/protocol/timtype.js';
import type { TimMessage } from '../../src/protocol/wire-types.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { befriend, tim2, until, withServer } from '../helpers/tim-server.js';

const NASTY = [
  `it's "quoted" \`ticked\``,
  `back\\slash \\\\ \\' \\" \\n`,
  `'; DROP TABLE tim_message; --`,
  `" OR "1"="1`,
  `') OR ('a'='a`,
  `100% _under_ %_% [a-z]* .*`,
  `\\x00 \\0 \\u0000 %00 &#0; \\000`,
  `?, ?? $1 :name :body @p1 {{x}} \${x}`,
  `emoji 😀 👩‍👩‍👧 🇫🇷 ❤️`,
  `4-byte 𝄞 𠜎 \u{10FFFF} \u{1F600}`,
  `rtl \u202e\u200f שלום مرحبا \u202c\u200e`,
  `line\nbreak\r\ntab\t\u0001\u001f\u007f end`,
  `ß ǅ İ ﬁ ı Å Å`,
  `  padded with spaces  `,
  `/* comment */ # hash -- dash`,
];
/** 100 000+ characters of all of the above, then a marker at the very end. */
const LONG = NASTY.join('|').repeat(Math.ceil(100_000 / NASTY.join('|').length)) + ' END';
const NAMES = [`o'brien"; --`, `back\\slash%_`, `名前 😀 𝄞`, `\u202eevil\u202c`, `x`.repeat(62) + '😀'];
const PASSWORDS = [`'; DROP TABLE tim_user; --`, `p\\a%s_s "w"`, `😀 𠜎`, LONG.slice(0, 4000), `\u200f pwd`];

await describeEachDatabase('injection round trip', (ctx) => {
  const DOMAIN = `dom'ain\\%_😀`;
  const domainOf = (i: number) => (i === 0 ? DOMAIN : undefined);
  /** per NAMES entry: the node REGISTER answered, and a client logged in with its password */
  const users: { node: string; c: TimClient }[] = [];

  async function register(name: string, pwd: string, domain?: string): Promise<string> {
    const ack = await tim2(srv.http, TimType.REGISTER, { name, pwd, domain });
    if (!ack.ok || typeof ack.n !== 'string') throw new Error(`REGISTER ${JSON.stringify(name)} refused: ${JSON.stringify(ack)}`);
    return ack.n;
  }

  async function loginAs(name: string, pwd: string, domain?: string): Promise<TimClient> {
    const c = await srv.client();
    await c.login(name, pwd, domain);
    return c;
  }

  // requestRate 0: the sends below are one burst on purpose.
  const srv = withServer(ctx, { limits: { requestRate: 0 } });
  beforeAll(async () => {
    // Password hashes are the slow part (scrypt): each account is registered and logged in once.
    for (let i = 0; i < NAMES.length; i++) {
      const node = await register(NAMES[i], PASSWORDS[i], domainOf(i));
      users.push({ node, c: await loginAs(NAMES[i], PASSWORDS[i], domainOf(i)) });
    }
  });

  it('registers and logs in names, domains and passwords as given, and stores them exactly', async () => {
    for (let i = 0; i < NAMES.length; i++) {
      expect(users[i].c.node).toBe(users[i].node);
      const row = await srv.knex('tim_user').where({ node: users[i].node }).first();
      expect([row.name, row.domain]).toEqual([NAMES[i], domainOf(i) ?? null]);
    }
    await expect((await srv.client()).login(NAMES[1], PASSWORDS[2])).rejects.toMatchObject({ code: 4105 });
    // a name that is SQL for "everyone" matches no one
    await expect((await srv.client()).login(`' OR '1'='1`, PASSWORDS[0])).rejects.toMatchObject({ code: 4105 });
  });

  it('sends bodies and extend values live, and returns them from history, the offline drain and the table', async () => {
    const [sender, recv] = [users[1].c, users[2].c];
    const [s, r, o] = [users[1].node, users[2].node, users[3].node];
    await befriend(srv.knex, s, r);
    await befriend(srv.knex, s, o);
    await users[3].c.close();
    await until(() => !srv.app.core.registry.isOnline(o), 5000, 'recipient offline');
    const live: TimMessage[] = [];
    recv.on('message', (m) => live.push(m));

    const bodies = [...NASTY, LONG];
    const sent = (body: string, i: number) => ({ dataString: body, extend: { [`k${i} ${NASTY[i % NASTY.length]}`]: body.slice(0, 2000) } });
    const echoes = await Promise.all(bodies.map((b, i) => sender.send({ toTid: { node: r }, ...sent(b, i) })));
    const toOffline = await Promise.all(bodies.map((b, i) => sender.send({ toTid: { node: o }, ...sent(b, i) })));
    const expected = bodies.map((b, i) => sent(b, i));
    const view = (m: TimMessage) => ({ dataString: m.dataString, extend: m.extend });

    expect(echoes.map(view)).toEqual(expected);
    await expect.poll(() => live.length).toBe(bodies.length);
    expect(live.map(view)).toEqual(expected);

    // history, newest first
    const page = recv.next('pull');
    recv.pullMessages(1, s, 0, 50);
    const history = ((await page) as { messageList: TimMessage[] }).messageList;
    expect(history.map(view).reverse()).toEqual(expected);

    // offline drain, in send order
    const off = await loginAs(NAMES[3], PASSWORDS[3]);
    const drained: TimMessage[] = [];
    off.on('message', (m) => drained.push(m));
    const end = off.next('offlineEnd');
    off.offline();
    await end;
    expect(drained.map(view)).toEqual(expected);
    expect(drained.map((m) => m.mid)).toEqual(toOffline.map((m) => m.mid));

    // the table holds each body exactly, byte for byte in UTF-8
    const rows: { mid: unknown; body: string }[] = await srv.knex('tim_message').whereIn('mid', echoes.map((e) => e.mid!)).select('mid', 'body');
    const byMid = new Map(rows.map((row) => [Number(row.mid), row.body]));
    expect(echoes.map((e) => byMid.get(e.mid!))).toEqual(bodies);
    echoes.forEach((e, i) => expect(Buffer.from(byMid.get(e.mid!)!, 'utf8').equals(Buffer.from(bodies[i], 'utf8'))).toBe(true));
  });

  it('creates rooms named with such text and returns the names exactly', async () => {
    const c = users[4].c;
    for (const name of [...NASTY, LONG.slice(0, 500)]) {
      const ack = c.next('ack', (a) => a.timType === TimType.BUSINESS);
      c.business({ rtype: 8, node: name });
      const { ok, n: room } = await ack;
      expect(ok).toBe(true);
      const info = c.next('nodes');
      c.nodes({ ntype: 5, nodelist: [room as string] });
      expect((await info).roommap?.[room as string]?.topic).toBe(name);
    }
  });

  it('leaves every table intact', async () => {
    for (const table of ['tim_user', 'tim_message', 'tim_offline', 'tim_relation', 'tim_room', 'tim_room_member']) {
      await expect(srv.knex(table).count({ n: '*' })).resolves.toHaveLength(1);
    }
    expect(Number((await srv.knex('tim_message').count({ n: '*' }))[0].n)).toBe(2 * (NASTY.length + 1));
    expect(Number((await srv.knex('tim_user').count({ n: '*' }))[0].n)).toBe(NAMES.length);
  });
});
