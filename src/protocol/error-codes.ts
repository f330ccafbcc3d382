// tim's wire error codes and their exact info texts (docs/protocol.md section 12). This table is the
// only place a numeric code appears; everything else names them through ErrorCode.

import type { TimAck } from './wire-types.js';

export const ErrorCode = {
  HASEXIST: 4101,
  NOPASS: 4102,
  EXPIREOP: 4103,
  PARAMS: 4104,
  PERM_DENIED: 4105,
  ACCOUNT: 4106,
  INTERFACE: 4107,
  CANCEL: 4108,
  NOEXIST: 4109,
  BLOCK: 4110,
  OVERENTRY: 4111,
  MODIFYAUTH: 4112,
  FORMAT: 4113,
  BIGDATA: 4114,
  TOKEN: 4115,
  PING: 4116,
  REPEAT: 4117,
  UNDEFINED: 5101,
  BLOCKHANDLE: 5102,
  DATABASE: 5103,
  OVERLOAD: 5104,
  OVERHZ: 5105,
  UUID_REUSE: 1101,
  OVERTIME: 1102,
  CONNECT: 1103,
} as const;
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

const INFO: Record<ErrorCodeValue, string> = {
  4101: 'has exist',
  4102: 'no pass',
  4103: 'expire operate',
  4104: 'parameter incorrect',
  4105: 'permission denied',
  4106: 'account incorrect',
  4107: 'interface incorrect',
  4108: 'must not be a cancle object',
  4109: 'must not be a no exist object',
  4110: 'blocked object',
  4111: 'over entry',
  4112: 'modify password failed',
  4113: 'format error',
  4114: 'big data error',
  4115: 'error token',
  4116: 'error ping count',
  4117: 'error repetitive operation',
  5101: 'undefined error',
  5102: 'blocking operation',
  5103: 'database error',
  5104: 'heavy server load',
  5105: 'freq out of limit',
  1101: 'uuid reuse',
  1102: 'overtime',
  1103: 'connect error',
};

/** The wire info text of a code, exactly as tim sends it. */
export function errorInfo(code: ErrorCodeValue): string {
  return INFO[code];
}

/** Longest reason appended to an error ack's info. */
const REASON_MAX = 160;

/**
 * The `info` of an error ack. tim's TimError has only `code` and `info`, so a reason can only ride
 * in `info`: for 4104 (which field or value was wrong) it follows tim's text after ": ", e.g.
 * "parameter incorrect: node (the room) is required"; clients that compare codes are unaffected.
 * Every other code keeps tim's exact text (a refusal says no more than tim's would).
 */
export function ackInfo(code: ErrorCodeValue, reason?: string): string {
  if (code !== ErrorCode.PARAMS || reason === undefined || reason === '') return INFO[code];
  const short = reason.length > REASON_MAX ? `${reason.slice(0, REASON_MAX - 3)}...` : reason;
  return `${INFO[code]}: ${short}`;
}

/** The error ack `{ok:false, timType, error:{code, info}}` (info: ackInfo), plus `extra` fields
 *  (t/n/n2 of a BUSINESS answer). The one builder for every transport. */
export function errorAckOf(timType: number, code: ErrorCodeValue, reason?: string, extra?: Partial<TimAck>): TimAck {
  return { ok: false, timType, error: { code, info: ackInfo(code, reason) }, ...extra };
}
