// Login (docs/protocol.md 5): password and token logins, the exact acks and codes, frames before
// login, PING, device limits with the kick-the-oldest rule, login and ping timeouts.

import WebSocket from 'ws';
import { expect, it } from 'vitest';
import { userNode } from '../../src/protocol/node-id.js';
import { thriftDecode } from '../../src/protocol/thrift-codec.js';
import { T_ACK } from '../../src/protocol/thrift-structs.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { bodyOf, isErrorAck, recordFrames } from '../helpers/frames.js';
import { type TestServer, until, withServer } from '../helpers/tim-server.js';

async function tim2(srv: TestServer, type: number, body: object): Promise<any> {
  const res = await fetch(`${srv.http}/tim2`, {
    method: 'POST',
    body: Buffer.concat([Buffer.from([type | 0x80]), Buffer.from(JSON.stringify(body))]),
  });
  const buf = Buffer.from(await res.arrayBuffer());
  expect(buf[0]).toBe(0x0c);
  return bodyOf(buf);
}

await describeEachDatabase('login', (ctx) => {
  const srv = withServer(ctx);

  it('answers a password login with tim ack bytes: 0x0C, ok, timType 16, own node', async () => {
    await srv.user('alice', '123');
    const c = await srv.client();
    const log = recordFrames(c);
    const ack = await c.login('alice', '123');
    expect(ack.n).toBe(userNode('alice')); // builtin nodes are tim's (docs/protocol.md decision 12)
    const f = await log.wait((x) => x[0] === 0x0c);
    const body = bodyOf(f);
    expect(body).toMatchObject({ ok: true, timType: 16, n: userNode('alice') });
    expect(Number.isInteger(body.t)).toBe(true);
    expect(typeof body.n2).toBe('string');
  });

  it('refuses a wrong password and an unknown user alike with 4105', async () => {
    await srv.user('bob', 'right');
    for (const [name, pwd] of [
      ['bob', 'wrong'],
      ['nobody-here', 'x'],
      ['bob', ''],
    ]) {
      const c = await srv.client();
      await expect(c.login(name, pwd)).rejects.toMatchObject({ code: 4105 });
    }
  });

  it('answers a second AUTH on a logged-in socket with ok and no node', async () => {
    const c = await srv.login('twice');
    const log = recordFrames(c);
    c.sendRaw(Buffer.concat([Buffer.from([0x90]), Buffer.from(JSON.stringify({ name: 'twice', pwd: 'x' }))]));
    const f = await log.wait((x) => x[0] === 0x0c);
    expect(bodyOf(f)).toEqual({ ok: true, timType: 16 });
  });

  it('refuses an undecodable Thrift AUTH (JSON bit clear) with 4104, answered in Thrift (docs/thrift.md)', async () => {
    const c = await srv.client();
    const log = recordFrames(c);
    c.sendRaw(Buffer.from([0x10, 1, 2, 3]));
    const f = await log.wait((x) => x[0] === 0x0c);
    expect(thriftDecode(T_ACK, f.subarray(1))).toEqual({ ok: false, timType: 16, error: { code: 4104, info: 'parameter incorrect' } });
  });

  it('closes a socket that sends anything but AUTH or PING before login, with no reply', async () => {
    const c = await srv.client();
    const log = recordFrames(c);
    c.sendRaw(Buffer.from([0x8d])); // PING before login: no answer, no close
    c.sendRaw(Buffer.from([0x91])); // OFFLINEMSG before login: close
    const closed = await c.next('close');
    expect(closed.code).toBe(4006);
    expect(log.frames).toHaveLength(0);
  });

  it('answers PING with the single byte 0x0D', async () => {
    const c = await srv.login('pinger');
    const log = recordFrames(c);
    c.ping();
    const f = await log.wait((x) => x[0] === 0x0d);
    expect(f).toEqual(Buffer.from([0x0d]));
  });

  it('issues a one-time token over POST /tim2 that logs in once, then 4115', async () => {
    await srv.user('tok', 'pw');
    const bad = await tim2(srv, 15, { name: 'tok', pwd: 'nope' });
    expect(bad).toMatchObject({ ok: false, timType: 15, error: { code: 4102 } });
    const ok = await tim2(srv, 15, { name: 'tok', pwd: 'pw' });
    expect(ok).toMatchObject({ ok: true, timType: 15 });
    const c1 = await srv.client();
    const ack = await c1.loginByToken(ok.n);
    expect(ack.n).toBe(userNode('tok'));
    const c2 = await srv.client();
    await expect(c2.loginByToken(ok.n)).rejects.toMatchObject({ code: 4115 });
    const c3 = await srv.client();
    await expect(c3.loginByToken('NotAToken')).rejects.toMatchObject({ code: 4115 });
  });

  it('kicks the oldest device when over deviceLimit and the window has passed', async () => {
    const first = await srv.login('kicked');
    const closed = first.next('close');
    const second = await srv.client();
    await second.login('kicked', 'secret-kicked');
    expect((await closed).code).toBe(4004);
    expect(second.authenticated).toBe(true);
  });
});

await describeEachDatabase('login limits', (ctx) => {
  const srv = withServer(ctx, {
    limits: { kickWindowSeconds: 3600, deviceLimit: 2, deviceTypeLimit: 1, loginTimeoutSeconds: 2, pingTimeoutSeconds: 2 },
  });

  it('answers 4111 inside the kick window, counting devices per termtyp with >=', async () => {
    await srv.login('multi', { termtyp: 1 });
    const sameType = await srv.client({ termtyp: 1 });
    await expect(sameType.login('multi', 'secret-multi')).rejects.toMatchObject({ code: 4111 });
    const otherType = await srv.client({ termtyp: 2 });
    await otherType.login('multi', 'secret-multi'); // two devices of different types: allowed
    const third = await srv.client({ termtyp: 3 });
    await expect(third.login('multi', 'secret-multi')).rejects.toMatchObject({ code: 4111 });
  });

  it('closes a socket that never logs in after loginTimeoutSeconds', async () => {
    const ws = new WebSocket(srv.url);
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(4002);
  });

  it('closes a logged-in socket that stops pinging after pingTimeoutSeconds', async () => {
    const c = await srv.login('silent');
    const closed = await c.next('close', undefined, 10_000);
    expect(closed.code).toBe(4003);
  });

  it('keeps a pinging socket open past the ping timeout', async () => {
    const c = await srv.login('alive', { pingIntervalMs: 100 });
    let pongs = 0;
    c.on('pong', () => pongs++);
    // 30 answered pings at 100 ms span well over the 2 s timeout.
    await until(() => pongs >= 30 || !c.connected, 10_000, 'pongs');
    expect(c.connected).toBe(true);
  });
});
