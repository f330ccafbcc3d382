// The admin acting as a user (tim's Admiface "fromnode" operations: roster, rooms, vrooms): the
// request runs through the SAME frame handler a client's request runs through (the builtin
// business layer, the external roster templates, the vroom handler), on a detached session logged
// in as that user. The session has no socket: what the handler answers (acks, node lists) is kept
// and read back here; what it sends to OTHER users (notifications) goes out as usual, and so do
// notifications to the user's own devices (fromTid is the acting user, as if it had asked itself).
//
// Contract: resolves with the success acks and node lists the handler wrote; an error ack, or a
// TimError the handler threw, rejects with that code (http-errors maps it). Frames written to the
// detached session count in the framesOut/bytesOut stats like any answer.

import type { Session, SocketPort } from '../core/session.js';
import { Session as CoreSession } from '../core/session.js';
import type { TimCore } from '../core/tim-core.js';
import { TimError } from '../core/tim-error.js';
import { ErrorCode, type ErrorCodeValue } from '../protocol/error-codes.js';
import { encodeFrame, frameBody, frameType } from '../protocol/frame-codec.js';
import { decodeAck, decodeNodes, encodeReq } from '../protocol/json-codec.js';
import { TimType } from '../protocol/timtype.js';
import type { TimAck, TimNodes, TimReq } from '../protocol/wire-types.js';

export interface ActResult {
  acks: TimAck[];
  lists: TimNodes[];
}

/** A session logged in as `node` whose writes are kept in `frames` instead of sent. */
export function detachedSession(core: TimCore, node: string, domain?: string): { session: Session; frames: Buffer[] } {
  const frames: Buffer[] = [];
  const port: SocketPort = {
    remote: 'admin',
    send: (f) => void frames.push(Buffer.from(f)),
    queued: () => 0,
    queuedBytes: () => 0,
    loggedIn: () => undefined,
    close: () => undefined,
  };
  const now = core.clock.nowMs();
  const session = new CoreSession(port, core.log, { sendQueueMax: 1 << 20, sendQueueBytes: 1 << 30, inboundMax: 1 << 20 }, now);
  session.node = node;
  session.tid = domain ? { node, domain } : { node };
  session.authedAt = now;
  return { session, frames };
}

/** Runs the frame handler registered for `timType` (BUSINESS or VROOM) as `node`. */
export async function actAs(core: TimCore, node: string, domain: string | undefined, timType: number, req: TimReq): Promise<ActResult> {
  const handler = core.extensions.get(timType);
  if (handler === undefined) throw new TimError(ErrorCode.INTERFACE, 'this operation is not served by this server');
  const { session, frames } = detachedSession(core, node, domain);
  await handler(core, session, encodeFrame(timType, encodeReq(req)));
  return readAnswers(frames);
}

/** The answers a detached session received; the first error ack rejects. */
export function readAnswers(frames: readonly Buffer[]): ActResult {
  const out: ActResult = { acks: [], lists: [] };
  for (const f of frames) {
    const { type } = frameType(f);
    if (type === TimType.ACK) {
      const ack = decodeAck(frameBody(f));
      if (!ack.ok) {
        const code = (ack.error?.code ?? ErrorCode.UNDEFINED) as ErrorCodeValue;
        throw new TimError(code);
      }
      out.acks.push(ack);
    } else if (type === TimType.NODES) {
      out.lists.push(decodeNodes(frameBody(f)));
    }
  }
  return out;
}
