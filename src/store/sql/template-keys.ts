// The template keys of docs/templates.md section 2.1: the parameters each key offers, which of them are
// lists, and the result aliases the server reads back (lower-cased). This table is the contract
// deployers write against: extend it, never rename a key, a parameter or an alias.

export type ResultShape =
  /** nothing is read back */
  | { kind: 'none' }
  /** any row answers yes */
  | { kind: 'any-row' }
  /** allows when a row's first column is not NULL, 0, false or '0' */
  | { kind: 'check' }
  /** rows read by alias */
  | { kind: 'rows'; required: readonly string[]; optional?: readonly string[] };

export interface TemplateKeySpec {
  params: readonly string[];
  lists?: readonly string[];
  result: ResultShape;
  /** when the server runs it (one line, for `tim check` and error messages) */
  when: string;
}

const none = { kind: 'none' } as const;
const check = { kind: 'check' } as const;
const rows = (required: string[], optional?: string[]): ResultShape => ({ kind: 'rows', required, optional });
const FROM_TO = ['from', 'to'] as const;
const LOGIN = ['name', 'pwd', 'domain'] as const;

export const TEMPLATE_KEYS = {
  login: { params: LOGIN, result: rows(['node'], ['password_hash']), when: 'AUTH with name and password' },
  token: { params: LOGIN, result: rows(['node'], ['password_hash']), when: 'token issuance by credentials (defaults to login)' },
  'user.exist': { params: ['node'], result: { kind: 'any-row' }, when: 'before a user is addressed (absent: every node exists)' },
  'room.exist': { params: ['room'], result: { kind: 'any-row' }, when: 'before a room is addressed (absent: every room exists)' },
  'user.auth': { params: FROM_TO, result: check, when: 'user to user message, stream, revoke, burn' },
  'room.auth': { params: ['room', 'user'], result: check, when: 'room message, stream, history, member list' },
  'message.save': {
    params: ['mid', 'chat', 'from', 'to', 'room', 'msType', 'odType', 'body', 'data', 'udtype', 'udshow', 'extend', 'stanza', 'time'],
    result: none,
    when: 'a persisted message',
  },
  'message.get': { params: ['chat', 'maxMid', 'limit'], result: rows(['mid', 'stanza']), when: 'history pull' },
  'message.fid': { params: ['chat', 'mid'], result: rows(['author']), when: 'revoke and burn: who wrote it' },
  'message.del': { params: ['chat', 'mid'], result: none, when: 'revoke and burn' },
  'offlinemsg.save': { params: ['node', 'id', 'mid', 'stanza', 'time'], result: none, when: 'an unacknowledged reliable frame' },
  'offlinemsg.get': { params: ['node', 'limit'], result: rows(['id', 'stanza']), when: 'the offline drain' },
  'offlinemsg.del': { params: ['node', 'ids'], lists: ['ids'], result: none, when: 'after the client acknowledges a batch' },
  // Durable delivery (docs/reliability.md): a persisted message's offline rows are written with it
  // and deleted here once a device of :node acknowledged the live copy. Absent: rows are written
  // only after a delivery failed, and a crash in between loses the message.
  'offlinemsg.ack': {
    params: ['node', 'mids'],
    lists: ['mids'],
    result: none,
    when: 'a device acknowledged live messages: delete their offline rows (durable delivery; absent: off)',
  },
  'offlinemsg.purge': { params: ['mid'], result: none, when: 'revoke and burn: delete every offline row of the message (absent: rows stay)' },
  roster: { params: ['node'], result: rows(['node']), when: 'roster list and presence' },
  'room.roster': { params: ['room'], result: rows(['node']), when: 'room fan-out and member list' },
  'user.room': { params: ['node'], result: rows(['room']), when: 'the rooms of a user' },
  'roster.add': { params: FROM_TO, result: none, when: 'roster add (external mode; absent: 4107)' },
  'roster.rm': { params: FROM_TO, result: none, when: 'roster remove (external mode; absent: 4107)' },
  'roster.block': { params: FROM_TO, result: none, when: 'roster block (external mode; absent: 4107)' },
} as const satisfies Record<string, TemplateKeySpec>;

export type TemplateKey = keyof typeof TEMPLATE_KEYS;

export const ALL_TEMPLATE_KEYS = Object.keys(TEMPLATE_KEYS) as TemplateKey[];

/** docs/templates.md 2.2: what external mode cannot run without. */
export const REQUIRED_KEYS: readonly TemplateKey[] = [
  'login',
  'user.auth',
  'room.auth',
  'message.save',
  'message.get',
  'message.fid',
  'message.del',
  'offlinemsg.save',
  'offlinemsg.get',
  'offlinemsg.del',
  'roster',
  'room.roster',
  'user.room',
];

export function isTemplateKey(key: string): key is TemplateKey {
  return Object.prototype.hasOwnProperty.call(TEMPLATE_KEYS, key);
}
