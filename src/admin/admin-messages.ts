// Messages and presences the application backend sends through the admin API. Transport-agnostic:
// TimCore in, results or TimErrors out (http-errors maps them).
//
// System messages (docs/admin-api.md section 4, docs/protocol.md 6.1):
//  - each recipient gets its own TimMessage {msType 1, odType 1, id, toTid {node}, timestamp, ...}:
//    one id and one nanosecond timestamp for the whole call; the id is the caller's (a positive
//    integer <= 2^53-1) or minted;
//  - `fromTid` is absent unless the caller supplies one (tim passes it through as a label); clients
//    must trust msType 1, which no client can send, not fromTid. `roomTid` is the caller's, or the
//    expanded room's. `mid` is never set: system messages are not kept in chat history;
//  - delivery is the core's reliable delivery to every device, stored offline when no device
//    acknowledges (after 3 sends of limits.ackTimeoutSeconds) or none is connected;
//  - recipients: `to` (deduplicated) then the members of `room` (room.roster, cached as for room
//    messages); a malformed node refuses the whole call (4106, nothing sent); a well-formed unknown
//    one is reported `unknown_node` and skipped, and when none exists the call is refused (4106);
//    more than admin.maxRecipients refuses (4104).

import { ErrorCode } from '../protocol/error-codes.js';
import { encodeFrame } from '../protocol/frame-codec.js';
import { encodeMessage, encodePresence } from '../protocol/json-codec.js';
import { MsType, OdType, TimType } from '../protocol/timtype.js';
import type { Tid, TimMessage, TimPresence } from '../protocol/wire-types.js';
import { sendMessageAs, type SentMessage } from '../core/handlers/message.js';
import { isSafeId } from '../core/ids.js';
import type { TimCore } from '../core/tim-core.js';
import { TimError } from '../core/tim-error.js';

export type RecipientStatus = 'delivered' | 'stored_offline' | 'unknown_node' | 'failed';

export interface SystemSend {
  id: number;
  /** nanoseconds since the epoch, as decimal text (beyond 2^53) */
  timestamp: string;
  /** resolves when every delivery has ended, with each recipient's outcome in request order */
  done: Promise<{ node: string; status: RecipientStatus }[]>;
}

/** Syntax check of each node; 4106 naming the first bad one. */
export function checkNodes(core: TimCore, nodes: readonly unknown[], field: string): string[] {
  return nodes.map((n, i) => {
    if (!core.perms.isValidNode(n)) throw new TimError(ErrorCode.ACCOUNT, `${field}[${i}] ${JSON.stringify(n)} is not a valid node`);
    return n;
  });
}

export function checkCount(n: number, max: number): void {
  if (n > max) throw new TimError(ErrorCode.PARAMS, `${n} recipients; at most ${max} per call (admin.maxRecipients)`);
  if (n === 0) throw new TimError(ErrorCode.PARAMS, 'no recipients');
}

/** Which of `nodes` exist (user.exist, cached), at most `parallel` lookups at a time. */
export async function existing(core: TimCore, nodes: readonly string[], parallel = 16): Promise<boolean[]> {
  const out: boolean[] = new Array(nodes.length);
  let next = 0;
  const worker = async () => {
    while (next < nodes.length) {
      const i = next++;
      out[i] = await core.perms.userExists(nodes[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, nodes.length) }, worker));
  return out;
}

/**
 * Validates and starts a system message. Throws (nothing sent) on a bad request; otherwise every
 * delivery is under way when it returns and `done` reports their outcomes.
 */
export async function startSystemMessage(
  core: TimCore,
  maxRecipients: number,
  req: { to: readonly unknown[]; room?: unknown; message: TimMessage },
): Promise<SystemSend> {
  const to = [...new Set(checkNodes(core, req.to, 'to'))];
  let members: string[] = [];
  let room: string | undefined;
  if (req.room !== undefined) {
    room = checkNodes(core, [req.room], 'room')[0];
    if (!(await core.perms.roomExists(room))) throw new TimError(ErrorCode.NOEXIST, `room ${room} does not exist`);
    const known = new Set(to);
    members = (await core.rosters.room(room)).filter((m) => !known.has(m));
  }
  checkCount(to.length + members.length, maxRecipients);
  const m = req.message;
  if (m.id !== undefined && !isSafeId(m.id)) throw new TimError(ErrorCode.PARAMS, 'message.id must be a positive integer at most 2^53-1');
  // Room members come from room.roster and need no existence check.
  const exists = [...(await existing(core, to)), ...members.map(() => true)];
  const all = [...to, ...members];
  if (!exists.some(Boolean)) throw new TimError(ErrorCode.ACCOUNT, 'none of the recipients exists');

  const id = m.id ?? core.ids.next();
  const timestamp = core.clock.nowNs();
  const roomTid: Tid | undefined = m.roomTid ?? (room !== undefined ? { node: room } : undefined);
  const stanzas = all.map((node, i) => (exists[i] ? systemStanza(m, id, timestamp, node, roomTid) : undefined));
  const big = stanzas.find((s) => s !== undefined && Buffer.byteLength(s) > core.limits.maxFrameBytes);
  if (big !== undefined) throw new TimError(ErrorCode.BIGDATA, `the message is larger than limits.maxFrameBytes (${core.limits.maxFrameBytes} bytes)`);

  const done = Promise.all(
    all.map(async (node, i): Promise<{ node: string; status: RecipientStatus }> => {
      const json = stanzas[i];
      if (json === undefined) return { node, status: 'unknown_node' };
      const outcome = await core.deliverMessage(node, json, id, 0);
      // A system message has no mid, so it is never cancelled (only revoke and burn cancel).
      return { node, status: outcome === 'dropped' || outcome === 'cancelled' ? 'failed' : outcome };
    }),
  );
  return { id, timestamp: timestamp.toString(), done };
}

function systemStanza(m: TimMessage, id: number, timestamp: bigint, node: string, roomTid: Tid | undefined): string {
  const out: TimMessage = {
    msType: MsType.SYSTEM,
    odType: OdType.NORMAL,
    id,
    bnType: m.bnType,
    fromTid: m.fromTid,
    toTid: { node },
    roomTid,
    dataBinary: m.dataBinary,
    dataString: m.dataString,
    timestamp,
    udtype: m.udtype,
    udshow: m.udshow,
    extend: m.extend,
    extra: m.extra,
  };
  return encodeMessage(out);
}

/**
 * messages/proxy: `msg` sent as user `from`, through the client path (permission checks, history,
 * echo to `from`'s devices, reliable delivery); the sender Tid is {node, domain?}.
 */
export async function proxyMessage(core: TimCore, from: unknown, msg: TimMessage, domain?: string): Promise<SentMessage> {
  const node = checkNodes(core, [from], 'from')[0];
  if (!(await core.perms.userExists(node))) throw new TimError(ErrorCode.ACCOUNT, `user ${node} does not exist`);
  const tid: Tid = domain ? { node, domain } : { node };
  return sendMessageAs(core, { node, tid }, msg);
}

/**
 * A presence to each of `to` (docs/protocol.md 7.1 semantics without a session): a plain frame to every
 * online device, never stored; `fromTid` is `{node: from}` when given. Returns who was online.
 */
export async function sendPresence(
  core: TimCore,
  maxRecipients: number,
  to: readonly unknown[],
  p: TimPresence,
  from?: unknown,
): Promise<{ node: string; online: boolean }[]> {
  const nodes = [...new Set(checkNodes(core, to, 'to'))];
  checkCount(nodes.length, maxRecipients);
  const fromTid = from === undefined ? p.fromTid : { node: checkNodes(core, [from], 'from')[0] };
  const id = p.id !== undefined && isSafeId(p.id) ? p.id : core.ids.next();
  return nodes.map((node) => {
    const copy: TimPresence = { id, subStatus: p.subStatus, fromTid, toTid: { node }, show: p.show, status: p.status, extend: p.extend, extra: p.extra };
    const online = core.sendToNode(node, encodeFrame(TimType.PRESENCE, encodePresence(copy))) > 0;
    return { node, online };
  });
}
