// Domain errors carry a tim wire code. This file holds the ONE mapping from any thrown value to
// the code sent on the wire (errorToCode); the admin API has its own mapping to HTTP statuses.

import { ErrorCode, errorInfo, type ErrorCodeValue } from '../protocol/error-codes.js';
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

/**
 * The wire code for any error: domain and protocol errors keep theirs, database failures are
 * 5103, a store that refused work at once (StoreError 'busy': hashing at capacity) 5104, a value
 * the store refused before running anything (StoreError 'input': a NUL or a lone surrogate in
 * text) 4104, anything else (a bug) is 5101 and should be logged by the caller. `reason`: the
 * message a TimError or ProtocolError was given (undefined for their default text), which
 * ackInfo (protocol/error-codes.ts) may add to the error ack.
 */
export function errorToCode(err: unknown): { code: ErrorCodeValue; unexpected: boolean; reason?: string } {
  if (err instanceof TimError) return { code: err.code, unexpected: false, reason: explicit(err.message, `tim error ${err.code}`) };
  if (err instanceof ProtocolError) return { code: err.code, unexpected: false, reason: explicit(err.message, errorInfo(err.code)) };
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

/** `message` unless it is the error's default text. */
function explicit(message: string, fallback: string): string | undefined {
  return message === fallback ? undefined : message;
}
