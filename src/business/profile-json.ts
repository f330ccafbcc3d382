// Stored profiles: tim_user.profile holds the user's TimUserBean fields and tim_room.profile the
// room's (minus founder, managers, gtype and createtime, which have columns or rows of their own),
// as JSON text with `extra` values in base64. Reading is defensive: a field of the wrong type (a
// hand-edited row) is dropped rather than sent to clients.

import type { TimRoomBean, TimUserBean } from '../protocol/wire-types.js';

type Plain = Record<string, unknown>;

/** Fields MODIFYUSER may set (docs/protocol.md 8.3). */
const USER_FIELDS = ['name', 'nickName', 'brithday', 'gender', 'cover', 'area', 'photoTidAlbum', 'extend', 'extra'] as const;
/** Fields MODIFYROOM may set besides managers (docs/protocol.md 8.3); NEWROOM sets topic. */
const ROOM_FIELDS = ['cover', 'topic', 'label', 'kind', 'extend', 'extra'] as const;

const STRING_FIELDS = new Set(['name', 'nickName', 'brithday', 'cover', 'area', 'topic', 'label']);

/** The stored JSON object, or {} for NULL or unreadable text. */
export function parseProfile(text: string | null): Plain {
  if (text === null || text === '') return {};
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Plain) : {};
  } catch {
    return {};
  }
}

/** `stored` with every field of `bean` that is set (and allowed) replaced; maps are replaced whole. */
function merge(stored: Plain, bean: object, fields: readonly string[]): string {
  const out: Plain = { ...stored };
  const b = bean as Plain;
  for (const f of fields) {
    const v = b[f];
    if (v === undefined) continue;
    out[f] = f === 'extra' ? toBase64Map(v as Record<string, Uint8Array>) : v;
  }
  return JSON.stringify(out);
}

export function mergeUserProfile(stored: string | null, bean: TimUserBean): string {
  return merge(parseProfile(stored), bean, USER_FIELDS);
}

export function mergeRoomProfile(stored: string | null, bean: TimRoomBean): string {
  return merge(parseProfile(stored), bean, ROOM_FIELDS);
}

/** The JSON text stored for a new room. */
export function encodeRoomProfile(p: { topic?: string }): string {
  return JSON.stringify(p);
}

/** A user's bean: the stored fields, the account name when no display name was set, and the
 *  registration time in nanoseconds. */
export function userBean(account: { name: string; profile: string | null; createdAt: number }): TimUserBean {
  const bean = pick(parseProfile(account.profile), USER_FIELDS) as TimUserBean;
  bean.name ??= account.name;
  bean.createtime = BigInt(Math.trunc(account.createdAt)) * 1_000_000n;
  return bean;
}

export function roomBean(room: { founder: string; gtype: number; profile: string | null; createdAt: number }, managers: string[]): TimRoomBean {
  const bean = pick(parseProfile(room.profile), ROOM_FIELDS) as TimRoomBean;
  bean.founder = room.founder;
  bean.managers = managers;
  bean.gtype = room.gtype;
  bean.createtime = BigInt(Math.trunc(room.createdAt)) * 1_000_000n;
  return bean;
}

/** The allowed fields of a stored object that have the right type. */
function pick(stored: Plain, fields: readonly string[]): Plain {
  const out: Plain = {};
  for (const f of fields) {
    const v = readField(f, stored[f]);
    if (v !== undefined) out[f] = v;
  }
  return out;
}

function readField(f: string, v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  if (STRING_FIELDS.has(f)) return typeof v === 'string' ? v : undefined;
  switch (f) {
    case 'gender':
      return Number.isInteger(v) && (v as number) >= -128 && (v as number) < 128 ? v : undefined;
    case 'kind':
      return Number.isSafeInteger(v) ? v : undefined;
    case 'photoTidAlbum':
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
    case 'extend':
      return isStringMap(v) ? v : undefined;
    case 'extra':
      return isStringMap(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, Buffer.from(x, 'base64')])) : undefined;
    default:
      return undefined;
  }
}

function isStringMap(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

function toBase64Map(m: Record<string, Uint8Array>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) out[k] = Buffer.from(v).toString('base64');
  return out;
}
