/** Header of a reliable server frame: type byte + BE32 ack id. */
export declare const RELIABLE_HEADER_BYTES = 5;
export declare function utf8(s: string): Uint8Array;
/** Lenient UTF-8 decoding (invalid sequences become U+FFFD), as browsers decode timjs's strings. */
export declare function utf8Text(b: Uint8Array): string;
/** A client->server frame as timjs sends it: `(type | 0x80) ‖ utf8(json)`; no body when omitted. */
export declare function clientFrame(type: number, json?: string): Uint8Array;
/** The ACK for a reliable frame: `0x8C` followed by the frame's 4 ack-id bytes, copied verbatim. */
export declare function ackFor(reliableFrame: Uint8Array): Uint8Array;
/** An ACK frame for a numeric ack id (signed or unsigned 32-bit view). */
export declare function ackFrame(ackId: number): Uint8Array;
/** The ack id of a reliable server frame, read as a signed BE32 like tim. */
export declare function ackIdOf(reliableFrame: Uint8Array): number;
/** Client->server big-data frame: `(type|0x80) ‖ BE32 totalLen ‖ target ‖ sep ‖ payload`.
 *  `sep` defaults to '|' for BIGSTRING and 0x83 otherwise. */
export declare function bigDataFrame(type: number, target: string, payload: Uint8Array | string, sep?: number): Uint8Array;
/** Splits a server big-data body (bytes after the type byte) at the first `sep`: the node before
 *  it and the bytes after it (a view). Undefined when the separator is missing. */
export declare function splitNode(body: Uint8Array, sep: number): {
    node: string;
    data: Uint8Array;
} | undefined;
