// What every scenario of the contract suite needs from a target (a database in builtin or external
// mode), and the small wire helpers the scenarios share. A target adapter says how to make
// accounts, friends and rooms in its own tables; the scenarios never touch SQL themselves.

import type { Knex } from 'knex';
import { expect } from 'vitest';
import type { TimClient } from '../../../src/client/tim-client.js';
import type { Config, DbClient, Mode } from '../../../src/config/types.js';
import type { TimAck, TimMessage, TimNodes, TimReq } from '../../../src/protocol/wire-types.js';
import { dialectFor } from '../../../src/store/dialects/registry.js';
import { sync, type TestServer } from '../../helpers/tim-server.js';

export interface Account {
  /** the login name (builtin: the account name; external: the e-mail address) */
  name: string;
  pwd: string;
  /** what login returns, and what others address this account by */
  node: string;
}

/** Templates that fail or mis-shape on this target's tables, for the failure scenarios. */
export interface BrokenTemplates {
  /** message.save naming a column that does not exist */
  messageSave: string;
  /** offlinemsg.del naming a column that does not exist */
  offlineDel: string;
  /** a login that returns every account */
  loginTwoRows: string;
  /** a login whose row has no `node` column */
  loginNoNode: string;
}

export interface Target {
  readonly label: string;
  readonly mode: Mode;
  readonly client: DbClient;
  readonly database: Config['database'];
  /** the target's main server (port 0), its templates unchanged */
  readonly srv: TestServer;
  /** config overrides for another server on the same database, with some templates replaced */
  overrides(sql?: Record<string, string>): Record<string, unknown>;
  /** a fresh account; `name` and `pwd` may be given (hostile strings included) */
  account(tag: string, opts?: { name?: string; pwd?: string }): Promise<Account>;
  /** makes two accounts mutual friends */
  befriend(a: Account, b: Account): Promise<void>;
  /** a fresh room owned by `owner` with `members` (owner not repeated); returns its node */
  room(owner: Account, members: Account[]): Promise<string>;
  /** a well-formed node that names no account */
  unknownNode(): string;
  /** a well-formed room node that names no room */
  unknownRoom(): string;
  /** nodes that must not address `real` or anyone else (near misses and hostile text) */
  malformed(real: Account): string[];
  /** offline rows waiting for `node` */
  offlineCount(node: string): Promise<number>;
  readonly broken: BrokenTemplates;
  close(): Promise<void>;
}

/** Anything that hands out connected clients: the main TestServer or a LoggedServer. */
export interface ClientSource {
  client(): Promise<TimClient>;
}

export async function signIn(srv: ClientSource, a: Account): Promise<TimClient> {
  const c = await srv.client();
  const ack = await c.login(a.name, a.pwd);
  expect(ack.n).toBe(a.node);
  return c;
}

/** The code of a refused login, or 0 when it succeeded. */
export async function loginCode(srv: ClientSource, name: string, pwd: string): Promise<number> {
  const c = await srv.client();
  try {
    await c.login(name, pwd);
    return 0;
  } catch (e) {
    return (e as { code?: number }).code ?? -1;
  }
}

/** Runs `send`, waits until the server has handled it, and returns the error acks it produced. */
export async function refusals(c: TimClient, send: () => void): Promise<TimAck[]> {
  const acks: TimAck[] = [];
  const off = c.on('ack', (a) => {
    if (!a.ok) acks.push(a);
  });
  try {
    send();
    await sync(c);
  } finally {
    off();
  }
  return acks;
}

/** The one error code `send` was answered with (fails when there was none or several). */
export async function refusedWith(c: TimClient, send: () => void): Promise<number | undefined> {
  const acks = await refusals(c, send);
  expect(acks).toHaveLength(1);
  return acks[0].error?.code;
}

/** One PULLMESSAGE page (newest first); [] when the server answers nothing (an empty page). */
export async function pull(c: TimClient, rtype: 1 | 2, node: string, mid: number, limit: number): Promise<TimMessage[]> {
  const pages: TimMessage[][] = [];
  const off = c.on('pull', (l) => pages.push(l.messageList ?? []));
  try {
    c.pullMessages(rtype, node, mid, limit);
    await sync(c);
  } finally {
    off();
  }
  expect(pages.length).toBeLessThanOrEqual(1);
  return pages[0] ?? [];
}

/** A BUSINESS list request (rtype 1 roster, 2 rooms, 3 room members); [] for an empty answer. */
export async function list(c: TimClient, req: TimReq): Promise<TimNodes | undefined> {
  const answers: TimNodes[] = [];
  const off = c.on('nodes', (n) => answers.push(n));
  try {
    c.business(req);
    await sync(c);
  } finally {
    off();
  }
  return answers[0];
}

/** Every message `c` receives from now on. */
export function inbox(c: TimClient): TimMessage[] {
  const got: TimMessage[] = [];
  c.on('message', (m) => got.push(m));
  return got;
}

/** Runs an OFFLINEMSG drain to its end and returns the messages it delivered. */
export async function drain(c: TimClient): Promise<TimMessage[]> {
  const got: TimMessage[] = [];
  const off = c.on('offline', (l) => got.push(...(l.messageList ?? [])));
  try {
    const end = c.next('offlineEnd');
    c.offline();
    await end;
  } finally {
    off();
  }
  return got;
}

/** Messages in mid order (offline rows of quick successive sends may be stored out of order). */
export function byMid(messages: readonly TimMessage[]): TimMessage[] {
  return [...messages].sort((x, y) => (x.mid ?? 0) - (y.mid ?? 0));
}

/** `SELECT COUNT(*) AS c ...` on any database, read through the dialect (Oracle's upper case too). */
export async function countRows(knex: Knex, client: DbClient, sql: string, bindings: Knex.RawBinding[]): Promise<number> {
  const rows = dialectFor(client).rowsOf(await knex.raw(sql, bindings));
  return Number(rows[0]?.c ?? Number.NaN);
}

/** Message bodies that must reach the database as bound values and come back unchanged. */
export const HOSTILE_TEXT: readonly string[] = [
  "'; DROP TABLE chat_message; DROP TABLE tim_message; --",
  "Robert'); DELETE FROM app_user WHERE ('1' = '1",
  ':from :to :mid :name ::bigint :ids (:ids)',
  '? ?? \\? $1 $$ $tag$ quoted $tag$',
  `"double" 'single' \`back\` \\backslash\\ \\' \\"`,
  'Ünïcödé 中文 العربية 😀👍🏽 \u202e reversed',
  '/* not a comment */ -- nor this\n;\nSELECT 1;',
  '%s %d %n {0} ${x} NULL null',
];
