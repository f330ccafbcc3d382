// The one Store: each method runs its template key (docs/templates.md 2.1) through knex and reads the
// result by lower-cased alias. What a method guarantees and how it fails is stated on the Store
// interface (store.ts); the reading rules shared by all keys (sql/results.ts) are:
//  - check keys (user.auth, room.auth) allow when some row's first column is not NULL, 0, false or
//    '0' (also: a numeric string equal to zero such as '0.00', and an all-zero Buffer, which is how
//    MySQL returns BIT(1)); no row denies;
//  - a mid read back must be an integer in [0, 2^53-1], whatever type the driver chose (number,
//    decimal string, bigint); anything else is StoreError('shape');
//  - stanzas are returned as text: strings as they are, Buffers and CLOBs decoded as UTF-8;
//  - a result lacking a required alias is StoreError('shape'), detected from the driver's column list
//    even when there are no rows (MySQL, PostgreSQL).

import type { Knex } from 'knex';
import type { PasswordScheme } from '../config/types.js';
import { driverReason } from './connect.js';
import type { Dialect } from './dialects/dialect.js';
import { dialectFor } from './dialects/registry.js';
import { StoreError } from './errors.js';
import { InsertBatcher } from './insert-batcher.js';
import type { LoginResult, MessageRecord, OfflineRecord, OfflineRow, SaveDone, Store, StoredStanza } from './store.js';
import { bindSql, chunkLists, hasEmptyList, type BoundSql, type ParamValues } from './sql/bind.js';
import { connectionFailure, runTemplate, type TemplateResult } from './sql/run.js';
import { allows, requireAliases, toId, toMid, toText } from './sql/results.js';
import type { TemplateKey } from './sql/template-keys.js';
import type { CompiledTemplate, TemplateSet } from './sql/template-set.js';

export type PasswordVerifier = (scheme: PasswordScheme, plain: string, hash: string) => Promise<boolean>;

export interface StoreLogger {
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export interface SqlStoreOptions {
  /** checks a password against the `password_hash` a login template returned (store/passwords.ts) */
  verify?: PasswordVerifier;
  /** the same as `verify` (either name may be used) */
  passwords?: PasswordVerifier;
  /** how password_hash is checked; 'sql': the template checks the password itself */
  scheme: PasswordScheme;
  logger?: StoreLogger;
  /**
   * Spends as long as a real verification of `scheme` (store/passwords.ts dummyVerify), so an unknown
   * name cannot be told from a wrong password by the time the answer takes. When absent, unknown
   * names are verified against `dummyHash` instead.
   */
  dummyVerify?: (scheme: PasswordScheme) => Promise<unknown>;
  /**
   * A hash that unknown names are verified against when there is no dummyVerify. Default: the first
   * password_hash a login returns (so the deployer's own cost parameters), and until then a built-in
   * hash in the standard format of the scheme (bcrypt, PHC scrypt, Django pbkdf2_sha256).
   */
  dummyHash?: string;
  /** Observes every template run (metrics): its key, wall time in ms, and whether it succeeded.
   *  Called synchronously after the run; it must not throw. */
  onTemplateCall?(key: TemplateKey, ms: number, ok: boolean): void;
}

/** Hashes of random strings nobody knows, at common costs; only ever verified against to spend time. */
const DUMMY_HASHES: Partial<Record<PasswordScheme, string>> = {
  bcrypt: '$2b$10$1e7Hm3UTrd1hr1wHeU2aGuRpcNJxVrNPLEInjZeNfFMzQqyJ26YCa',
  scrypt: '$scrypt$ln=15,r=8,p=1$Wbe1bKGs2U9eTCU6hPrHmQ$WeCqOytgEsFY9Xo/81hwxZrHGYjwZ/ZA6Qba+L0+9EU',
  pbkdf2: 'pbkdf2_sha256$600000$AzbK15xpAij3$4oahFTUqftx3AmagAYDCx5kDiK/9uQ4TstOlDEprLVg=',
  plain: 'tim-ts dummy password',
};

export class SqlStore implements Store {
  private readonly dialect: Dialect;
  private readonly verifier?: PasswordVerifier;
  private readonly scheme: PasswordScheme;
  private readonly logger?: StoreLogger;
  private readonly dummyVerify?: (scheme: PasswordScheme) => Promise<unknown>;
  private dummyHash?: string;
  /** whether dummyHash may still be replaced by the first real hash */
  private dummyIsDefault: boolean;
  private warnedNoHash = false;
  private readonly onTemplateCall?: SqlStoreOptions['onTemplateCall'];
  /** concurrent message.save runs share one multi-row INSERT (insert-batcher.ts); undefined: one by one */
  private readonly saves: InsertBatcher | undefined;
  readonly durableDelivery: boolean;

  /** What the message.save batcher has run (statements, transactions, rows); undefined when the
   *  template is not batched. For tests and diagnostics. */
  get saveBatching(): Readonly<InsertBatcher['counts']> | undefined {
    return this.saves?.counts;
  }

  constructor(
    private readonly knex: Knex,
    private readonly templates: TemplateSet,
    options: SqlStoreOptions,
  ) {
    this.dialect = dialectFor(templates.client);
    this.verifier = options.verify ?? options.passwords;
    this.scheme = options.scheme;
    this.logger = options.logger;
    this.onTemplateCall = options.onTemplateCall;
    this.saves = InsertBatcher.forTemplate(
      knex,
      this.dialect,
      templates.get('message.save'),
      (ms, ok) => this.onTemplateCall?.('message.save', ms, ok),
      templates.get('offlinemsg.save'),
    );
    this.durableDelivery = templates.has('offlinemsg.ack') && templates.has('offlinemsg.save');
    this.dummyVerify = options.dummyVerify;
    this.dummyHash = options.dummyHash ?? DUMMY_HASHES[options.scheme];
    this.dummyIsDefault = options.dummyHash === undefined;
    if (!this.verifier && this.scheme !== 'sql') {
      throw new TypeError(`SqlStore: passwords '${this.scheme}' needs a verify function`);
    }
  }

  /** Whether `key` is configured. */
  has(key: TemplateKey): boolean {
    return this.templates.has(key);
  }

  /** Runs `key` with named values (used by `tim check` and tests); rejects with StoreError. */
  async runTemplate(key: TemplateKey, values: ParamValues, db: Knex | Knex.Transaction = this.knex): Promise<TemplateResult> {
    const observe = this.onTemplateCall;
    if (observe === undefined) return this.run(key, values, db);
    const start = performance.now();
    let ok = false;
    try {
      const res = await this.run(key, values, db);
      ok = true;
      return res;
    } finally {
      observe(key, performance.now() - start, ok);
    }
  }

  /** A database error names the template's parameters (never their values) for the log. */
  private async run(key: TemplateKey, values: ParamValues, db: Knex | Knex.Transaction): Promise<TemplateResult> {
    const template = this.template(key);
    try {
      return await runTemplate(db, this.dialect, template, values);
    } catch (e) {
      throw withParameterNames(e, template);
    }
  }

  login(name: string, pwd: string, domain: string | null): Promise<LoginResult> {
    return this.credentials('login', name, pwd, domain);
  }

  tokenCredentials(name: string, pwd: string, domain: string | null): Promise<LoginResult> {
    return this.credentials(this.templates.has('token') ? 'token' : 'login', name, pwd, domain);
  }

  async userExists(node: string): Promise<boolean> {
    if (!this.templates.has('user.exist')) return true;
    return (await this.runTemplate('user.exist', { node })).rows.length > 0;
  }

  async roomExists(room: string): Promise<boolean> {
    if (!this.templates.has('room.exist')) return true;
    return (await this.runTemplate('room.exist', { room })).rows.length > 0;
  }

  async userAuth(from: string, to: string): Promise<boolean> {
    return allows(await this.runTemplate('user.auth', { from, to }));
  }

  async roomAuth(room: string, user: string): Promise<boolean> {
    return allows(await this.runTemplate('room.auth', { room, user }));
  }

  async saveMessage(m: MessageRecord, pending: readonly OfflineRecord[] = []): Promise<void> {
    const values = messageValues(m);
    const extra = pending.map(offlineValues);
    if (this.saves) {
      await this.saves.save(values, extra).catch((e: unknown) => {
        throw this.saveFailure(e);
      });
    } else if (extra.length === 0) {
      await this.runTemplate('message.save', values);
    } else {
      await this.inTransaction('message.save', async (trx) => {
        await this.runTemplate('message.save', values, trx);
        for (const row of extra) await this.runTemplate('offlinemsg.save', row, trx);
      });
    }
  }

  saveMessageThen(m: MessageRecord, pending: readonly OfflineRecord[], done: SaveDone): void {
    if (this.saves === undefined) {
      this.saveMessage(m, pending).then(
        () => done.resolve(),
        (e: unknown) => done.reject(e),
      );
      return;
    }
    // Batched: straight into the batcher's queue, its failures mapped as saveMessage maps them.
    this.saves.enqueue(messageValues(m), pending.map(offlineValues), done, this.saveFailure);
  }

  /** A batched save's failure as saveMessage reports it. */
  private readonly saveFailure = (e: unknown): unknown => withParameterNames(connectionFailure(e, 'message.save'), this.template('message.save'));

  async getMessages(chat: string, maxMid: number, limit: number): Promise<StoredStanza[]> {
    const res = await this.runTemplate('message.get', { chat, maxMid, limit });
    requireAliases('message.get', res);
    return res.rows.map((row) => ({ mid: toMid(row.mid, 'message.get'), stanza: toText(row.stanza, 'message.get', 'stanza') }));
  }

  async messageAuthor(chat: string, mid: number): Promise<string | null> {
    const res = await this.runTemplate('message.fid', { chat, mid });
    requireAliases('message.fid', res);
    const author = res.rows[0]?.author;
    return author === undefined || author === null ? null : toText(author, 'message.fid', 'author');
  }

  async deleteMessage(chat: string, mid: number): Promise<void> {
    if (!this.templates.has('offlinemsg.purge')) {
      await this.runTemplate('message.del', { chat, mid });
      return;
    }
    await this.inTransaction('message.del', async (trx) => {
      await this.runTemplate('message.del', { chat, mid }, trx);
      await this.runTemplate('offlinemsg.purge', { mid }, trx);
    });
  }

  async saveOffline(r: OfflineRecord): Promise<void> {
    await this.runTemplate('offlinemsg.save', offlineValues(r));
  }

  async ackDelivered(byNode: ReadonlyMap<string, readonly number[]>): Promise<void> {
    if (!this.durableDelivery || byNode.size === 0) return;
    if (await this.ackDirect(byNode)) return;
    if (byNode.size === 1) {
      const [[node, mids]] = byNode;
      await this.runTemplate('offlinemsg.ack', { node, mids: [...mids] });
      return;
    }
    await this.inTransaction('offlinemsg.ack', async (trx) => {
      for (const [node, mids] of byNode) await this.runTemplate('offlinemsg.ack', { node, mids: [...mids] }, trx);
    });
  }

  /**
   * SQLite with plain templates (the batcher runs direct, insert-batcher.ts): the acks' deletes in
   * one transaction on the raw connection, as the inserts are, skipping knex's builder and runner
   * (profiles of persisted 1:1 showed knex at about a tenth of the server's CPU for these deletes
   * alone). False when that path does not apply. Failures reject as StoreError naming the key.
   */
  private async ackDirect(byNode: ReadonlyMap<string, readonly number[]>): Promise<boolean> {
    const template = this.template('offlinemsg.ack');
    if (this.saves?.runsDirect !== true || !template.slots.every((slot) => 'param' in slot)) return false;
    const start = performance.now();
    let ok = false;
    try {
      const statements: BoundSql[] = [];
      for (const [node, mids] of byNode) {
        const values = { node, mids };
        if (hasEmptyList(template, values)) continue;
        for (const chunk of chunkLists(template, values, this.dialect.maxListItems)) {
          statements.push(bindSql(template, chunk, noLiteral, (v) => this.dialect.bindValue(v)));
        }
      }
      await this.saves.runDirect(statements);
      ok = true;
      return true;
    } catch (e) {
      if (e instanceof StoreError) throw withParameterNames(e, template);
      throw withParameterNames(new StoreError('query', `sql.offlinemsg.ack: ${driverReason(e)}`, { key: 'offlinemsg.ack', cause: e }), template);
    } finally {
      this.onTemplateCall?.('offlinemsg.ack', performance.now() - start, ok);
    }
  }

  /** Runs `work` (runTemplate calls on `trx`) in one transaction; a database error rejects as the
   *  StoreError of its template, and a connection lost before any template ran (BEGIN) as
   *  StoreError('connect') naming `key`. */
  private async inTransaction(key: TemplateKey, work: (trx: Knex.Transaction) => Promise<void>): Promise<void> {
    try {
      await this.knex.transaction(work);
    } catch (e) {
      throw connectionFailure(e, key);
    }
  }


  async getOffline(node: string, limit: number): Promise<OfflineRow[]> {
    const res = await this.runTemplate('offlinemsg.get', { node, limit });
    requireAliases('offlinemsg.get', res);
    return res.rows.map((row) => ({ id: toId(row.id), stanza: toText(row.stanza, 'offlinemsg.get', 'stanza') }));
  }

  /** An empty list returns at once: the statement is not run. */
  async deleteOffline(node: string, ids: (number | string)[]): Promise<void> {
    if (ids.length === 0) return;
    await this.runTemplate('offlinemsg.del', { node, ids });
  }

  roster(node: string): Promise<string[]> {
    return this.column('roster', { node }, 'node');
  }

  roomRoster(room: string): Promise<string[]> {
    return this.column('room.roster', { room }, 'node');
  }

  userRooms(node: string): Promise<string[]> {
    return this.column('user.room', { node }, 'room');
  }

  /** True only when all three of roster.add, roster.rm and roster.block are configured. */
  hasRosterMutations(): boolean {
    return this.templates.has('roster.add') && this.templates.has('roster.rm') && this.templates.has('roster.block');
  }

  async rosterAdd(from: string, to: string): Promise<void> {
    await this.runTemplate('roster.add', { from, to });
  }

  async rosterRemove(from: string, to: string): Promise<void> {
    await this.runTemplate('roster.rm', { from, to });
  }

  async rosterBlock(from: string, to: string): Promise<void> {
    await this.runTemplate('roster.block', { from, to });
  }

  async ping(): Promise<void> {
    try {
      await this.knex.raw(this.dialect.pingSql);
    } catch (e) {
      throw new StoreError('connect', `database unreachable: ${driverReason(e, this.dialect.pingSql)}`, { cause: e });
    }
  }

  async close(): Promise<void> {
    await this.knex.destroy();
  }

  private template(key: TemplateKey): CompiledTemplate {
    const t = this.templates.get(key);
    if (!t) throw new StoreError('query', `sql.${key} is not configured`, { key });
    return t;
  }

  private async column(key: TemplateKey, values: ParamValues, alias: string): Promise<string[]> {
    const res = await this.runTemplate(key, values);
    requireAliases(key, res);
    const out: string[] = [];
    for (const row of res.rows) {
      const v = row[alias];
      if (v !== null && v !== undefined) out.push(toText(v, key, alias));
    }
    return out;
  }

  /**
   * login / token. Zero rows: unknown (after a dummy verification, so it takes as long as a wrong
   * password). Two or more rows, or no `node`: a shape failure, logged, never a success.
   */
  private async credentials(key: 'login' | 'token', name: string, pwd: string, domain: string | null): Promise<LoginResult> {
    const res = await this.runTemplate(key, { name, pwd, domain });
    if (res.rows.length === 0) {
      await this.spendVerifyTime(pwd);
      return { ok: false, reason: 'unknown' };
    }
    const row = res.rows[0];
    const problem =
      res.rows.length > 1
        ? `returned ${res.rows.length} rows for one login; it must return at most one`
        : row.node === undefined
          ? `lacks the alias node (columns: ${Object.keys(row).join(', ')})`
          : row.node === null || row.node === ''
            ? 'returned an empty node'
            : undefined;
    if (problem) {
      this.logger?.error({ err: new StoreError('shape', `sql.${key}: ${problem}`, { key }) }, 'login template result rejected');
      return { ok: false, reason: 'shape' };
    }
    const node = toText(row.node, key, 'node');
    if (this.scheme === 'sql') return { ok: true, node };
    if (!('password_hash' in row)) {
      if (!this.warnedNoHash && !this.template(key).params.includes('pwd')) {
        this.warnedNoHash = true;
        this.logger?.warn({ key }, `sql.${key} neither returns password_hash nor uses :pwd: any password is accepted`);
      }
      return { ok: true, node };
    }
    const hash = row.password_hash;
    if (hash === null || hash === undefined || hash === '') {
      await this.spendVerifyTime(pwd);
      return { ok: false, reason: 'password' };
    }
    const hashText = Buffer.isBuffer(hash) ? hash.toString('utf8') : String(hash);
    // A plain 'hash' is someone's password: never kept around as the dummy.
    if (this.dummyIsDefault && this.scheme !== 'plain') {
      this.dummyHash = hashText;
      this.dummyIsDefault = false;
    }
    try {
      return (await this.verifier!(this.scheme, pwd, hashText)) ? { ok: true, node } : { ok: false, reason: 'password' };
    } catch (e) {
      if (isBusy(e)) throw e;
      this.logger?.error({ err: e, key }, `sql.${key}: password_hash could not be checked as ${this.scheme}`);
      return { ok: false, reason: 'shape' };
    }
  }

  /** A verifier refusing for capacity (StoreError 'busy') rejects here too: an unknown name must be
   *  answered like a known one, and the known one gets 5104. */
  private async spendVerifyTime(pwd: string): Promise<void> {
    if (this.scheme === 'sql') return;
    const unlessBusy = (e: unknown): false => {
      if (isBusy(e)) throw e;
      return false;
    };
    if (this.dummyVerify) await this.dummyVerify(this.scheme).catch(unlessBusy);
    else if (this.dummyHash && this.verifier) await this.verifier(this.scheme, pwd, this.dummyHash).catch(unlessBusy);
  }
}

/** Password hashing refused for capacity (store/hash-gate.ts). */
function isBusy(e: unknown): boolean {
  return e instanceof StoreError && e.kind === 'busy';
}

/** bindSql's literal hook for templates known to have no literal slot. */
function noLiteral(): never {
  throw new Error('a template with a literal slot cannot run on the raw connection');
}

/** The same database error, with `[parameters: :a, :b]` (names only) appended to its message
 *  (not to an 'input' refusal, which names its parameter already). */
function withParameterNames(e: unknown, t: CompiledTemplate): unknown {
  if (!(e instanceof StoreError) || e.kind === 'shape' || e.kind === 'input' || t.params.length === 0) return e;
  const names = [...new Set(t.params)].map((p) => `:${p}`).join(', ');
  return new StoreError(e.kind, `${e.message} [parameters: ${names}]`, { key: e.key, cause: e.cause });
}

/** offlinemsg.save's parameters for one record. */
/** message.save's parameters: one literal with every field (no spread). */
function messageValues(m: MessageRecord): ParamValues {
  return {
    mid: m.mid,
    chat: m.chat,
    from: m.from,
    to: m.to,
    room: m.room,
    msType: m.msType,
    odType: m.odType,
    body: m.body,
    data: m.data,
    udtype: m.udtype,
    udshow: m.udshow,
    extend: m.extend,
    stanza: m.stanza,
    time: Math.trunc(m.time),
  };
}

function offlineValues(r: OfflineRecord): ParamValues {
  return { node: r.node, id: r.id, mid: r.mid, stanza: r.stanza, time: Math.trunc(r.time) };
}
