// Big-data frames (docs/protocol.md 2.4, 2.5, 6.11, decision 9): reassembly of frames split over
// several WebSocket messages, and the handlers of the complete frames.
//
//  * BIGSTRING (95) and BIGBINARY (96) go to the target user's sockets on this process as docs/protocol.md 2.5
//    frames (`0x5F|0x60 ‖ fromNode ‖ sep ‖ payload`): no friendship or existence check, no ack, no
//    echo; dropped when the target is offline (never stored).
//  * BIGBINARYSTREAM (97) is a push to a virtual room, with the same rights and fan-out as STREAM.
//
// Reassembly contract: the dispatcher hands every message of an authenticated session to
// `reassembleBigData` when it starts a big-data frame or one is pending. While a frame is pending,
// EVERY message (whatever its first byte, ACK and PING included) is raw data for it, as tim does.
// A length header smaller than the message answers 4114 with timType 96 (tim's quirk); a frame
// larger than limits.maxFrameBytes answers 4114 and closes the socket (docs/protocol.md decision 10).

import { bigDataTotalLength, BigDataAssembler, encodeBigBinary, encodeBigString, parseBigData } from '../../protocol/big-data.js';
import { TimType, TYPE_MASK } from '../../protocol/timtype.js';
import { CloseCode } from '../../protocol/close-codes.js';
import type { Session } from '../session.js';
import type { CoreContext } from '../core-context.js';
import { pushToVroom, vnodeOf, type VroomRegistry } from '../vroom/index.js';

const assemblers = new WeakMap<Session, BigDataAssembler>();

/** Byte 0 of a message names a big-data frame type. */
export function isBigDataType(firstByte: number): boolean {
  const t = firstByte & TYPE_MASK;
  return t === TimType.BIGSTRING || t === TimType.BIGBINARY || t === TimType.BIGBINARYSTREAM;
}

/** A big-data frame of this session is waiting for more messages. */
export function bigDataPending(s: Session): boolean {
  return assemblers.get(s)?.pending ?? false;
}

/** Drops the big-data frame in progress, if any: its next piece will not come (request-rate.ts). */
export function abandonBigData(s: Session): void {
  assemblers.get(s)?.reset();
}

/**
 * Feeds one WebSocket message (the start of a big-data frame, or any message while one is
 * pending). Returns the complete frame when this message finished one, else undefined: the
 * message was buffered, ignored (shorter than 6 bytes), or refused (the error ack is sent here).
 */
export function reassembleBigData(core: CoreContext, s: Session, message: Buffer): Buffer | undefined {
  let asm = assemblers.get(s);
  if (asm === undefined) {
    asm = new BigDataAssembler(core.limits.maxFrameBytes);
    assemblers.set(s, asm);
  }
  const starting = !asm.pending;
  const step = asm.push(message);
  switch (step.kind) {
    case 'complete':
      return step.frame;
    case 'ignored':
    case 'pending':
      return undefined;
    case 'error': {
      core.errorAck(s, step.timType, step.code);
      const max = core.limits.maxFrameBytes;
      if (starting && (message.length > max || bigDataTotalLength(message) > max)) s.close(CloseCode.TOO_BIG, 'frame too large');
      return undefined;
    }
  }
}

/** Registers frames 95, 96 and 97; 97 pushes go to `vrooms`. */
export function registerBigData(core: CoreContext, vrooms: VroomRegistry): void {
  core.registerExtension(TimType.BIGSTRING, handleBigToUser);
  core.registerExtension(TimType.BIGBINARY, handleBigToUser);
  core.registerExtension(TimType.BIGBINARYSTREAM, (c, s, frame) => handleBigStream(c, vrooms, s, frame));
}

/** 95/96: to every socket of the target user, as the sender's data. */
function handleBigToUser(core: CoreContext, s: Session, frame: Buffer): void {
  const { type, target, payload } = parseBigData(frame);
  const out = type === TimType.BIGSTRING ? encodeBigString(s.node, payload) : encodeBigBinary(s.node, payload);
  core.sendToNode(target, out);
}

/** 97: a binary push to a virtual room; refused with 4105 (n = vnode) like STREAM. */
function handleBigStream(core: CoreContext, vrooms: VroomRegistry, s: Session, frame: Buffer): void {
  const { target, payload } = parseBigData(frame);
  pushToVroom(core, vrooms, s, TimType.BIGBINARYSTREAM, vnodeOf(target, core.nodeIds), payload, undefined);
}
