import { type ErrorCodeValue } from './error-codes.js';
/** A frame or body that cannot be decoded; `code` is the tim wire code to answer with
 *  (4113 FORMAT for undecodable JSON, 4104 PARAMS for bad field types or missing fields,
 *  4114 BIGDATA for inconsistent big-data framing). */
export declare class ProtocolError extends Error {
    readonly code: ErrorCodeValue;
    constructor(code: ErrorCodeValue, message?: string);
}
/** Size of the header of a reliable server frame: type byte + BE32 ack id. */
export declare const RELIABLE_HEADER_BYTES = 5;
/** The TIMTYPE (byte 0 & 0x7f) and, for client frames, whether the body is JSON (bit 0x80).
 *  Throws ProtocolError 4104 for an empty frame, which carries no type at all. */
export declare function frameType(frame: Uint8Array): {
    type: number;
    json: boolean;
};
/** Bytes 1..n of a frame, as a view sharing memory with `frame` (no copy). Empty for a frame of
 *  zero or one byte. */
export declare function frameBody(frame: Uint8Array): Buffer;
/** Declares that `text` holds only characters U+0000..U+007F, whose UTF-8 is one byte each: a
 *  frame of it is then filled by a plain byte copy, without first measuring its UTF-8 length (the
 *  JSON encoders declare their output just before it is usually framed). Only the last declared
 *  text is remembered, and a body is recognised by value (`===`): a stale entry cannot mislead,
 *  since an equal string has the same characters. Declaring a non-ASCII text corrupts frames. */
export declare function noteAsciiText(text: string): void;
/** A plain server->client frame: `type ‖ body` (body UTF-8 when a string). The 0x80 bit of `type`
 *  is cleared, since on this direction it would announce an ack id. */
export declare function encodeFrame(type: number, body?: Buffer | string): Buffer;
/** A reliable server->client frame: `(type | 0x80) ‖ BE32(ackId) ‖ body`. The client must answer
 *  with an ACK frame carrying the same 4 bytes (docs/protocol.md 2.3). */
export declare function encodeReliableFrame(type: number, ackId: number, body: Buffer | string): Buffer;
/** The ack id of a client ACK frame: the 4 bytes after byte 0 read as a signed BE32, as tim's
 *  `BytesToInt32(bs[1:])` does; bytes beyond the fifth are ignored. Throws ProtocolError 4104 when
 *  fewer than 4 bytes follow. */
export declare function readAckId(frame: Uint8Array): number;
/** A client ACK frame as timjs sends it: `0x8C ‖ BE32(ackId)`. */
export declare function encodeAckFrame(ackId: number): Buffer;
/** A client->server frame with the JSON bit set: `(type | 0x80) ‖ body`, as timjs sends every
 *  frame. For tests and tools that play the client. */
export declare function encodeClientFrame(type: number, body?: Buffer | string): Buffer;
