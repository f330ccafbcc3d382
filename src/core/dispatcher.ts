// Frame routing (docs/protocol.md section 4): the per-connection request rate (request-rate.ts), what is
// legal before login, which frames are answered at once (ACK, PING), which are handled in order,
// and where a handler's error is turned into an error ack (frame-error.ts).

import { ErrorCode } from '../protocol/error-codes.js';
import { encodeFrame, readAckId } from '../protocol/frame-codec.js';
import { TimType, TYPE_MASK } from '../protocol/timtype.js';
import { handleAuth } from './handlers/auth.js';
import { bigDataPending, isBigDataType, reassembleBigData } from './handlers/big-data.js';
import { handleBusinessLists } from './handlers/business-lists.js';
import { handleMessage } from './handlers/message.js';
import { handleOfflineRequest } from './handlers/offline.js';
import { handleBroadPresence, handlePresence } from './handlers/presence.js';
import { handlePull } from './handlers/pull.js';
import { admitFrame } from './request-rate.js';
import { CloseCode } from '../protocol/close-codes.js';
import type { Session } from './session.js';
import type { CoreContext } from './core-context.js';
import { reportFrameError } from './frame-error.js';

const PONG = encodeFrame(TimType.PING);

/** Entry point for every inbound frame of a session. Never throws. */
export function dispatchFrame(core: CoreContext, s: Session, frame: Buffer): void {
  if (frame.length === 0 || s.closed) return;
  // Every message is counted against the connection's rate before anything else reads it.
  if (core.limits.requestRate > 0 && !admitFrame(core, s, frame)) return;
  // docs/protocol.md 2.4: a big-data frame may span several messages, and while one is pending every
  // message (ACK and PING included) is its data; only complete frames go on from here.
  if (s.authed && (isBigDataType(frame[0]) || bigDataPending(s))) {
    const whole = reassembleBigData(core, s, frame);
    if (whole === undefined) return;
    frame = whole;
  }
  const type = frame[0] & TYPE_MASK;
  core.stats.frameIn(type);

  if (type === TimType.ACK) {
    // Unknown or malformed ack ids are ignored, as tim does; acks before login mean nothing.
    if (!s.authed || frame.length < 5) return;
    const waiter = s.pendingAcks.get(readAckId(frame));
    waiter?.acked();
    return;
  }
  if (type === TimType.PING) {
    if (!s.authed) return; // tim answers no PING before login
    s.lastPingAt = core.clock.nowMs();
    core.write(s, PONG);
    return;
  }
  if (frame.length > core.limits.maxFrameBytes) {
    // docs/protocol.md decision 10: refused with 4114, then closed.
    if (s.authed) core.errorAck(s, type, ErrorCode.BIGDATA);
    s.close(CloseCode.TOO_BIG, 'frame too large');
    return;
  }
  if (!s.authed && type !== TimType.AUTH) {
    // Any other frame before login closes the socket with no reply (docs/protocol.md section 4).
    s.close(CloseCode.UNAUTHENTICATED, 'not logged in');
    return;
  }
  s.enqueue(frame, handleInOrder(core));
}

const inOrderHandlers = new WeakMap<CoreContext, (s: Session, frame: Buffer) => void | Promise<void>>();

function handleInOrder(core: CoreContext) {
  let h = inOrderHandlers.get(core);
  if (h === undefined) {
    h = (s, frame) => handleFrame(core, s, frame);
    inOrderHandlers.set(core, h);
  }
  return h;
}

/** Handles one frame in order; never throws nor rejects. A MESSAGE frame the message handler
 *  takes synchronously (handlers/message.ts: every check cached) costs no promise here. */
function handleFrame(core: CoreContext, s: Session, frame: Buffer): void | Promise<void> {
  const type = frame[0] & TYPE_MASK;
  if (type !== TimType.MESSAGE || core.disabled.has(type)) return handleFrameAsync(core, s, frame, type);
  let pending: Promise<void> | undefined;
  try {
    pending = handleMessage(core, s, frame);
  } catch (err) {
    return failed(core, s, type, err);
  }
  return pending?.catch((err: unknown) => failed(core, s, type, err));
}

/** The error ack goes after the replies still owed to earlier frames. */
async function failed(core: CoreContext, s: Session, type: number, err: unknown): Promise<void> {
  await s.settled();
  reportFrameError(core, s, type, err);
}

async function handleFrameAsync(core: CoreContext, s: Session, frame: Buffer, type: number): Promise<void> {
  try {
    // Only the message handler pipelines (it orders its own effects); every other frame acts
    // after the replies to the frames before it.
    if (!isMessageType(type)) {
      const earlier = s.settled();
      if (earlier !== undefined) await earlier;
    }
    if (core.disabled.has(type)) {
      core.errorAck(s, type, ErrorCode.INTERFACE);
      return;
    }
    await route(core, s, type, frame);
  } catch (err) {
    await failed(core, s, type, err);
  }
}

function isMessageType(type: number): boolean {
  return type === TimType.MESSAGE || type === TimType.REVOKEMESSAGE || type === TimType.BURNMESSAGE;
}

async function route(core: CoreContext, s: Session, type: number, frame: Buffer): Promise<void> {
  switch (type) {
    case TimType.AUTH:
      return handleAuth(core, s, frame);
    case TimType.MESSAGE:
    case TimType.REVOKEMESSAGE:
    case TimType.BURNMESSAGE:
      // tim handles the three alike: odType decides; the frame type names the error ack.
      return handleMessage(core, s, frame);
    case TimType.PRESENCE:
      return handlePresence(core, s, frame);
    case TimType.BROADPRESENCE:
      return handleBroadPresence(core, s, frame);
    case TimType.OFFLINEMSG:
      return handleOfflineRequest(core, s);
    case TimType.PULLMESSAGE:
      return handlePull(core, s, frame);
    default: {
      const ext = core.extensions.get(type);
      if (ext) return ext(core, s, frame);
      if (type === TimType.BUSINESS) return handleBusinessLists(core, s, frame);
      // REGISTER/TOKEN (HTTP only), OFFLINEMSGEND and LOGOUT from a client, unknown types: 4104.
      core.errorAck(s, type, ErrorCode.PARAMS);
    }
  }
}
