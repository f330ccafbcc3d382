// PRESENCE (91), BROADPRESENCE (19) and the offline presence sent when a user's last socket
// closes (docs/protocol.md section 7). Presence is plain (no ack) and never stored. Friends come from
// the cached `roster` (core.rosters), forgotten when a friendship changes.
//
// Fan-out bound: a client-given target list is deduplicated (each distinct node gets ONE copy per
// frame, however often it is listed) and may name at most limits.presenceTargetsMax distinct
// nodes. tim has neither rule: it sends one copy per list entry, so one frame naming a victim a
// thousand times filled the victim's send queue and closed it. A longer list is refused whole
// with 4104 ERR_PARAMS ("parameter incorrect", what tim answers a request whose fields it does not
// accept; 4111 OVERENTRY is its login-count refusal and 5104 means server load, neither fits) and
// nothing is sent.

import { ErrorCode } from '../../protocol/error-codes.js';
import { encodeFrame, frameBody } from '../../protocol/frame-codec.js';
import { decodePresence, encodeJson } from '../../protocol/json-codec.js';
import { TimType } from '../../protocol/timtype.js';
import type { TimPresence } from '../../protocol/wire-types.js';
import type { Session } from '../session.js';
import type { CoreContext } from '../core-context.js';
import { TimError } from '../tim-error.js';

/** A delivered copy in tim's field order: no toList, `offline` forced absent unless given. */
function copy(p: TimPresence, fromTid: TimPresence['fromTid'], to: string, id: number | undefined, offline?: boolean): TimPresence {
  const out: TimPresence = {};
  if (id !== undefined) out.id = id;
  if (offline) out.offline = true;
  if (p.subStatus !== undefined) out.subStatus = p.subStatus;
  out.fromTid = fromTid;
  out.toTid = { node: to };
  if (p.show !== undefined) out.show = p.show;
  if (p.status !== undefined) out.status = p.status;
  if (p.extend !== undefined) out.extend = p.extend;
  if (p.extra !== undefined) out.extra = p.extra;
  return out;
}

function sendPresence(core: CoreContext, to: string, p: TimPresence): void {
  if (!core.mayBeOnline(to)) return;
  core.sendToNode(to, encodeFrame(TimType.PRESENCE, encodeJson(p)));
}

/** 7.1: to toList (wins) or toTid; unknown nodes 4106; no friendship check. */
export async function handlePresence(core: CoreContext, s: Session, frame: Buffer): Promise<void> {
  const p = decodePresence(frameBody(frame));
  const targets = await targetsOf(core, p, true);
  const id = p.id !== undefined && Number.isSafeInteger(p.id) && p.id > 0 ? p.id : core.ids.next();
  for (const to of targets) sendPresence(core, to, copy(p, s.tid, to, id));
}

/**
 * 7.2: with no target, to every online friend (roster), without an id. With a target (toTid or
 * toList) as 7.1 but, as tim, without the existence check: PRESENCE already reaches any existing
 * user without a friendship check, so the check would protect nobody and cost up to
 * presenceTargetsMax lookups; an unknown node is never online and gets nothing. The target list is
 * bounded exactly as PRESENCE's.
 */
export async function handleBroadPresence(core: CoreContext, s: Session, frame: Buffer): Promise<void> {
  const p = decodePresence(frameBody(frame));
  if (p.toTid === undefined && (p.toList === undefined || p.toList.length === 0)) {
    const friends = await core.rosters.friends(s.node);
    for (const to of friends) if (to !== s.node) sendPresence(core, to, copy(p, s.tid, to, undefined));
    return;
  }
  const targets = await targetsOf(core, p, false);
  const id = p.id !== undefined && Number.isSafeInteger(p.id) && p.id > 0 ? p.id : core.ids.next();
  for (const to of targets) sendPresence(core, to, copy(p, s.tid, to, id));
}

/** The distinct, syntactically valid targets (4104 past the cap, 4106 for a malformed node);
 *  with `check`, those that exist (4106 when none does). */
async function targetsOf(core: CoreContext, p: TimPresence, check: boolean): Promise<string[]> {
  const { perms } = core;
  let nodes: string[];
  if (p.toList !== undefined && p.toList.length > 0) nodes = distinctTargets(p.toList, core.limits.presenceTargetsMax);
  else if (p.toTid !== undefined) nodes = [p.toTid.node];
  else throw new TimError(ErrorCode.PARAMS);
  for (const n of nodes) perms.node(n);
  if (!check) return nodes;
  const exists = await Promise.all(nodes.map((n) => perms.userExists(n)));
  const out = nodes.filter((_, i) => exists[i]);
  if (out.length === 0) throw new TimError(ErrorCode.ACCOUNT);
  return out;
}

/** `list` without repeats, in first-seen order; 4104 as soon as it names more than `max` nodes. */
export function distinctTargets(list: readonly string[], max: number): string[] {
  const seen = new Set<string>();
  for (const n of list) {
    seen.add(n);
    if (seen.size > max) throw new TimError(ErrorCode.PARAMS, `more than ${max} presence targets`);
  }
  return [...seen];
}

/** 7.4: the user's last socket closed: every online friend is told, with the closed session's Tid. */
export async function broadcastOfflinePresence(core: CoreContext, s: Session): Promise<void> {
  if (!s.authed || s.tid === undefined) return;
  try {
    const friends = await core.rosters.friends(s.node);
    const base: TimPresence = {};
    for (const to of friends) {
      if (to === s.node) continue;
      sendPresence(core, to, copy(base, s.tid, to, core.ids.next(), true));
    }
  } catch (err) {
    core.log.warn({ err, node: s.node }, 'could not send offline presence');
  }
}
