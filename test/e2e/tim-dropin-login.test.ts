// webtim as published logs in (issue: drop-in for tim deployments): its backend asks /timToken with
// the admin account's username/password headers and a JSON body, reads the token from the numeric
// `t` (older tim) and writes it unquoted into the browser's AUTH ({"token":1234...}); newer
// backends read the string `n2`. One token, either form, logs in exactly once.

import { beforeAll, expect, it } from 'vitest';
import { encodeClientFrame } from '../../src/protocol/frame-codec.js';
import { TimType } from '../../src/protocol/timtype.js';
import type { TimAck } from '../../src/protocol/wire-types.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { tim2, withServer } from '../helpers/tim-server.js';

const ADMIN = { username: 'webtim', password: 'admin-pw-1' };

await describeEachDatabase('tim drop-in: webtim login', (ctx) => {
  let alice: string;
  const srv = withServer(ctx, { admin: { listen: '127.0.0.1:0', keys: ['test-admin-key'], accounts: [ADMIN] } });
  beforeAll(async () => {
    alice = await srv.user('alice', 'alice-pw');
  });

  /** webtim.go's call: POST JSON {name, password, domain} with the admin headers. */
  async function timToken(body: object): Promise<Record<string, unknown>> {
    const res = await fetch(`${srv.adminUrl}/timToken`, {
      method: 'POST',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  }

  /** An AUTH frame with this exact JSON text (timjs: JSON.stringify of its TimAuth). */
  async function authWith(json: string): Promise<TimAck> {
    const c = await srv.client();
    const ack = c.next('ack', (a) => a.timType === TimType.AUTH);
    c.sendRaw(encodeClientFrame(TimType.AUTH, json));
    return ack;
  }

  it('/timToken answers the token as the number t and the string n2; t written unquoted logs in once', async () => {
    const ta = await timToken({ name: 'alice', password: 'alice-pw', domain: '' });
    expect(ta).toMatchObject({ ok: true, timType: TimType.TOKEN, n: alice });
    expect(typeof ta.t).toBe('number');
    expect(typeof ta.n2).toBe('string');
    expect(String(ta.t)).toBe(ta.n2); // one token, two forms
    expect(Number.isSafeInteger(ta.t)).toBe(true); // exact in the browser's JavaScript numbers
    // webtim: `{"ok":true,"token":` + fmt.Sprint(*ta.T) + `}` to the browser, then timjs LoginByToken.
    const json = `{"token":${String(ta.t)},"resource":"web","termtyp":1}`;
    expect(await authWith(json)).toMatchObject({ ok: true, n: alice });
    expect(await authWith(json)).toMatchObject({ ok: false, error: { code: 4115 } }); // one-time
    expect(await authWith(`{"token":"${String(ta.n2)}"}`)).toMatchObject({ ok: false, error: { code: 4115 } }); // the string form is the same token
  });

  it('the string n2 logs in once, and then its number form is used up too; by node without a password as well', async () => {
    const ta = await timToken({ name: alice });
    expect(ta).toMatchObject({ ok: true, n: alice });
    expect(await authWith(JSON.stringify({ token: ta.n2 }))).toMatchObject({ ok: true, n: alice });
    expect(await authWith(`{"token":${String(ta.t)}}`)).toMatchObject({ ok: false, error: { code: 4115 } });
  });

  it('refuses a token that is neither text nor a non-negative integer (4104) and an unknown number (4115)', async () => {
    for (const bad of ['{"token":1.5}', '{"token":-7}', '{"token":true}', '{"token":[1]}']) {
      expect(await authWith(bad), bad).toMatchObject({ ok: false, error: { code: 4104 } });
    }
    expect(await authWith('{"token":4503599627370497}')).toMatchObject({ ok: false, error: { code: 4115 } });
    expect(await authWith('{"token":123456789012345678901}')).toMatchObject({ ok: false, error: { code: 4104 } }); // beyond int64
  });

  it('POST /tim2 TOKEN answers the token in n (newer tim) and t (older tim); t logs in', async () => {
    const ack = await tim2(srv.http, TimType.TOKEN, { name: 'alice', pwd: 'alice-pw' });
    expect(ack).toMatchObject({ ok: true, timType: TimType.TOKEN });
    expect(String(ack.t)).toBe(ack.n);
    expect(await authWith(`{"token":${String(ack.t)}}`)).toMatchObject({ ok: true, n: alice });
  });
});
