// Frame bytes for the client side of tim's protocol, on Uint8Array only, so the client runs in
// browsers without a Buffer polyfill. The server-side codecs (src/protocol) build Buffers and are
// kept for the server's hot path; the layouts here are the same (docs/protocol.md 2.1-2.5).

import { BIG_BINARY_SEP, BIG_STRING_SEP, JSON_FLAG, TimType, TYPE_MASK } from '../protocol/timtype.js';

const TEXT_ENCODER = new TextEncoder();
const TEXT_DECODER = new TextDecoder();

/** Header of a reliable server frame: type byte + BE32 ack id. */
export const RELIABLE_HEADER_BYTES = 5;

export function utf8(s: string): Uint8Array {
  return TEXT_ENCODER.encode(s);
}

/** Lenient UTF-8 decoding (invalid sequences become U+FFFD), as browsers decode timjs's strings. */
export function utf8Text(b: Uint8Array): string {
  return TEXT_DECODER.decode(b);
}

/** A client->server frame as timjs sends it: `(type | 0x80) ‖ utf8(json)`; no body when omitted. */
export function clientFrame(type: number, json?: string): Uint8Array {
  const body = json === undefined ? new Uint8Array(0) : TEXT_ENCODER.encode(json);
  const out = new Uint8Array(1 + body.length);
  out[0] = (type & TYPE_MASK) | JSON_FLAG;
  out.set(body, 1);
  return out;
}

/** The ACK for a reliable frame: `0x8C` followed by the frame's 4 ack-id bytes, copied verbatim. */
export function ackFor(reliableFrame: Uint8Array): Uint8Array {
  const out = new Uint8Array(RELIABLE_HEADER_BYTES);
  out[0] = TimType.ACK | JSON_FLAG;
  out.set(reliableFrame.subarray(1, RELIABLE_HEADER_BYTES), 1);
  return out;
}

/** An ACK frame for a numeric ack id (signed or unsigned 32-bit view). */
export function ackFrame(ackId: number): Uint8Array {
  const out = new Uint8Array(RELIABLE_HEADER_BYTES);
  out[0] = TimType.ACK | JSON_FLAG;
  new DataView(out.buffer).setInt32(1, ackId | 0);
  return out;
}

/** The ack id of a reliable server frame, read as a signed BE32 like tim. */
export function ackIdOf(reliableFrame: Uint8Array): number {
  return new DataView(reliableFrame.buffer, reliableFrame.byteOffset, reliableFrame.byteLength).getInt32(1);
}

/** Client->server big-data frame: `(type|0x80) ‖ BE32 totalLen ‖ target ‖ sep ‖ payload`.
 *  `sep` defaults to '|' for BIGSTRING and 0x83 otherwise. */
export function bigDataFrame(type: number, target: string, payload: Uint8Array | string, sep?: number): Uint8Array {
  const t = type & TYPE_MASK;
  const s = sep ?? (t === TimType.BIGSTRING ? BIG_STRING_SEP : BIG_BINARY_SEP);
  const node = TEXT_ENCODER.encode(target);
  const data = typeof payload === 'string' ? TEXT_ENCODER.encode(payload) : payload;
  const out = new Uint8Array(RELIABLE_HEADER_BYTES + node.length + 1 + data.length);
  out[0] = t | JSON_FLAG;
  new DataView(out.buffer).setInt32(1, out.length);
  out.set(node, RELIABLE_HEADER_BYTES);
  out[RELIABLE_HEADER_BYTES + node.length] = s;
  out.set(data, RELIABLE_HEADER_BYTES + node.length + 1);
  return out;
}

/** Splits a server big-data body (bytes after the type byte) at the first `sep`: the node before
 *  it and the bytes after it (a view). Undefined when the separator is missing. */
export function splitNode(body: Uint8Array, sep: number): { node: string; data: Uint8Array } | undefined {
  const i = body.indexOf(sep);
  if (i < 0) return undefined;
  return { node: utf8Text(body.subarray(0, i)), data: body.subarray(i + 1) };
}
