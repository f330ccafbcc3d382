// Big-data frames, types 95 BIGSTRING, 96 BIGBINARY, 97 BIGBINARYSTREAM (docs/protocol.md 2.4, 2.5,
// 6.11, decision 9).
//
// Client -> server: (type|0x80) ‖ BE32 totalLen (the whole frame, header included) ‖ target ‖
//                   SEP ‖ payload; SEP = '|' for 95, 0x83 for 96/97.
// Server -> client: type ‖ node ‖ SEP ‖ payload, with no length header and no ack.

import { ErrorCode } from './error-codes.js';
import { ProtocolError } from './frame-codec.js';
import { BIG_BINARY_SEP, BIG_STRING_SEP, JSON_FLAG, TimType, TYPE_MASK } from './timtype.js';

const HEADER_BYTES = 5;
/** Frames shorter than this are ignored by tim's reassembly (header plus at least one byte). */
const MIN_FRAME_BYTES = 6;

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

function bigType(type: number): number {
  const t = type & TYPE_MASK;
  if (t !== TimType.BIGSTRING && t !== TimType.BIGBINARY && t !== TimType.BIGBINARYSTREAM) {
    throw new ProtocolError(ErrorCode.PARAMS, `not a big-data type: ${t}`);
  }
  return t;
}

/** The BE32 length header (bytes 1..4) of a client big-data frame: the length of the whole frame.
 *  Signed, as tim reads it; throws ProtocolError 4104 for a frame shorter than 5 bytes. */
export function bigDataTotalLength(frame: Uint8Array): number {
  if (frame.length < HEADER_BYTES) throw new ProtocolError(ErrorCode.PARAMS, 'big-data frame shorter than its header');
  return ((frame[1] << 24) | (frame[2] << 16) | (frame[3] << 8) | frame[4]) | 0;
}

/** Splits a complete client big-data frame into its target node and payload (a view, no copy).
 *  95 splits at the first '|', or at the first 0x00 when it comes before any '|' (timjs writes
 *  0x00 for the separator, docs/protocol.md decision 9); 96/97 split at the first 0x83. No separator: 4104. The
 *  length header is not checked here (BigDataAssembler does that). */
export function parseBigData(frame: Uint8Array): { type: number; target: string; payload: Buffer } {
  if (frame.length < HEADER_BYTES) throw new ProtocolError(ErrorCode.PARAMS, 'big-data frame shorter than its header');
  const type = bigType(frame[0]);
  const rest = asBuffer(frame).subarray(HEADER_BYTES);
  let sep: number;
  if (type === TimType.BIGSTRING) {
    const bar = rest.indexOf(BIG_STRING_SEP);
    const nul = rest.indexOf(0);
    sep = nul >= 0 && (bar < 0 || nul < bar) ? nul : bar;
  } else {
    sep = rest.indexOf(BIG_BINARY_SEP);
  }
  if (sep < 0) throw new ProtocolError(ErrorCode.PARAMS, 'big-data frame without separator');
  return { type, target: rest.toString('utf8', 0, sep), payload: rest.subarray(sep + 1) };
}

/** Outcome of feeding one WebSocket message to a BigDataAssembler. */
export type BigDataStep =
  /** shorter than 6 bytes and nothing pending: tim drops it silently */
  | { kind: 'ignored' }
  /** buffered; every following message of the connection must be fed here until done */
  | { kind: 'pending'; received: number; total: number }
  /** a whole frame, header included, ready for parseBigData */
  | { kind: 'complete'; frame: Buffer }
  /** inconsistent length or over the cap: answer TimAck{ok:false,timType,error:{code}}; the
   *  assembler is reset */
  | { kind: 'error'; code: typeof ErrorCode.BIGDATA; timType: typeof TimType.BIGBINARY; reason: string };

/**
 * Per-connection reassembly of big-data frames split over several WebSocket messages (tim's
 * parseBigData/addBigData). While `pending` is true, EVERY message of the connection is raw data
 * for the frame in progress, whatever its first byte; the transport must route it here first.
 * Memory is bounded by `maxBytes`: a declared length above it is refused at once.
 */
export class BigDataAssembler {
  private chunks: Buffer[] = [];
  private received = 0;
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  /** True while a frame is incomplete. */
  get pending(): boolean {
    return this.total > 0;
  }

  /** Feeds one WebSocket message: the first message of a big-data frame, or (while pending) the
   *  next raw piece. */
  push(message: Uint8Array): BigDataStep {
    const msg = asBuffer(message);
    if (this.total > 0) return this.append(msg);
    if (msg.length < MIN_FRAME_BYTES) return { kind: 'ignored' };
    const total = bigDataTotalLength(msg);
    if (total < msg.length) return this.fail(`length header ${total} is smaller than the frame (${msg.length})`);
    if (total > this.maxBytes) return this.fail(`declared length ${total} exceeds the limit ${this.maxBytes}`);
    if (total === msg.length) return { kind: 'complete', frame: msg };
    this.total = total;
    this.chunks = [msg];
    this.received = msg.length;
    return { kind: 'pending', received: this.received, total };
  }

  /** Drops a frame in progress (e.g. on close). */
  reset(): void {
    this.chunks = [];
    this.received = 0;
    this.total = 0;
  }

  private append(msg: Buffer): BigDataStep {
    this.chunks.push(msg);
    this.received += msg.length;
    if (this.received < this.total) return { kind: 'pending', received: this.received, total: this.total };
    if (this.received > this.total) {
      return this.fail(`received ${this.received} bytes for a frame of ${this.total}`);
    }
    const frame = Buffer.concat(this.chunks, this.total);
    this.reset();
    return { kind: 'complete', frame };
  }

  private fail(reason: string): BigDataStep {
    this.reset();
    return { kind: 'error', code: ErrorCode.BIGDATA, timType: TimType.BIGBINARY, reason };
  }
}

function nodePayloadFrame(first: number, node: string, sep: number, payload: Uint8Array | string): Buffer {
  const nodeLen = Buffer.byteLength(node, 'utf8');
  const payLen = typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.length;
  const out = Buffer.allocUnsafe(1 + nodeLen + 1 + payLen);
  out[0] = first;
  out.write(node, 1, nodeLen, 'utf8');
  out[1 + nodeLen] = sep;
  if (typeof payload === 'string') out.write(payload, 2 + nodeLen, payLen, 'utf8');
  else out.set(payload, 2 + nodeLen);
  return out;
}

/** Server->client BIGSTRING: `0x5F ‖ fromNode ‖ '|' ‖ text`. */
export function encodeBigString(fromNode: string, text: string | Uint8Array): Buffer {
  return nodePayloadFrame(TimType.BIGSTRING, fromNode, BIG_STRING_SEP, text);
}

/** Server->client BIGBINARY: `0x60 ‖ fromNode ‖ 0x83 ‖ bytes`. */
export function encodeBigBinary(fromNode: string, bytes: Uint8Array): Buffer {
  return nodePayloadFrame(TimType.BIGBINARY, fromNode, BIG_BINARY_SEP, bytes);
}

/** Server->client BIGBINARYSTREAM: `0x61 ‖ vnode ‖ 0x83 ‖ bytes`. */
export function encodeBigBinaryStream(vnode: string, bytes: Uint8Array): Buffer {
  return nodePayloadFrame(TimType.BIGBINARYSTREAM, vnode, BIG_BINARY_SEP, bytes);
}

/** Client->server big-data frame: `(type|0x80) ‖ BE32 totalLen ‖ target ‖ sep ‖ payload`. The
 *  separator defaults to the correct one ('|' for 95, 0x83 otherwise); pass 0x00 to reproduce
 *  timjs's BIGSTRING frames. */
export function encodeBigDataRequest(type: number, target: string, payload: Uint8Array | string, sep?: number): Buffer {
  const t = bigType(type);
  const s = sep ?? (t === TimType.BIGSTRING ? BIG_STRING_SEP : BIG_BINARY_SEP);
  const body = nodePayloadFrame(t | JSON_FLAG, target, s, payload);
  const out = Buffer.allocUnsafe(HEADER_BYTES - 1 + body.length);
  out[0] = body[0];
  out.writeInt32BE(out.length, 1);
  body.copy(out, HEADER_BYTES, 1);
  return out;
}
