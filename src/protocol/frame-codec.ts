// Frame layout of tim's WebSocket messages (docs/protocol.md 2.1-2.3). A frame is one WS message:
// byte 0 carries the TIMTYPE in its low 7 bits; bit 0x80 means "JSON body" from client to server
// and "ack requested, 4-byte ack id follows" from server to client. Pure: Buffers in, Buffers out
// (the one piece of module state, the last text declared ASCII, only picks a faster copy).

import { ErrorCode, errorInfo, type ErrorCodeValue } from './error-codes.js';
import { ACK_FLAG, JSON_FLAG, TimType, TYPE_MASK } from './timtype.js';

/** A frame or body that cannot be decoded; `code` is the tim wire code to answer with
 *  (4113 FORMAT for undecodable JSON, 4104 PARAMS for bad field types or missing fields,
 *  4114 BIGDATA for inconsistent big-data framing). */
export class ProtocolError extends Error {
  readonly code: ErrorCodeValue;

  constructor(code: ErrorCodeValue, message?: string) {
    super(message ?? errorInfo(code));
    this.name = 'ProtocolError';
    this.code = code;
  }
}

/** Size of the header of a reliable server frame: type byte + BE32 ack id. */
export const RELIABLE_HEADER_BYTES = 5;

function asBuffer(frame: Uint8Array): Buffer {
  return Buffer.isBuffer(frame) ? frame : Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
}

/** The TIMTYPE (byte 0 & 0x7f) and, for client frames, whether the body is JSON (bit 0x80).
 *  Throws ProtocolError 4104 for an empty frame, which carries no type at all. */
export function frameType(frame: Uint8Array): { type: number; json: boolean } {
  if (frame.length === 0) throw new ProtocolError(ErrorCode.PARAMS, 'empty frame');
  const b = frame[0];
  return { type: b & TYPE_MASK, json: (b & JSON_FLAG) !== 0 };
}

/** Bytes 1..n of a frame, as a view sharing memory with `frame` (no copy). Empty for a frame of
 *  zero or one byte. */
export function frameBody(frame: Uint8Array): Buffer {
  return frame.length <= 1 ? Buffer.alloc(0) : asBuffer(frame).subarray(1);
}

/** The last text declared ASCII by noteAsciiText ('' for none). */
let asciiText = '';

/** Declares that `text` holds only characters U+0000..U+007F, whose UTF-8 is one byte each: a
 *  frame of it is then filled by a plain byte copy, without first measuring its UTF-8 length (the
 *  JSON encoders declare their output just before it is usually framed). Only the last declared
 *  text is remembered, and a body is recognised by value (`===`): a stale entry cannot mislead,
 *  since an equal string has the same characters. Declaring a non-ASCII text corrupts frames. */
export function noteAsciiText(text: string): void {
  asciiText = text;
}

/** A buffer of `header` bytes followed by the UTF-8 of `body`, header left for the caller. */
function withText(header: number, body: string): Buffer {
  const ascii = body === asciiText;
  const len = ascii ? body.length : Buffer.byteLength(body, 'utf8');
  const out = Buffer.allocUnsafe(header + len);
  // latin1 writes each character as one byte, which for ASCII is its UTF-8
  out.write(body, header, len, ascii ? 'latin1' : 'utf8');
  return out;
}

/** A plain server->client frame: `type ‖ body` (body UTF-8 when a string). The 0x80 bit of `type`
 *  is cleared, since on this direction it would announce an ack id. */
export function encodeFrame(type: number, body?: Buffer | string): Buffer {
  const t = type & TYPE_MASK;
  if (body === undefined || body.length === 0) return Buffer.from([t]);
  if (typeof body === 'string') {
    const out = withText(1, body);
    out[0] = t;
    return out;
  }
  const out = Buffer.allocUnsafe(1 + body.length);
  out[0] = t;
  out.set(body, 1);
  return out;
}

function checkAckId(ackId: number): void {
  // Accept both the signed (tim's int32 counter) and the unsigned view of the same 4 bytes.
  if (!Number.isInteger(ackId) || ackId < -0x80000000 || ackId > 0xffffffff) {
    throw new RangeError(`ack id out of 32-bit range: ${ackId}`);
  }
}

/** A reliable server->client frame: `(type | 0x80) ‖ BE32(ackId) ‖ body`. The client must answer
 *  with an ACK frame carrying the same 4 bytes (docs/protocol.md 2.3). */
export function encodeReliableFrame(type: number, ackId: number, body: Buffer | string): Buffer {
  checkAckId(ackId);
  let out: Buffer;
  if (typeof body === 'string') {
    out = withText(RELIABLE_HEADER_BYTES, body);
  } else {
    out = Buffer.allocUnsafe(RELIABLE_HEADER_BYTES + body.length);
    out.set(body, RELIABLE_HEADER_BYTES);
  }
  out[0] = (type & TYPE_MASK) | ACK_FLAG;
  out.writeInt32BE(ackId | 0, 1);
  return out;
}

/** The ack id of a client ACK frame: the 4 bytes after byte 0 read as a signed BE32, as tim's
 *  `BytesToInt32(bs[1:])` does; bytes beyond the fifth are ignored. Throws ProtocolError 4104 when
 *  fewer than 4 bytes follow. */
export function readAckId(frame: Uint8Array): number {
  if (frame.length < RELIABLE_HEADER_BYTES) {
    throw new ProtocolError(ErrorCode.PARAMS, 'ack frame shorter than 5 bytes');
  }
  return ((frame[1] << 24) | (frame[2] << 16) | (frame[3] << 8) | frame[4]) | 0;
}

/** A client ACK frame as timjs sends it: `0x8C ‖ BE32(ackId)`. */
export function encodeAckFrame(ackId: number): Buffer {
  checkAckId(ackId);
  const out = Buffer.allocUnsafe(RELIABLE_HEADER_BYTES);
  out[0] = TimType.ACK | JSON_FLAG;
  out.writeInt32BE(ackId | 0, 1);
  return out;
}

/** A client->server frame with the JSON bit set: `(type | 0x80) ‖ body`, as timjs sends every
 *  frame. For tests and tools that play the client. */
export function encodeClientFrame(type: number, body?: Buffer | string): Buffer {
  const out = encodeFrame(type, body);
  out[0] |= JSON_FLAG;
  return out;
}
