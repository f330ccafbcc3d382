import { type ErrorCodeValue } from '../protocol/error-codes.js';
/** A refusal the client should see as `TimAck{ok:false, error:{code}}`. */
export declare class TimError extends Error {
    readonly code: ErrorCodeValue;
    constructor(code: ErrorCodeValue, message?: string);
}
/** Throws a TimError with `code` unless `cond` holds. */
export declare function require_(cond: unknown, code: ErrorCodeValue, message?: string): asserts cond;
/**
 * The wire code for any error: domain and protocol errors keep theirs, database failures are
 * 5103, a store that refused work at once (StoreError 'busy': hashing at capacity) 5104, a value
 * the store refused before running anything (StoreError 'input': a NUL or a lone surrogate in
 * text) 4104, anything else (a bug) is 5101 and should be logged by the caller. `reason`: the
 * message a TimError or ProtocolError was given (undefined for their default text), which
 * ackInfo (protocol/error-codes.ts) may add to the error ack.
 */
export declare function errorToCode(err: unknown): {
    code: ErrorCodeValue;
    unexpected: boolean;
    reason?: string;
};
