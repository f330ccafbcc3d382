// Admin credentials (src/admin/admin-auth.ts), through a fastify instance driven by inject().
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { bearerAuth, bearerOf, legacyAuth, safeEqual, type AdminSecrets } from '../../../src/admin/admin-auth.js';
import { classify, errorBody } from '../../../src/admin/http-errors.js';

async function appWith(hook: ReturnType<typeof bearerAuth>) {
  const app = Fastify();
  app.setErrorHandler((err, _req, reply) => {
    const c = classify(err);
    return reply.code(c.status).send(errorBody(c));
  });
  app.addHook('onRequest', hook);
  let calls = 0;
  app.get('/x', async () => ({ calls: ++calls }));
  await app.ready();
  return app;
}

describe('safeEqual and bearerOf', () => {
  it('compares whole strings of any length', () => {
    expect(safeEqual('key', 'key')).toBe(true);
    expect(safeEqual('key', 'key2')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('ключ', 'ключ')).toBe(true);
  });

  it('reads a Bearer token, scheme case-insensitive, nothing else', () => {
    expect(bearerOf('Bearer abc')).toBe('abc');
    expect(bearerOf('bearer  abc ')).toBe('abc');
    for (const h of [undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'abc']) expect(bearerOf(h), String(h)).toBeUndefined();
  });
});

describe('bearerAuth', () => {
  const secrets: AdminSecrets = { keys: ['k1', 'k2'], accounts: [{ username: 'u', password: 'p' }] };

  it('lets any configured key through and nothing else (401 with WWW-Authenticate)', async () => {
    const app = await appWith(bearerAuth(secrets));
    expect((await app.inject({ url: '/x', headers: { authorization: 'Bearer k2' } })).json()).toEqual({ calls: 1 });
    for (const authorization of [undefined, 'Bearer k3', 'Bearer k1k2', 'k1']) {
      const res = await app.inject({ url: '/x', headers: authorization === undefined ? {} : { authorization } });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="tim-admin"');
      expect(res.json().error.code).toBe(4102);
    }
    expect((await app.inject({ url: '/x', headers: { username: 'u', password: 'p' } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/x', headers: { authorization: 'Bearer k1' } })).json()).toEqual({ calls: 2 });
    await app.close();
  });

  it('refuses everything with 403 and how to configure a key when there is none', async () => {
    const app = await appWith(bearerAuth({ keys: [], accounts: [] }));
    const res = await app.inject({ url: '/x', headers: { authorization: 'Bearer anything' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/admin\.keys.*TIM_ADMIN_KEY/);
    await app.close();
  });
});

describe('legacyAuth', () => {
  it('takes username/password headers of an account or a Bearer key', async () => {
    const app = await appWith(legacyAuth({ keys: ['k'], accounts: [{ username: 'a', password: 'one' }, { username: 'b', password: 'two' }] }));
    expect((await app.inject({ url: '/x', headers: { username: 'b', password: 'two' } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/x', headers: { authorization: 'Bearer k' } })).statusCode).toBe(200);
    for (const headers of [{ username: 'a', password: 'two' }, { username: 'b' }, { password: 'one' }, { authorization: 'Bearer x' }, {}] as Record<string, string>[]) {
      expect((await app.inject({ url: '/x', headers })).statusCode, JSON.stringify(headers)).toBe(401);
    }
    await app.close();
  });

  it('works with accounts only, and refuses with 403 when neither is configured', async () => {
    const accountsOnly = await appWith(legacyAuth({ keys: [], accounts: [{ username: 'a', password: 'one' }] }));
    expect((await accountsOnly.inject({ url: '/x', headers: { username: 'a', password: 'one' } })).statusCode).toBe(200);
    expect((await accountsOnly.inject({ url: '/x', headers: { authorization: 'Bearer one' } })).statusCode).toBe(401);
    await accountsOnly.close();
    const none = await appWith(legacyAuth({ keys: [], accounts: [] }));
    const res = await none.inject({ url: '/x', headers: { username: 'admin', password: '123' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/admin\.accounts/);
    await none.close();
  });
});
