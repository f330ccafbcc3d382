// An in-memory Store (src/store/store.ts) for unit tests of the core: no SQL, no driver. It keeps
// what the core's delivery paths write (message rows, offline rows, durable pending rows and their
// ack deletes) so a test can read them back, answers logins and permissions from per-test settings,
// and lets a test script a method's next calls: reject (failNext), or wait on a gate the test opens
// (holdNext), so orderings that depend on a slow database can be produced on purpose.
//
// This is a test double of the Store interface, never of SQL: database behaviour itself is tested
// against real databases (test/contract, test/e2e). Methods the core's unit tests do not need throw
// "not in the memory store" rather than answering something plausible.

import type { LoginResult, MessageRecord, OfflineRecord, OfflineRow, SaveDone, Store, StoredStanza } from '../../src/store/store.js';
import { StoreError } from '../../src/store/errors.js';

/** A stored message: the record as given, and the order it was stored in (1, 2, 3, ...). */
export interface StoredMessage extends MessageRecord {
  rowId: number;
}

/** An offline row: the record as given, and its own row id (increasing: the drain's order). */
export interface StoredOffline extends OfflineRecord {
  rowId: number;
}

/** A call a test can hold: the store does its work only once `open()` is called, or rejects with
 *  the error given to `fail()`. `reached` resolves when the call has arrived at the store. */
export class Gate {
  private openFn!: () => void;
  private failFn!: (err: unknown) => void;
  private reachedFn!: () => void;
  readonly passed: Promise<void>;
  readonly reached: Promise<void>;
  arrived = false;

  constructor() {
    this.passed = new Promise<void>((resolve, reject) => {
      this.openFn = resolve;
      this.failFn = reject;
    });
    this.passed.catch(() => undefined); // the store call that waits on it reports the failure
    this.reached = new Promise<void>((resolve) => (this.reachedFn = resolve));
  }

  open(): void {
    this.openFn();
  }

  fail(err: unknown = dbError()): void {
    this.failFn(err);
  }

  /** @internal the store calls this when the held call arrives */
  arrive(): void {
    this.arrived = true;
    this.reachedFn();
  }
}

type Step = { kind: 'fail'; err: unknown } | { kind: 'hold'; gate: Gate };

/** The Store methods a test can script (every asynchronous one). */
export type StoreMethod = {
  [K in keyof Store]: Store[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof Store];

/** A StoreError like a database failure (the core answers it with 5103). */
export function dbError(message = 'injected database failure'): StoreError {
  return new StoreError('query', message, { key: 'memory' });
}

export interface MemoryStoreOptions {
  /** Store.durableDelivery: pending deliveries are stored with their message, deleted by acks */
  durableDelivery?: boolean;
}

export class MemoryStore implements Store {
  readonly durableDelivery: boolean;
  /** every call, in arrival order: method name and arguments */
  readonly calls: { method: StoreMethod; args: unknown[] }[] = [];
  readonly messages: StoredMessage[] = [];
  readonly offline: StoredOffline[] = [];

  /** login and tokenCredentials answers by `name` (`pwd` must match); other names are 'unknown'.
   *  The node defaults to the name. */
  private readonly accounts = new Map<string, { pwd: string; node: string }>();
  /** nodes for which userExists answers false (every other node exists) */
  readonly missingUsers = new Set<string>();
  /** rooms for which roomExists answers false */
  readonly missingRooms = new Set<string>();
  /** `from>to` pairs userAuth refuses (every other pair is allowed) */
  readonly deniedPairs = new Set<string>();
  /** room members, for roomAuth and roomRoster (a room not set has no members) */
  readonly rooms = new Map<string, string[]>();
  /** friends by node, for roster */
  readonly friends = new Map<string, string[]>();

  private readonly scripted = new Map<StoreMethod, Step[]>();
  private readonly always = new Map<StoreMethod, unknown>();
  private readonly gates: Gate[] = [];
  private nextMessageRow = 1;
  private nextOfflineRow = 1;

  constructor(opts: MemoryStoreOptions = {}) {
    this.durableDelivery = opts.durableDelivery ?? false;
  }

  // ---- settings ----

  /** Lets `name` log in with `pwd` as `node` (default: the name). */
  account(name: string, pwd: string, node = name): this {
    this.accounts.set(name, { pwd, node });
    return this;
  }

  /** userAuth(from, to) answers false. */
  deny(from: string, to: string): this {
    this.deniedPairs.add(`${from}>${to}`);
    return this;
  }

  // ---- failure and latency injection ----

  /** The next call of `method` rejects with `err` (a StoreError by default), doing nothing. */
  failNext(method: StoreMethod, err: unknown = dbError()): this {
    this.queue(method).push({ kind: 'fail', err });
    return this;
  }

  /** Every call of `method` rejects with `err` until restore(method). Scripted steps come first. */
  failAlways(method: StoreMethod, err: unknown = dbError()): this {
    this.always.set(method, err);
    return this;
  }

  restore(method: StoreMethod): this {
    this.always.delete(method);
    this.scripted.delete(method);
    return this;
  }

  /** The next call of `method` waits until the returned gate is opened (then does its work and
   *  resolves) or failed (then rejects, doing nothing). */
  holdNext(method: StoreMethod): Gate {
    const gate = new Gate();
    this.queue(method).push({ kind: 'hold', gate });
    this.gates.push(gate);
    return gate;
  }

  /** Opens every gate handed out (afterEach: a test that failed midway must not leave a held
   *  call that would keep TimCore.close() waiting). */
  openAll(): void {
    for (const g of this.gates) g.open();
  }

  /** The number of calls of `method` so far. */
  count(method: StoreMethod): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  /** The offline rows of `node`, oldest first. */
  offlineOf(node: string): StoredOffline[] {
    return this.offline.filter((r) => r.node === node);
  }

  private queue(method: StoreMethod): Step[] {
    let q = this.scripted.get(method);
    if (q === undefined) this.scripted.set(method, (q = []));
    return q;
  }

  /** Records the call, applies the scripted step if any, then does `work` (asynchronously, as a
   *  database would: never in the caller's turn). */
  private async run<T>(method: StoreMethod, args: unknown[], work: () => T): Promise<T> {
    this.calls.push({ method, args });
    const step = this.scripted.get(method)?.shift();
    if (step?.kind === 'fail') {
      await Promise.resolve();
      throw step.err;
    }
    if (step?.kind === 'hold') {
      step.gate.arrive();
      await step.gate.passed;
    } else {
      await Promise.resolve();
    }
    if (this.always.has(method)) throw this.always.get(method);
    return work();
  }

  // ---- Store ----

  login(name: string, pwd: string, domain: string | null): Promise<LoginResult> {
    return this.run('login', [name, pwd, domain], () => this.check(name, pwd));
  }

  tokenCredentials(name: string, pwd: string, domain: string | null): Promise<LoginResult> {
    return this.run('tokenCredentials', [name, pwd, domain], () => this.check(name, pwd));
  }

  private check(name: string, pwd: string): LoginResult {
    const a = this.accounts.get(name);
    if (a === undefined) return { ok: false, reason: 'unknown' };
    return a.pwd === pwd ? { ok: true, node: a.node } : { ok: false, reason: 'password' };
  }

  userExists(node: string): Promise<boolean> {
    return this.run('userExists', [node], () => !this.missingUsers.has(node));
  }

  roomExists(room: string): Promise<boolean> {
    return this.run('roomExists', [room], () => !this.missingRooms.has(room));
  }

  userAuth(from: string, to: string): Promise<boolean> {
    return this.run('userAuth', [from, to], () => !this.deniedPairs.has(`${from}>${to}`));
  }

  roomAuth(room: string, user: string): Promise<boolean> {
    return this.run('roomAuth', [room, user], () => this.rooms.get(room)?.includes(user) === true);
  }

  /** Stores the message and (durable delivery) its pending rows together, or nothing on failure. */
  saveMessage(msg: MessageRecord, pending: readonly OfflineRecord[] = []): Promise<void> {
    return this.run('saveMessage', [msg, pending], () => {
      this.messages.push({ ...msg, rowId: this.nextMessageRow++ });
      for (const p of pending) this.offline.push({ ...p, rowId: this.nextOfflineRow++ });
    });
  }

  /** The client path's save (Store.saveMessageThen): saveMessage, its outcome told to `done`, so
   *  the same failure and latency injection (under the name 'saveMessage') applies. */
  saveMessageThen(msg: MessageRecord, pending: readonly OfflineRecord[], done: SaveDone): void {
    this.saveMessage(msg, pending).then(
      () => done.resolve(),
      (err: unknown) => done.reject(err),
    );
  }

  getMessages(chat: string, maxMid: number, limit: number): Promise<StoredStanza[]> {
    return this.run('getMessages', [chat, maxMid, limit], () =>
      this.messages
        .filter((m) => m.chat === chat && m.mid <= maxMid)
        .sort((a, b) => b.mid - a.mid)
        .slice(0, limit)
        .map((m) => ({ mid: m.mid, stanza: m.stanza })),
    );
  }

  messageAuthor(chat: string, mid: number): Promise<string | null> {
    return this.run('messageAuthor', [chat, mid], () => this.messages.find((m) => m.chat === chat && m.mid === mid)?.from ?? null);
  }

  /** Deletes the message and every offline row of its mid (as with offlinemsg.purge configured). */
  deleteMessage(chat: string, mid: number): Promise<void> {
    return this.run('deleteMessage', [chat, mid], () => {
      removeWhere(this.messages, (m) => m.chat === chat && m.mid === mid);
      removeWhere(this.offline, (r) => r.mid === mid);
    });
  }

  saveOffline(rec: OfflineRecord): Promise<void> {
    return this.run('saveOffline', [rec], () => {
      this.offline.push({ ...rec, rowId: this.nextOfflineRow++ });
    });
  }

  getOffline(node: string, limit: number): Promise<OfflineRow[]> {
    return this.run('getOffline', [node, limit], () =>
      this.offlineOf(node)
        .slice(0, limit)
        .map((r) => ({ id: r.rowId, stanza: r.stanza })),
    );
  }

  deleteOffline(node: string, ids: (number | string)[]): Promise<void> {
    return this.run('deleteOffline', [node, ids], () => {
      const gone = new Set(ids.map(Number));
      removeWhere(this.offline, (r) => r.node === node && gone.has(r.rowId));
    });
  }

  /** Deletes the offline rows of each node whose mid is listed, all or none. */
  ackDelivered(byNode: ReadonlyMap<string, readonly number[]>): Promise<void> {
    return this.run('ackDelivered', [byNode], () => {
      for (const [node, mids] of byNode) removeWhere(this.offline, (r) => r.node === node && mids.includes(r.mid));
    });
  }

  roster(node: string): Promise<string[]> {
    return this.run('roster', [node], () => [...(this.friends.get(node) ?? [])]);
  }

  roomRoster(room: string): Promise<string[]> {
    return this.run('roomRoster', [room], () => [...(this.rooms.get(room) ?? [])]);
  }

  userRooms(node: string): Promise<string[]> {
    return this.run('userRooms', [node], () => [...this.rooms].filter(([, members]) => members.includes(node)).map(([room]) => room));
  }

  hasRosterMutations(): boolean {
    return false;
  }

  rosterAdd(): Promise<void> {
    return notHere('rosterAdd');
  }

  rosterRemove(): Promise<void> {
    return notHere('rosterRemove');
  }

  rosterBlock(): Promise<void> {
    return notHere('rosterBlock');
  }

  ping(): Promise<void> {
    return this.run('ping', [], () => undefined);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function notHere(method: string): Promise<never> {
  return Promise.reject(new Error(`Store.${method} is not in the memory store (test/helpers/memory-store.ts): add it there if a test needs it`));
}

function removeWhere<T>(list: T[], pred: (x: T) => boolean): void {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i])) list.splice(i, 1);
}
