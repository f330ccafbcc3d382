// VROOM (22) requests and STREAM (94) pushes, docs/protocol.md 9 with decision 10 (ADDAUTH/RMAUTH are
// implemented: the founder grants or removes push rights, answered ok:true). Virtual rooms work
// in every mode: they touch no database. Pushes are never stored and never acknowledged.

import { ErrorCode } from '../../protocol/error-codes.js';
import { VroomRtype } from '../../protocol/rtypes.js';
import { encodeFrame, frameBody } from '../../protocol/frame-codec.js';
import { encodeBigBinaryStream } from '../../protocol/big-data.js';
import { decodeReq, decodeStream, encodeStream } from '../../protocol/json-codec.js';
import type { NodeIds } from '../../protocol/node-id.js';
import { TimType } from '../../protocol/timtype.js';
import type { TimAck } from '../../protocol/wire-types.js';
import type { Session } from '../session.js';
import type { CoreContext } from '../core-context.js';
import { TimError } from '../tim-error.js';
import type { Vroom, VroomRegistry } from './vroom-registry.js';

/** TimReq.rtype of a VROOM request. */

/** SUB's reqInt asking for binary (frame 97) delivery; absent means JSON (frame 94). */
const SUB_BINARY = 1;

/** A vnode as the client sent it: a node of the configured derivation (they are all minted by
 *  core.nodeIds.random, so the admin API's node checks accept them too), else 4104. */
export function vnodeOf(n: unknown, nodeIds: NodeIds): string {
  if (typeof n !== 'string' || !nodeIds.check(n)) throw new TimError(ErrorCode.PARAMS, 'not a virtual room node');
  return n;
}

export async function handleVroom(core: CoreContext, vrooms: VroomRegistry, s: Session, frame: Buffer): Promise<void> {
  const req = decodeReq(frameBody(frame));
  const rtype = req.rtype;
  switch (rtype) {
    case VroomRtype.REGISTER: {
      let node = core.nodeIds.random();
      while (vrooms.get(node) !== undefined) node = core.nodeIds.random();
      vrooms.create(node, s.node);
      await core.peers.vrooms.created(node); // known cluster-wide before the ack
      return ack(core, s, { t: rtype, n: node });
    }
    case VroomRtype.REMOVE: {
      const node = vnodeOf(req.node, core.nodeIds);
      // Removing someone else's (or an unknown) vroom is ignored, and still answered ok (tim).
      if (vrooms.remove(node, s.node)) core.peers.vrooms.removed(node);
      return ack(core, s, { t: rtype, n: node });
    }
    case VroomRtype.ADDAUTH:
    case VroomRtype.RMAUTH: {
      const node = vnodeOf(req.node, core.nodeIds);
      if (!core.perms.isValidNode(req.node2)) throw new TimError(ErrorCode.PARAMS, 'node2 is not a user node');
      const user = req.node2;
      const room = vrooms.get(node);
      if (room === undefined || room.founder !== s.node) throw new TimError(ErrorCode.PERM_DENIED);
      if (rtype === VroomRtype.ADDAUTH) {
        if (!(await core.perms.userExists(user))) throw new TimError(ErrorCode.ACCOUNT);
        room.pushers.add(user);
      } else {
        room.pushers.delete(user);
      }
      // tim's shape (n = the user) plus n2 = the vroom, so concurrent grants can be told apart.
      return ack(core, s, { t: rtype, n: user, n2: node });
    }
    case VroomRtype.SUB: {
      const node = vnodeOf(req.node, core.nodeIds);
      if (req.reqInt !== undefined && req.reqInt !== SUB_BINARY) throw new TimError(ErrorCode.UNDEFINED, 'unknown subscription kind');
      const kind = req.reqInt === SUB_BINARY ? 'binary' : 'json';
      vrooms.subscribe(node, s, kind, () => s.onClose(() => vrooms.sessionClosed(s)));
      await core.peers.vrooms.subscribed(node); // pushes from other nodes reach it after the ack
      return ack(core, s, { t: rtype, n: node });
    }
    case VroomRtype.SUBCANCEL: {
      const node = vnodeOf(req.node, core.nodeIds);
      vrooms.unsubscribe(node, s);
      return ack(core, s, { t: rtype, n: node });
    }
    default:
      throw new TimError(ErrorCode.PARAMS, 'unknown vroom rtype');
  }
}

/** STREAM (94): a TimStream pushed by the founder or a granted user, fanned out per socket. */
export function handleStreamPush(core: CoreContext, vrooms: VroomRegistry, s: Session, frame: Buffer): void {
  const st = decodeStream(frameBody(frame));
  pushToVroom(core, vrooms, s, TimType.STREAM, vnodeOf(st.VNode, core.nodeIds), st.body ?? Buffer.alloc(0), st.dtype);
}

/**
 * One push to `vnode` by session `s`, as frame `timType` (STREAM 94, or BIGBINARYSTREAM 97 from
 * handlers/big-data.ts): fanned out when `s` may push to the vroom registered here; else, when it is
 * not registered here and the node has peers, decided (and fanned out) by the vroom's home node;
 * refused with 4105 (n = vnode) otherwise.
 */
export function pushToVroom(core: CoreContext, vrooms: VroomRegistry, s: Session, timType: number, vnode: string, body: Buffer, dtype: number | undefined): void {
  const room = vrooms.get(vnode);
  const registeredHere = room?.founder !== undefined;
  if (!vrooms.canPush(room, s.node)) {
    const home = registeredHere ? null : core.peers.vrooms.forwardPush(vnode, s.node, body, dtype);
    if (home !== null) {
      // Not awaited: a live stream's next push does not wait for the home's answer.
      void home.then((ok) => {
        if (!ok && !s.closed) core.errorAck(s, timType, ErrorCode.PERM_DENIED, { n: vnode });
      });
      return;
    }
    core.errorAck(s, timType, ErrorCode.PERM_DENIED, { n: vnode });
    return;
  }
  vrooms.touch(room);
  fanOut(core, room, s.node, body, dtype);
}

/**
 * Sends one push to every subscribed socket: JSON subscribers get frame 94 (a TimStream with a
 * server id and the pusher as fromNode), binary ones frame 97 (`vnode ‖ 0x83 ‖ body`). The pusher
 * is not skipped when subscribed. Each frame is encoded once, on first need.
 */
export function fanOut(core: CoreContext, room: Vroom, from: string, body: Buffer, dtype?: number): void {
  fanOutLocal(core, room, from, body, dtype);
  core.peers.vrooms.pushed(room.node, from, body, dtype);
}

/** fanOut to this process's subscribers only (a push another cluster node sent here). */
export function fanOutLocal(core: CoreContext, room: Vroom, from: string, body: Buffer, dtype?: number): void {
  let json: Buffer | undefined;
  let binary: Buffer | undefined;
  for (const [session, kind] of room.subscribers) {
    if (session.closed) continue;
    if (kind === 'json') {
      json ??= encodeFrame(
        TimType.STREAM,
        encodeStream({ id: core.ids.next(), VNode: room.node, dtype, body, fromNode: from }),
      );
      core.offer(session, json);
    } else {
      binary ??= encodeBigBinaryStream(room.node, body);
      core.offer(session, binary);
    }
  }
}

/** `{ok:true, timType:22, t, n, n2?}` in tim's field order. */
function ack(core: CoreContext, s: Session, fields: { t: number; n: string; n2?: string }): void {
  const a: TimAck = { ok: true, timType: TimType.VROOM, t: fields.t, n: fields.n };
  if (fields.n2 !== undefined) a.n2 = fields.n2;
  core.ack(s, a);
}
