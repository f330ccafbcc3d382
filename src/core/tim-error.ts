// Domain errors carry a tim wire code. This file holds the ONE mapping from any thrown value to
// the code sent on the wire (errorToCode); the admin API has its own mapping to HTTP statuses.

import { ErrorCode, type ErrorCodeValue } from '../protocol/error-codes.js';
import { ProtocolError } from '../protocol/frame-codec.js';
import { StoreError } from '../store/errors.js';

/** A refusal the client should see as `TimAck{ok:false, error:{code}}`. */
export class TimError extends Error {
  constructor(
    readonly code: ErrorCodeValue,
    message?: string,
  ) {
    super(message ?? `tim error ${code}`);
    this.name = 'TimError';
  }
}

/** Throws a TimError with `code` unless `cond` holds. */
export function require_(cond: unknown, code: ErrorCodeValue, message?: string): asserts cond {
  if (!cond) throw new TimError(code, message);
}

/**
 * The wire code for any error: domain and protocol errors keep theirs, database failures are
 * 5103, a store that refused work at once (StoreError 'busy': hashing at capacity) 5104, a value
 * the store refused before running anything (StoreError 'input': a NUL or a lone surrogate in
 * text) 4104, anything else (a bug) is 5101 and should be logged by the caller.
 */
export function errorToCode(err: unknown): { code: ErrorCodeValue; unexpected: boolean } {
  if (err instanceof TimError) return { code: err.code, unexpected: false };
  if (err instanceof ProtocolError) return { code: err.code, unexpected: false };
  if (err instanceof StoreError) return { code: STORE_CODES[err.kind], unexpected: false };
  return { code: ErrorCode.UNDEFINED, unexpected: true };
}

const STORE_CODES: Record<StoreError['kind'], ErrorCodeValue> = {
  connect: ErrorCode.DATABASE,
  query: ErrorCode.DATABASE,
  shape: ErrorCode.DATABASE,
  busy: ErrorCode.OVERLOAD,
  input: ErrorCode.PARAMS,
};
