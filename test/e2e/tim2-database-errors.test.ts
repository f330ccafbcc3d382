// POST /tim2 (REGISTER 14, TOKEN 15) when the database fails under it: the answer is the error ack
// 5103, the failure goes to the same rate-limited database log as the socket's frames
// (core/frame-error.ts reportError), with the template key and the /tim2 context, and once the
// database answers again so does /tim2. Builtin mode: the failure is made by renaming a table the
// login and register statements use, and undone by renaming it back.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { TimType } from '../../src/protocol/timtype.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { capturedLogger, LEVEL } from '../helpers/log-lines.js';
import { startServer, tim2, type TestServer } from '../helpers/tim-server.js';

await describeEachDatabase('/tim2 when the database fails', (ctx) => {
  let srv: TestServer;
  const { logger, lines } = capturedLogger('warn');
  beforeAll(async () => {
    srv = await startServer(ctx.database, { limits: { dbErrorLogSeconds: 0 } }, { logger });
  });
  afterAll(() => srv?.close());

  it('answers 5103, logs the database error with its context, and serves again once the database does', async () => {
    await srv.user('t2db', 'pw-t2db');
    const ok = await tim2(srv.http, TimType.TOKEN, { name: 't2db', pwd: 'pw-t2db' });
    expect(ok.ok).toBe(true);

    await srv.knex.schema.renameTable('tim_user', 'tim_user_away');
    try {
      const token = await tim2(srv.http, TimType.TOKEN, { name: 't2db', pwd: 'pw-t2db' });
      expect(token.ok).toBe(false);
      expect(token.error?.code).toBe(5103);
      const register = await tim2(srv.http, TimType.REGISTER, { name: 't2db-new', pwd: 'pw-t2db-new' });
      expect(register.ok).toBe(false);
      expect(register.error?.code).toBe(5103);
    } finally {
      await srv.knex.schema.renameTable('tim_user_away', 'tim_user');
    }
    const logged = lines.filter((l) => l.level === LEVEL.ERROR && l.path === '/tim2');
    expect(logged.map((l) => l.type).sort()).toEqual([TimType.REGISTER, TimType.TOKEN].sort());
    for (const l of logged) expect(l.msg).toBe('database error');

    const again = await tim2(srv.http, TimType.TOKEN, { name: 't2db', pwd: 'pw-t2db' });
    expect(again.ok).toBe(true);
  });
});
