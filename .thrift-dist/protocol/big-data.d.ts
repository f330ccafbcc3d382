import { ErrorCode } from './error-codes.js';
import { TimType } from './timtype.js';
/** The BE32 length header (bytes 1..4) of a client big-data frame: the length of the whole frame.
 *  Signed, as tim reads it; throws ProtocolError 4104 for a frame shorter than 5 bytes. */
export declare function bigDataTotalLength(frame: Uint8Array): number;
/** Splits a complete client big-data frame into its target node and payload (a view, no copy).
 *  95 splits at the first '|', or at the first 0x00 when it comes before any '|' (timjs writes
 *  0x00 for the separator, docs/protocol.md decision 9); 96/97 split at the first 0x83. No separator: 4104. The
 *  length header is not checked here (BigDataAssembler does that). */
export declare function parseBigData(frame: Uint8Array): {
    type: number;
    target: string;
    payload: Buffer;
};
/** Outcome of feeding one WebSocket message to a BigDataAssembler. */
export type BigDataStep = 
/** shorter than 6 bytes and nothing pending: tim drops it silently */
{
    kind: 'ignored';
}
/** buffered; every following message of the connection must be fed here until done */
 | {
    kind: 'pending';
    received: number;
    total: number;
}
/** a whole frame, header included, ready for parseBigData */
 | {
    kind: 'complete';
    frame: Buffer;
}
/** inconsistent length or over the cap: answer TimAck{ok:false,timType,error:{code}}; the
 *  assembler is reset */
 | {
    kind: 'error';
    code: typeof ErrorCode.BIGDATA;
    timType: typeof TimType.BIGBINARY;
    reason: string;
};
/**
 * Per-connection reassembly of big-data frames split over several WebSocket messages (tim's
 * parseBigData/addBigData). While `pending` is true, EVERY message of the connection is raw data
 * for the frame in progress, whatever its first byte; the transport must route it here first.
 * Memory is bounded by `maxBytes`: a declared length above it is refused at once.
 */
export declare class BigDataAssembler {
    private readonly maxBytes;
    private chunks;
    private received;
    private total;
    constructor(maxBytes: number);
    /** True while a frame is incomplete. */
    get pending(): boolean;
    /** Feeds one WebSocket message: the first message of a big-data frame, or (while pending) the
     *  next raw piece. */
    push(message: Uint8Array): BigDataStep;
    /** Drops a frame in progress (e.g. on close). */
    reset(): void;
    private append;
    private fail;
}
/** Server->client BIGSTRING: `0x5F ‖ fromNode ‖ '|' ‖ text`. */
export declare function encodeBigString(fromNode: string, text: string | Uint8Array): Buffer;
/** Server->client BIGBINARY: `0x60 ‖ fromNode ‖ 0x83 ‖ bytes`. */
export declare function encodeBigBinary(fromNode: string, bytes: Uint8Array): Buffer;
/** Server->client BIGBINARYSTREAM: `0x61 ‖ vnode ‖ 0x83 ‖ bytes`. */
export declare function encodeBigBinaryStream(vnode: string, bytes: Uint8Array): Buffer;
/** Client->server big-data frame: `(type|0x80) ‖ BE32 totalLen ‖ target ‖ sep ‖ payload`. The
 *  separator defaults to the correct one ('|' for 95, 0x83 otherwise); pass 0x00 to reproduce
 *  timjs's BIGSTRING frames. */
export declare function encodeBigDataRequest(type: number, target: string, payload: Uint8Array | string, sep?: number): Buffer;
