// MODIFYAUTH (BUSINESS rtype 21): a password change, reqStr = the old password, reqStr2 = the new.
// A missing field or a wrong old password answers ONE ack {ok:false, timType:41, t:21, error:4112}
// (tim follows the wrong-password ack with a second, generic 4105 one; docs/protocol.md decision 10's single
// detailed ack is applied here too). Success: {ok:true, timType:41, t:21}.

import { TimError } from '../core/tim-error.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { Rtype } from '../protocol/rtypes.js';
import { okAck, type BusinessOp } from './context.js';

const modifyAuth: BusinessOp = async (ctx, s, req) => {
  const accounts = ctx.core.accounts;
  if (accounts === undefined) throw new TimError(ErrorCode.INTERFACE);
  if (!req.reqStr || !req.reqStr2) throw new TimError(ErrorCode.MODIFYAUTH, 'old and new passwords are required');
  if (!(await accounts.setPassword(s.node, req.reqStr2, req.reqStr))) throw new TimError(ErrorCode.MODIFYAUTH);
  okAck(ctx.core, s, Rtype.MODIFYAUTH);
};

export const accountOps: ReadonlyMap<number, BusinessOp> = new Map([[Rtype.MODIFYAUTH, modifyAuth]]);
