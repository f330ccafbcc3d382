// The one mapping from errors to HTTP statuses and tim codes (src/admin/http-errors.ts).
import { describe, expect, it } from 'vitest';
import { AdminError, classify, errorBody, reportAdminError, statusOf } from '../../../src/admin/http-errors.js';
import { silentLogger, type Logger } from '../../../src/core/ports.js';
import { TimError } from '../../../src/core/tim-error.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { ProtocolError } from '../../../src/protocol/frame-codec.js';
import { StoreError } from '../../../src/store/errors.js';

describe('statusOf', () => {
  it('follows docs/admin-api.md section 2', () => {
    const table: [number, number][] = [
      [ErrorCode.PARAMS, 400],
      [ErrorCode.FORMAT, 400],
      [ErrorCode.NOPASS, 401],
      [ErrorCode.TOKEN, 401],
      [ErrorCode.PERM_DENIED, 403],
      [ErrorCode.BLOCK, 403],
      [ErrorCode.MODIFYAUTH, 403],
      [ErrorCode.ACCOUNT, 404],
      [ErrorCode.NOEXIST, 404],
      [ErrorCode.HASEXIST, 409],
      [ErrorCode.REPEAT, 409],
      [ErrorCode.OVERENTRY, 409],
      [ErrorCode.BIGDATA, 413],
      [ErrorCode.OVERHZ, 429],
      [ErrorCode.INTERFACE, 501],
      [ErrorCode.OVERLOAD, 503],
      [ErrorCode.DATABASE, 500],
      [ErrorCode.UNDEFINED, 500],
    ];
    for (const [code, status] of table) expect(statusOf(code as never), String(code)).toBe(status);
  });
});

describe('classify', () => {
  it('keeps a TimError code and its message, or the info text when the message is generic', () => {
    expect(classify(new TimError(ErrorCode.ACCOUNT, 'user x does not exist'))).toEqual({ status: 404, code: 4106, message: 'user x does not exist', log: false });
    expect(classify(new TimError(ErrorCode.PERM_DENIED)).message).toBe('permission denied');
    expect(classify(new ProtocolError(ErrorCode.PARAMS, 'TimMessage.udtype: out of range'))).toMatchObject({ status: 400, code: 4104 });
  });

  it('lets an AdminError override the status', () => {
    expect(classify(new AdminError(ErrorCode.NOPASS, 'wrong admin key', 401))).toMatchObject({ status: 401, code: 4102 });
    expect(classify(new AdminError(ErrorCode.PERM_DENIED, 'disabled'))).toMatchObject({ status: 403 });
  });

  it('maps fastify validation, size, media type and JSON errors', () => {
    expect(classify(Object.assign(new Error('body/to must be array'), { validation: [], statusCode: 400 }))).toMatchObject({ status: 400, code: 4104, message: 'body/to must be array' });
    expect(classify(Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' }))).toMatchObject({ status: 413, code: 4114 });
    expect(classify(Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 }))).toMatchObject({ status: 415, code: 4113 });
    expect(classify(Object.assign(new SyntaxError('Unexpected end of JSON input'), { statusCode: 400 }))).toMatchObject({ status: 400, code: 4113 });
    expect(classify(Object.assign(new Error('Body cannot be empty'), { statusCode: 400, code: 'FST_ERR_CTP_EMPTY_JSON_BODY' }))).toMatchObject({ status: 400, code: 4104 });
  });

  it('hides database and unexpected failures behind 500 and asks for a log line', () => {
    expect(classify(new StoreError('query', 'sql.login: syntax error near SELEC', { key: 'login' }))).toEqual({
      status: 500,
      code: 5103,
      message: 'the database failed; see the server log',
      log: true,
    });
    expect(classify(new TypeError('x is undefined'))).toMatchObject({ status: 500, code: 5101, log: true });
    expect(classify('a string')).toMatchObject({ status: 500, code: 5101 });
  });

  it('answers text the store refused (a NUL, a lone surrogate) with 400 and its message, unlogged', () => {
    const refused = new StoreError('input', 'sql.message.save: parameter :body holds a NUL character (U+0000) at index 3', { key: 'message.save' });
    expect(classify(refused)).toEqual({ status: 400, code: 4104, message: refused.message, log: false });
  });
});

it('errorBody carries the code, tim info text and message', () => {
  expect(errorBody({ code: ErrorCode.HASEXIST, message: 'taken' })).toEqual({ ok: false, error: { code: 4101, info: 'has exist', message: 'taken' } });
});

describe('reportAdminError (the one error path of REST, legacy paths and Admiface)', () => {
  const recorder = () => {
    const errors: { obj: unknown; msg: unknown }[] = [];
    const failures: { key: string; context: unknown }[] = [];
    const log = { ...silentLogger, error: (obj: unknown, msg?: unknown) => void errors.push({ obj, msg }) } as Logger;
    const dbErrors = { failure: (_err: unknown, key: string, context: unknown) => void failures.push({ key, context }) } as never;
    return { core: { log, dbErrors }, errors, failures };
  };

  it('sends a database failure to the rate-limited database log under its template key, not to an error line', () => {
    const r = recorder();
    const c = reportAdminError(r.core, new StoreError('query', 'sql.login: boom', { key: 'login' }), 'admin call failed', { path: '/x' });
    expect(c).toMatchObject({ status: 500, code: 5103 });
    expect(r.failures).toEqual([{ key: 'login', context: { path: '/x' } }]);
    expect(r.errors).toEqual([]);
  });

  it('logs an unexpected error as `failed` with its context, and nothing for a refusal', () => {
    const r = recorder();
    const bug = new TypeError('x is undefined');
    expect(reportAdminError(r.core, bug, 'Admiface call failed', { method: 'Ping' })).toMatchObject({ status: 500, code: 5101 });
    expect(r.errors).toEqual([{ obj: { err: bug, method: 'Ping' }, msg: 'Admiface call failed' }]);
    expect(reportAdminError(r.core, new TimError(ErrorCode.ACCOUNT, 'no such user'), 'admin call failed', {})).toMatchObject({ status: 404, code: 4106 });
    expect(r.errors).toHaveLength(1);
    expect(r.failures).toEqual([]);
  });
});
