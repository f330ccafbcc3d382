// Logins the application backend arranges: one-time tokens from POST /api/v1/admin/tokens and
// /timToken (usable once, refused with 4115 the second time or after limits.tokenTtlSeconds), and
// JWTs its backend signs (auth.jwt), refused with 4115 when forged, expired or mis-addressed.

import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimClient } from '../../src/client/tim-client.js';
import { userNode } from '../../src/protocol/node-id.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { adminCall, startServer, until, type TestServer } from '../helpers/tim-server.js';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const TOKENS = '/api/v1/admin/tokens';

/** The tim code a refused login carries. */
async function loginCode(c: TimClient, token: string): Promise<number | 'ok'> {
  try {
    await c.loginByToken(token);
    return 'ok';
  } catch (err) {
    return (err as { code: number }).code;
  }
}

const hs256 = (claims: Record<string, unknown>, secret = SECRET) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));

await describeEachDatabase('admin tokens and JWT logins', (ctx) => {
  let srv: TestServer;
  let shortTtl: TestServer;
  let jwtSrv: TestServer;
  let esSrv: TestServer;
  const es = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyDir = mkdtempSync(path.join(os.tmpdir(), 'tim-jwt-'));
  const pubFile = path.join(keyDir, 'es256.pem');
  writeFileSync(pubFile, es.publicKey.export({ type: 'spki', format: 'pem' }));

  beforeAll(async () => {
    srv = await startServer(ctx.database);
    shortTtl = await startServer(ctx.database, { limits: { tokenTtlSeconds: 1 } });
    jwtSrv = await startServer(ctx.database, { auth: { jwt: { secret: SECRET, issuer: 'https://app.example', audience: 'tim' } } });
    esSrv = await startServer(ctx.database, { auth: { jwt: { publicKeyFile: pubFile, nodeClaim: 'tim_node' } } });
  });
  afterAll(async () => {
    for (const s of [esSrv, jwtSrv, shortTtl, srv]) await s?.close();
  });

  describe('one-time tokens', () => {
    it('POST /tokens {node}: logs a client in once, then 4115', async () => {
      const node = await srv.user('tok-a');
      const before = Date.now();
      const res = await adminCall(srv, 'POST', TOKENS, { json: { node } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ ok: true, node });
      expect(res.body.expiresAt).toBeGreaterThanOrEqual(before + 60_000);
      expect(res.body.expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
      const first = await srv.client();
      const ack = await first.loginByToken(res.body.token);
      expect(ack).toMatchObject({ ok: true, timType: 16, n: node });
      expect(srv.app.core.registry.isOnline(node)).toBe(true);
      expect(await loginCode(await srv.client(), res.body.token)).toBe(4115);
    });

    it('POST /tokens {name, password}: checks the credentials like a login', async () => {
      const node = await srv.user('tok-b', 'right-password');
      const res = await adminCall(srv, 'POST', TOKENS, { json: { name: 'tok-b', password: 'right-password' } });
      expect(res.body).toMatchObject({ ok: true, node });
      expect((await (await srv.client()).loginByToken(res.body.token)).n).toBe(node);
      const wrong = await adminCall(srv, 'POST', TOKENS, { json: { name: 'tok-b', password: 'wrong' } });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toMatchObject({ code: 4102, message: 'name and password do not match an account' });
      const nobody = await adminCall(srv, 'POST', TOKENS, { json: { name: 'nobody-at-all', password: 'x' } });
      expect(nobody.status).toBe(401);
    });

    it('refuses an unknown node (404), a malformed one (404) and a body with neither form (400)', async () => {
      const res = await adminCall(srv, 'POST', TOKENS, { json: { node: userNode('never-registered') } });
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: 4106, message: expect.stringContaining('does not exist') });
      const malformed = await adminCall(srv, 'POST', TOKENS, { json: { node: 'not a node' } });
      expect(malformed.status).toBe(404);
      expect(malformed.body.error.message).toContain('is not a valid node');
      expect((await adminCall(srv, 'POST', TOKENS, { json: { name: 'only-a-name' } })).status).toBe(400);
      expect((await adminCall(srv, 'POST', TOKENS, { json: {} })).status).toBe(400);
    });

    it('a token is refused (4115) after limits.tokenTtlSeconds', async () => {
      const node = await shortTtl.user('tok-d');
      const res = await adminCall(shortTtl, 'POST', TOKENS, { json: { node } });
      await until(() => Date.now() > res.body.expiresAt + 10, 3000, 'token expiry');
      expect(await loginCode(await shortTtl.client(), res.body.token)).toBe(4115);
    });

    it('a banned user cannot use a token (4105)', async () => {
      const node = await srv.user('tok-e');
      const { token } = (await adminCall(srv, 'POST', TOKENS, { json: { node } })).body;
      expect((await adminCall(srv, 'PUT', `/api/v1/admin/users/${node}/block`, { json: { seconds: 60 } })).status).toBe(200);
      expect(await loginCode(await srv.client(), token)).toBe(4105);
    });

    it('/timToken: by node without a password, by credentials with one; n = node, n2 = token', async () => {
      const node = await srv.user('tok-f', 'pw-f');
      const byNode = await adminCall(srv, 'POST', '/timToken', { json: { name: node } });
      expect(byNode.body).toMatchObject({ ok: true, timType: 15, n: node });
      expect((await (await srv.client()).loginByToken(byNode.body.n2)).n).toBe(node);
      const form = new URLSearchParams({ name: 'tok-f', password: 'pw-f' }).toString();
      const byCreds = await adminCall(srv, 'POST', '/timToken', { body: form, contentType: 'application/x-www-form-urlencoded' });
      expect(byCreds.body).toMatchObject({ ok: true, timType: 15, n: node });
      expect(await loginCode(await srv.client(), byCreds.body.n2)).toBe('ok');
      const bad = await adminCall(srv, 'POST', '/timToken', { json: { name: 'tok-f', password: 'nope' } });
      expect(bad.status).toBe(200);
      expect(bad.body).toEqual({ ok: false, timType: 15, error: { code: 4102, info: 'no pass' } });
      expect((await adminCall(srv, 'POST', '/timToken', { json: {} })).body).toMatchObject({ ok: false, timType: 15, error: { code: 4104 } });
    });
  });

  describe('JWT logins (auth.jwt)', () => {
    const now = () => Math.floor(Date.now() / 1000);

    it('HS256: a valid token logs in (as often as it is presented until it expires)', async () => {
      const node = await jwtSrv.user('jwt-a');
      const token = await hs256({ sub: node, iss: 'https://app.example', aud: 'tim', exp: now() + 60 });
      expect((await (await jwtSrv.client()).loginByToken(token)).n).toBe(node);
      const again = await jwtSrv.client();
      expect((await again.loginByToken(token)).n).toBe(node);
    });

    it('HS256: refuses forged, expired, mis-addressed, exp-less, unsigned and unknown-account tokens with 4115', async () => {
      const node = await jwtSrv.user('jwt-b');
      const good = { sub: node, iss: 'https://app.example', aud: 'tim', exp: now() + 60 };
      const refused = [
        await hs256(good, 'another-secret-that-is-long-enough-too'),
        await hs256({ ...good, exp: now() - 10 }),
        await hs256({ ...good, iss: 'https://evil.example' }),
        await hs256({ ...good, aud: 'someone-else' }),
        await hs256({ sub: node, iss: 'https://app.example', aud: 'tim' }),
        await hs256({ ...good, sub: 7 }),
        await hs256({ ...good, sub: userNode('jwt-never-registered') }),
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(good)).toString('base64url')}.`,
        'not.a.jwt',
      ];
      for (const t of refused) expect(await loginCode(await jwtSrv.client(), t), t).toBe(4115);
      expect(jwtSrv.app.core.registry.isOnline(node)).toBe(false);
    });

    it('ES256 public key: the configured claim names the node; an HS256 token signed with the public key is refused', async () => {
      const node = await esSrv.user('jwt-c');
      const token = await new SignJWT({ tim_node: node }).setProtectedHeader({ alg: 'ES256' }).setExpirationTime('1m').sign(es.privateKey);
      expect((await (await esSrv.client()).loginByToken(token)).n).toBe(node);
      const pem = es.publicKey.export({ type: 'spki', format: 'pem' }) as string;
      const confused = await hs256({ tim_node: node, exp: now() + 60 }, pem);
      expect(await loginCode(await esSrv.client(), confused)).toBe(4115);
      const wrongClaim = await new SignJWT({ sub: node }).setProtectedHeader({ alg: 'ES256' }).setExpirationTime('1m').sign(es.privateKey);
      expect(await loginCode(await esSrv.client(), wrongClaim)).toBe(4115);
    });

    it('one-time tokens still work beside JWTs', async () => {
      const node = await jwtSrv.user('jwt-d');
      const { token } = (await adminCall(jwtSrv, 'POST', TOKENS, { json: { node } })).body;
      expect((await (await jwtSrv.client()).loginByToken(token)).n).toBe(node);
      expect(await loginCode(await jwtSrv.client(), token)).toBe(4115);
    });
  });
});
