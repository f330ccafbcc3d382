// Business notifications (docs/protocol.md 8.1): TimMessage{msType:2, odType:4, bnType, id, fromTid?,
// toTid?, roomTid?, dataString?, timestamp}, delivered reliably with offline fallback to every
// device of each recipient (core.deliverMessage). Not awaited: the request's answer does not wait
// for the recipients' acks.

import type { TimCore } from '../core/tim-core.js';
import { encodeMessage } from '../protocol/json-codec.js';
import { MsType, OdType } from '../protocol/timtype.js';
import type { Tid, TimMessage } from '../protocol/wire-types.js';

export interface Notice {
  bnType: number;
  fromTid?: Tid;
  toTid?: Tid;
  roomTid?: Tid;
  dataString?: string;
}

/** Sends one notification (one id) to each of `recipients`. */
export function notify(core: TimCore, recipients: string[], n: Notice): void {
  const id = core.ids.next();
  const msg: TimMessage = { msType: MsType.USER, odType: OdType.BUSINESS, id, bnType: n.bnType };
  if (n.fromTid !== undefined) msg.fromTid = n.fromTid;
  if (n.toTid !== undefined) msg.toTid = n.toTid;
  if (n.roomTid !== undefined) msg.roomTid = n.roomTid;
  if (n.dataString !== undefined) msg.dataString = n.dataString;
  msg.timestamp = core.clock.nowNs();
  const json = encodeMessage(msg);
  for (const r of recipients) void core.deliverMessage(r, json, id, 0);
}

/** Tid of a node as notifications address it: the node alone. */
export const tidOf = (node: string): Tid => ({ node });
