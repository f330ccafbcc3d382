// 4104 answers carry a short reason after tim's text (issue 16): tim's TimError has only `code` and
// `info`, so the reason rides in info ("parameter incorrect: node is required"); other codes and
// refused logins keep tim's exact text. The refusals here happen before any SQL: SQLite only.

import { expect, it } from 'vitest';
import { ackInfo, ErrorCode, errorInfo } from '../../src/protocol/error-codes.js';
import { TimType } from '../../src/protocol/timtype.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { bodyOf, isErrorAck, recordFrames } from '../helpers/frames.js';
import { withServer } from '../helpers/tim-server.js';

const { BUSINESS, AUTH } = TimType;

it('ackInfo: the reason follows tim text for 4104 only, shortened past 160 characters', () => {
  expect(ackInfo(ErrorCode.PARAMS, 'node is required')).toBe('parameter incorrect: node is required');
  expect(ackInfo(ErrorCode.PARAMS)).toBe(errorInfo(ErrorCode.PARAMS));
  expect(ackInfo(ErrorCode.PARAMS, '')).toBe('parameter incorrect');
  expect(ackInfo(ErrorCode.PERM_DENIED, 'not friends')).toBe('permission denied');
  const long = ackInfo(ErrorCode.PARAMS, 'x'.repeat(500));
  expect(long.length).toBe('parameter incorrect: '.length + 160);
  expect(long.endsWith('...')).toBe(true);
});

await describeEachDatabase(
  '4104 reasons',
  (ctx) => {
    const srv = withServer(ctx);

    it.each([
      [{ rtype: 6 }, 'parameter incorrect: node is required'], // remove friend without a node
      [{ rtype: 4, node: 'x' }, 'parameter incorrect: node and reqStr are required'], // add friend without reqStr
      [{ rtype: 99 }, 'parameter incorrect: unknown rtype'],
    ])('BUSINESS %j is answered 4104 with the reason', async (req, info) => {
      const c = await srv.login(`u${req.rtype}`);
      const log = recordFrames(c);
      c.business(req);
      const ack = bodyOf(await log.wait(isErrorAck(BUSINESS, ErrorCode.PARAMS)));
      expect(ack.error).toEqual({ code: ErrorCode.PARAMS, info });
    });

    it('a refused login keeps tim text, whatever the reason', async () => {
      const c = await srv.client();
      const log = recordFrames(c);
      c.sendRaw(Buffer.concat([Buffer.from([0x80 | AUTH]), Buffer.from('[1,2')]));
      const ack = bodyOf(await log.wait(isErrorAck(AUTH, ErrorCode.PARAMS)));
      expect(ack.error).toEqual({ code: ErrorCode.PARAMS, info: 'parameter incorrect' });
    });
  },
  { clients: ['sqlite'] },
);
