// The ONE mapping from anything an admin route can throw to an HTTP status and a tim code
// (docs/architecture.md, principle 5); the tim code of a domain, protocol or store error is
// core/tim-error.ts errorToCode's, the same the socket's error acks carry. REST answers `status` with `{ok:false, error:{code, info, message}}`;
// the legacy tim paths answer HTTP 200 with a TimAck carrying the same code (docs/admin-api.md section 5),
// except for credentials (401) and oversized bodies (413). reportAdminError is the one error path
// of every admin transport (REST, the legacy tim paths, Admiface): classify, then log.
//
// Statuses: the table of docs/admin-api.md section 2, which makes these choices:
//  - 4107 (interface incorrect: the operation does not exist in this server's mode, e.g. POST /users
//    in external mode) -> 501;
//  - 4108 (cancelled room) -> 404, 4112 (password change refused) -> 403, 4114 -> 413;
//  - 5104 (overload) -> 503, 1102 (timeout) -> 504.

import { StoreError } from '../store/errors.js';
import { ErrorCode, errorInfo, type ErrorCodeValue } from '../protocol/error-codes.js';
import type { CoreContext } from '../core/core-context.js';
import { logDatabaseError } from '../core/frame-error.js';
import { errorToCode } from '../core/tim-error.js';

/** An admin-layer refusal: a tim code plus a message for the caller, and optionally a status
 *  that overrides the table (401 for credentials, 404 for an unknown route, ...). */
export class AdminError extends Error {
  constructor(
    readonly code: ErrorCodeValue,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

const STATUS: Partial<Record<ErrorCodeValue, number>> = {
  [ErrorCode.PARAMS]: 400,
  [ErrorCode.FORMAT]: 400,
  [ErrorCode.NOPASS]: 401,
  [ErrorCode.TOKEN]: 401,
  [ErrorCode.PERM_DENIED]: 403,
  [ErrorCode.BLOCK]: 403,
  [ErrorCode.MODIFYAUTH]: 403,
  [ErrorCode.ACCOUNT]: 404,
  [ErrorCode.NOEXIST]: 404,
  [ErrorCode.CANCEL]: 404,
  [ErrorCode.HASEXIST]: 409,
  [ErrorCode.REPEAT]: 409,
  [ErrorCode.EXPIREOP]: 409,
  [ErrorCode.OVERENTRY]: 409,
  [ErrorCode.BIGDATA]: 413,
  [ErrorCode.OVERHZ]: 429,
  [ErrorCode.INTERFACE]: 501,
  [ErrorCode.OVERLOAD]: 503,
  [ErrorCode.OVERTIME]: 504,
};

export function statusOf(code: ErrorCodeValue): number {
  return STATUS[code] ?? 500;
}

export interface ClassifiedError {
  status: number;
  code: ErrorCodeValue;
  /** for the caller: what was wrong, in words */
  message: string;
  /** a bug or a database failure: the caller should log it */
  log: boolean;
}

/** Fastify's own errors (validation, body parsing, size) as they reach an error handler. */
interface FastifyishError {
  statusCode?: number;
  code?: string;
  validation?: unknown;
  message: string;
}

/** Anything thrown in an admin route as status, code and message. The code of a TimError,
 *  ProtocolError or StoreError is the one mapping's (core/tim-error.ts errorToCode, also behind the
 *  socket's error acks, core/frame-error.ts); only the status and the caller's text are decided here. */
export function classify(err: unknown): ClassifiedError {
  if (err instanceof AdminError) return { status: err.status ?? statusOf(err.code), code: err.code, message: err.message, log: false };
  const mapped = errorToCode(err);
  if (!mapped.unexpected) {
    const { code } = mapped;
    return { status: statusOf(code), code, message: messageOf(err, code, mapped.reason), log: code === ErrorCode.DATABASE };
  }
  const f = err as FastifyishError;
  if (f !== null && typeof f === 'object' && typeof f.message === 'string') {
    if (f.validation !== undefined) return { status: 400, code: ErrorCode.PARAMS, message: f.message, log: false };
    if (f.statusCode === 413) return { status: 413, code: ErrorCode.BIGDATA, message: f.message, log: false };
    if (f.statusCode === 415) return { status: 415, code: ErrorCode.FORMAT, message: f.message, log: false };
    if (f.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || f instanceof SyntaxError) {
      return { status: 400, code: ErrorCode.FORMAT, message: `the body is not valid JSON: ${f.message}`, log: false };
    }
    if (typeof f.statusCode === 'number' && f.statusCode >= 400 && f.statusCode < 500) {
      return { status: f.statusCode, code: ErrorCode.PARAMS, message: f.message, log: false };
    }
  }
  return { status: 500, code: ErrorCode.UNDEFINED, message: 'internal error; see the server log', log: true };
}

/** The one error path of the admin transports: classifies `err` and logs what is ours to log: a
 *  database failure through the core's rate-limited database log (core/frame-error.ts
 *  logDatabaseError, under 'admin' when the error has no template key), anything unexpected as an
 *  error line `failed` with `context`. The caller answers its own way (REST body, TimAck, Thrift). */
export function reportAdminError(core: Pick<CoreContext, 'log' | 'dbErrors'>, err: unknown, failed: string, context: Record<string, unknown>): ClassifiedError {
  const c = classify(err);
  if (c.log && c.code === ErrorCode.DATABASE) logDatabaseError(core, err, 'admin', context);
  else if (c.log) core.log.error({ err, ...context }, failed);
  return c;
}

/** The caller's text for a mapped error: its own message when it has one, else the code's info
 *  text; a database failure is not described (its detail goes to the server log only). */
function messageOf(err: unknown, code: ErrorCodeValue, reason: string | undefined): string {
  if (code === ErrorCode.DATABASE) return 'the database failed; see the server log';
  if (code === ErrorCode.OVERLOAD && err instanceof StoreError) return 'password hashing is at capacity; retry shortly';
  if (err instanceof StoreError) return err.message;
  return reason === undefined || reason === '' || /^tim error \d+$/.test(reason) ? errorInfo(code) : reason;
}

/** The REST error body. */
export function errorBody(c: Pick<ClassifiedError, 'code' | 'message'>): { ok: false; error: { code: number; info: string; message: string } } {
  return { ok: false, error: { code: c.code, info: errorInfo(c.code), message: c.message } };
}
