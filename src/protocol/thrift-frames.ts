// Frames of a Thrift-compact connection, turned into the JSON frames the core speaks and back
// (docs/thrift.md). The frame layout is the same in both encodings (frame-codec.ts); only the body
// of the struct-carrying types differs, and it maps one to one: both encodings decode to the same
// objects (wire-types.ts), through json-codec.ts and thrift-codec.ts.
//
//  * Client -> server (clientFrameToJson): a frame whose byte 0 has bit 0x80 clear carries a
//    compact body; it becomes the same frame with the bit set and the body as JSON. ACK, PING and
//    the big-data types carry no struct and are left as they are; so is a frame with the bit set.
//  * Server -> client (serverFrameToThrift): the JSON body of a plain or reliable frame becomes
//    its compact body, header bytes (type, ack id) unchanged. Frames without a struct body (PING,
//    OFFLINEMSGEND, LOGOUT, big data, empty bodies) are left as they are.
//
// Pure; one remembered conversion (the last server body) so that a frame fanned out to many
// Thrift sessions (a room) is converted once.

import { ErrorCode } from './error-codes.js';
import { ProtocolError } from './frame-codec.js';
import {
  encodeAuth,
  encodeMessage,
  encodeNodes,
  encodePresence,
  encodeReq,
  encodeStream,
} from './json-codec.js';
import { thriftDecode, thriftEncodeWithHeader } from './thrift-codec.js';
import { T_ACK, T_AUTH, T_MESSAGE, T_MESSAGE_LIST, T_NODES, T_PRESENCE, T_REQ, T_STREAM, type ThriftStruct } from './thrift-structs.js';
import { JSON_FLAG, TimType, TYPE_MASK } from './timtype.js';

interface ClientBody {
  readonly struct: ThriftStruct;
  readonly toJson: (value: never) => string;
  /** A JSON body every decoder of this type refuses with 4104 (its first field with a value of
   *  the wrong type): what a Thrift body that does not decode is handed on as, so the core answers
   *  it exactly as an undecodable JSON body (same error ack, same order, nothing changed). */
  readonly refused: string;
}

function clientBody(struct: ThriftStruct, toJson: (value: never) => string): ClientBody {
  return { struct, toJson, refused: `{"${struct.schema.fields[0].name}":[]}` };
}

/** The struct in the body of each client frame type that carries one (tim's handlers decode
 *  these; OFFLINEMSG's body is ignored, LOGOUT and unknown types are refused whatever they hold). */
const CLIENT_BODIES = new Map<number, ClientBody>([
  [TimType.AUTH, clientBody(T_AUTH, encodeAuth)],
  [TimType.REGISTER, clientBody(T_AUTH, encodeAuth)],
  [TimType.TOKEN, clientBody(T_AUTH, encodeAuth)],
  [TimType.MESSAGE, clientBody(T_MESSAGE, encodeMessage)],
  [TimType.REVOKEMESSAGE, clientBody(T_MESSAGE, encodeMessage)],
  [TimType.BURNMESSAGE, clientBody(T_MESSAGE, encodeMessage)],
  [TimType.PRESENCE, clientBody(T_PRESENCE, encodePresence)],
  [TimType.BROADPRESENCE, clientBody(T_PRESENCE, encodePresence)],
  [TimType.PULLMESSAGE, clientBody(T_REQ, encodeReq)],
  [TimType.BUSINESS, clientBody(T_REQ, encodeReq)],
  [TimType.VROOM, clientBody(T_REQ, encodeReq)],
  [TimType.NODES, clientBody(T_NODES, encodeNodes)],
  [TimType.STREAM, clientBody(T_STREAM, encodeStream)],
]);

/** Client frame types whose bytes are the same in both encodings. */
function encodingFree(type: number): boolean {
  return (
    type === TimType.ACK || type === TimType.PING || type === TimType.BIGSTRING || type === TimType.BIGBINARY || type === TimType.BIGBINARYSTREAM
  );
}

/** The struct a client frame's Thrift body holds, for callers that decode it themselves
 *  (POST /tim2); undefined for types without one. */
export function clientBodyStruct(type: number): ThriftStruct | undefined {
  return CLIENT_BODIES.get(type & TYPE_MASK)?.struct;
}

/** Byte 0 of a client frame announces a Thrift-compact body (bit 0x80 clear). */
export function isThriftClientFrame(frame: Uint8Array): boolean {
  return frame.length > 0 && (frame[0] & JSON_FLAG) === 0;
}

function jsonFrame(type: number, json: string): Buffer {
  const len = Buffer.byteLength(json, 'utf8');
  const out = Buffer.allocUnsafe(1 + len);
  out[0] = type | JSON_FLAG;
  out.write(json, 1, len, 'utf8');
  return out;
}

/** The frame the core is to see for a client frame (see the contract above). Never throws: a
 *  Thrift body that does not decode becomes a JSON body the core refuses with 4104. */
export function clientFrameToJson(frame: Buffer): Buffer {
  if (frame.length === 0 || (frame[0] & JSON_FLAG) !== 0) return frame;
  const type = frame[0] & TYPE_MASK;
  if (encodingFree(type)) return frame;
  const cb = CLIENT_BODIES.get(type);
  if (cb === undefined) {
    const same = Buffer.from(frame);
    same[0] |= JSON_FLAG;
    return same;
  }
  let json: string;
  try {
    // tim decodes an empty body as a failed read (4104), unlike an empty JSON body
    if (frame.length === 1) throw new ProtocolError(ErrorCode.PARAMS, 'thrift: empty body');
    json = cb.toJson(thriftDecode(cb.struct, frame.subarray(1)) as never);
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    json = cb.refused;
  }
  return jsonFrame(type, json);
}

/** The struct in the JSON body of each struct-carrying server frame type. */
const SERVER_BODIES = new Map<number, ThriftStruct>([
  [TimType.ACK, T_ACK],
  [TimType.MESSAGE, T_MESSAGE],
  [TimType.REVOKEMESSAGE, T_MESSAGE],
  [TimType.BURNMESSAGE, T_MESSAGE],
  [TimType.PRESENCE, T_PRESENCE],
  [TimType.BROADPRESENCE, T_PRESENCE],
  [TimType.STREAM, T_STREAM],
  [TimType.NODES, T_NODES],
  [TimType.PULLMESSAGE, T_MESSAGE_LIST],
  [TimType.OFFLINEMSG, T_MESSAGE_LIST],
]);

/** A member holding one of the int64 fields kept as bigints (beyond 2^53): quoted by
 *  parseServerBody so that JSON.parse keeps its digits. A member's key follows `{` or `,` (and
 *  maybe whitespace, as a database's JSON column may reformat a stored stanza), while a `"` inside
 *  a string follows a backslash, so a match is never inside a string. */
const BIG_MEMBER = /([{,]\s*)"(timestamp|createtime)"\s*:\s*(-?\d+)/g;

/**
 * The JSON body of a server frame as plain values for thriftEncode: JSON.parse after quoting the
 * bigint members (base64 strings and digit strings are what thriftEncode takes for binary and
 * int64 fields). The core's bodies are its own JSON codec's text (or stored stanzas it wrote), so
 * they are not validated again: field names are matched exactly, unknown ones ignored. This is
 * the per-recipient cost of a Thrift session, so it avoids the exact JSON parser.
 */
function parseServerBody(json: Buffer): object {
  const text = json.toString('utf8');
  const parsed: unknown = JSON.parse(text.replace(BIG_MEMBER, '$1"$2":"$3"'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ProtocolError(ErrorCode.FORMAT, 'server body is not a JSON object');
  return parsed;
}

/** The last server body converted: its struct, its JSON bytes and its compact bytes. */
let lastStruct: ThriftStruct | undefined;
let lastJson: Buffer | undefined;
let lastThrift: Buffer | undefined;

/** The frame a Thrift session is to receive for a server frame of the core (see the contract
 *  above). Throws ProtocolError when the JSON body does not decode, which the core never writes. */
export function serverFrameToThrift(frame: Buffer): Buffer {
  if (frame.length === 0) return frame;
  const type = frame[0] & TYPE_MASK;
  const header = (frame[0] & 0x80) !== 0 ? 5 : 1;
  if (frame.length <= header) return frame;
  const struct = SERVER_BODIES.get(type);
  if (struct === undefined) return frame;
  const json = frame.subarray(header);
  let out: Buffer;
  if (lastStruct === struct && lastJson !== undefined && lastThrift !== undefined && lastJson.equals(json)) {
    out = Buffer.allocUnsafe(header + lastThrift.length);
    lastThrift.copy(out, header);
  } else {
    out = thriftEncodeWithHeader(struct, parseServerBody(json), header);
    lastStruct = struct;
    lastJson = Buffer.from(json); // a copy: the key must not change with the frame it came from
    lastThrift = out.subarray(header);
  }
  frame.copy(out, 0, 0, header);
  return out;
}
