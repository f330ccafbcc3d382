// The Store: everything the core asks of the database, one method per template key of
// docs/templates.md section 2.1. The core never sees SQL, knex or a driver.
//
// Errors: every method rejects with a StoreError (store/errors.ts) when the database fails; the
// core maps it to 5103 on the wire. A method that resolves has done all of its work (no partial
// writes are reported as success).

/** A message row handed to `message.save`. All node strings are at most 64 characters. */
export interface MessageRecord {
  mid: number;
  chat: string;
  from: string;
  to: string | null;
  room: string | null;
  msType: number;
  odType: number;
  body: string | null;
  data: Buffer | null;
  udtype: number | null;
  udshow: number | null;
  /** the extend map as JSON text, or null */
  extend: string | null;
  /** the whole message as JSON text, as it is sent on the wire (without ToList) */
  stanza: string;
  /** milliseconds since the epoch */
  time: number;
}

export interface OfflineRecord {
  node: string;
  /** the message id (`id` field) */
  id: number;
  mid: number;
  stanza: string;
  time: number;
}

/** How a save's outcome is told (Store.saveMessageThen): one call, either way. Neither may throw. */
export interface SaveDone {
  resolve(): void;
  reject(err: unknown): void;
}

export interface StoredStanza {
  mid: number;
  stanza: string;
}

export interface OfflineRow {
  /** the offline row's own id, passed back to deleteOffline */
  id: number | string;
  stanza: string;
}

/** Result of a login or token-credential check. */
export type LoginResult = { ok: true; node: string } | { ok: false; reason: 'unknown' | 'password' | 'shape' };

export interface Store {
  /** `login`: checks name + password (in SQL or with the configured password scheme). Rejects with
   *  StoreError 'busy', having hashed nothing, when password hashing is at capacity (hash-gate.ts). */
  login(name: string, pwd: string, domain: string | null): Promise<LoginResult>;
  /** `token`: the same check for token issuance; defaults to `login`. */
  tokenCredentials(name: string, pwd: string, domain: string | null): Promise<LoginResult>;
  /** `user.exist`; true when the key is absent. */
  userExists(node: string): Promise<boolean>;
  /** `room.exist`; true when the key is absent. */
  roomExists(room: string): Promise<boolean>;
  /** `user.auth`: may `from` message `to`? Directional. */
  userAuth(from: string, to: string): Promise<boolean>;
  /** `room.auth`: is `user` a member of `room` (may it post and read)? */
  roomAuth(room: string, user: string): Promise<boolean>;
  /**
   * `message.save`, and `offlinemsg.save` of each of `pending` (the deliveries the message still
   * owes, durable delivery): resolves only once all of them are stored (committed), which happens
   * in one transaction: the message row and its pending rows are stored together or not at all.
   */
  saveMessage(msg: MessageRecord, pending?: readonly OfflineRecord[]): Promise<void>;
  /** saveMessage without a promise (the client message path): `done.resolve()` once stored,
   *  `done.reject(err)` with the StoreError saveMessage would reject with; called once, later. */
  saveMessageThen(msg: MessageRecord, pending: readonly OfflineRecord[], done: SaveDone): void;
  /** `message.get`: newest first, mid <= maxMid, at most `limit` rows. */
  getMessages(chat: string, maxMid: number, limit: number): Promise<StoredStanza[]>;
  /** `message.fid`: the author's node, or null when there is no such message in that chat. */
  messageAuthor(chat: string, mid: number): Promise<string | null>;
  /** `message.del`, and `offlinemsg.purge` (when configured: every offline row of `mid`) in the
   *  same transaction: revoke and burn remove the content everywhere or nowhere. */
  deleteMessage(chat: string, mid: number): Promise<void>;
  /** `offlinemsg.save`: resolves once stored. */
  saveOffline(rec: OfflineRecord): Promise<void>;
  /** `offlinemsg.get`: oldest first, at most `limit` rows. */
  getOffline(node: string, limit: number): Promise<OfflineRow[]>;
  /** `offlinemsg.del`: deletes exactly these rows of this node. */
  deleteOffline(node: string, ids: (number | string)[]): Promise<void>;
  /** Whether `offlinemsg.ack` is configured: persisted messages are then saved with their pending
   *  deliveries (durable delivery); without it they are stored offline only after a failed delivery. */
  readonly durableDelivery: boolean;
  /** `offlinemsg.ack`: a device of each node acknowledged the live copies of these mids; their
   *  rows of that node go. Runs every node's delete in one transaction. */
  ackDelivered(byNode: ReadonlyMap<string, readonly number[]>): Promise<void>;

  /** `roster`: the nodes of `node`'s friends. */
  roster(node: string): Promise<string[]>;
  /** `room.roster`: the member nodes of `room`. */
  roomRoster(room: string): Promise<string[]>;
  /** `user.room`: the rooms `node` belongs to. */
  userRooms(node: string): Promise<string[]>;
  /** Whether the optional roster mutation templates are configured (external mode). */
  hasRosterMutations(): boolean;
  rosterAdd(from: string, to: string): Promise<void>;
  rosterRemove(from: string, to: string): Promise<void>;
  rosterBlock(from: string, to: string): Promise<void>;
  /** answers when the database is reachable (readiness) */
  ping(): Promise<void>;
  close(): Promise<void>;
}
