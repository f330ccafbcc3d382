// The cluster's pieces on their own: the bus wire format, the cluster.redis URL options, the
// device-limit script (against tim's kick-the-oldest rule as core/handlers/auth.ts applies it on
// one node), the token store and the registry's expiry, on the machine's Redis under a prefix of
// this run.

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBusMessage, encodeBusMessage, type BusMessage } from '../../src/cluster/bus.js';
import { parseRedisUrl, RedisLink } from '../../src/cluster/redis-link.js';
import { RedisRegistry } from '../../src/cluster/redis-registry.js';
import { RedisTokenStore } from '../../src/cluster/redis-token-store.js';
import type { Limits } from '../../src/config/types.js';
import { silentLogger } from '../../src/core/ports.js';
import { until } from '../helpers/tim-server.js';
import { dropPrefix, ping, redisUrl, SHARED_REDIS_PORT, uniquePrefix } from './cluster-helpers.js';

describe('bus wire format', () => {
  it('round-trips every field, with the binary part raw and the sender apart from a `from` field', () => {
    const msgs: BusMessage[] = [
      { kind: 'frame', user: 'u1', data: Buffer.from([0x5a, 0x0a, 0x00, 0xff]) },
      { kind: 'deliver', rid: 7, user: 'u2', type: 90, data: Buffer.from('{"a":"\\n"}'), offline: { id: 1, mid: 2, time: 3 } },
      { kind: 'result', rid: 7, value: 1 },
      { kind: 'result', rid: 8, value: 2, data: Buffer.from('{"total":2,"rest":0,"items":[]}') },
      { kind: 'sessions', rid: 9, user: 'u4', after: 12, limit: 100 },
      { kind: 'detect', rid: 10, users: ['u5', 'u6'] },
      { kind: 'kick', user: 'u3', notify: false, sids: [4, 5] },
      { kind: 'vroom', vnode: 'v', from: 'pusher', dtype: 3, data: Buffer.alloc(0) },
    ];
    for (const m of msgs) {
      const { msg, from } = decodeBusMessage(encodeBusMessage(m, 'node-x'));
      expect(from).toBe('node-x');
      expect(msg).toEqual(m);
    }
    expect(() => decodeBusMessage(Buffer.from('no header'))).toThrow();
  });
});

describe('cluster.redis URL options', () => {
  it('takes prefix and timings from the query and hands ioredis the rest', () => {
    expect(parseRedisUrl('redis://h:1/2')).toEqual({ url: 'redis://h:1/2', prefix: 'tim:', heartbeatMs: 2000, nodeTtlMs: 10_000, timeoutMs: 2000 });
    const o = parseRedisUrl('redis://:pw@h:1/0?prefix=chat:&heartbeatMs=100&nodeTtlMs=400&family=4');
    expect(o).toMatchObject({ prefix: 'chat:', heartbeatMs: 100, nodeTtlMs: 400 });
    expect(new URL(o.url).searchParams.get('family')).toBe('4');
    expect(new URL(o.url).searchParams.has('prefix')).toBe(false);
    expect(() => parseRedisUrl('redis://h/0?heartbeatMs=x')).toThrow(/heartbeatMs/);
    expect(() => parseRedisUrl('redis://h/0?heartbeatMs=1000&nodeTtlMs=2000')).toThrow(/3 heartbeats/);
  });
});

interface Entry {
  field: string;
  at: number;
  termtyp: number;
}

/** tim's rule (docs/protocol.md 5.2 step 5, decision 10) as auth.ts's enforceDeviceLimits applies it. */
function reference(entries: Entry[], termtyp: number, limits: Limits, now: number): string[] | 'over' {
  const existing = [...entries].sort((a, b) => a.at - b.at || (a.field < b.field ? -1 : 1));
  const sameType = termtyp > 0 ? existing.filter((x) => x.termtyp === termtyp) : [];
  const overAll = existing.length - limits.deviceLimit + 1;
  const overType = termtyp > 0 ? sameType.length - limits.deviceTypeLimit + 1 : 0;
  if (overAll <= 0 && overType <= 0) return [];
  const last = Math.max(...existing.map((e) => e.at));
  if (now - last <= limits.kickWindowSeconds * 1000) return 'over';
  const victims: string[] = [];
  for (const x of sameType) if (victims.length < overType) victims.push(x.field);
  for (const x of existing) if (victims.length < Math.max(overAll, overType) && !victims.includes(x.field)) victims.push(x.field);
  return victims;
}

const redisUp = await ping(SHARED_REDIS_PORT);
if (!redisUp && process.env.CI === 'true') throw new Error(`the cluster units need Redis on 127.0.0.1:${SHARED_REDIS_PORT}`);

describe.skipIf(!redisUp)(`on Redis${redisUp ? '' : ` (skipped: no Redis on 127.0.0.1:${SHARED_REDIS_PORT})`}`, () => {
  const prefix = uniquePrefix();
  let link: RedisLink;
  let raw: Redis;
  let registry: RedisRegistry;

  beforeAll(async () => {
    link = new RedisLink(parseRedisUrl(redisUrl(SHARED_REDIS_PORT, prefix)), silentLogger, 'self');
    expect(await link.connect(5000)).toBe(true);
    registry = new RedisRegistry(link, 'self', () => ({}), silentLogger);
    await registry.start();
    raw = new Redis({ host: '127.0.0.1', port: SHARED_REDIS_PORT });
  });

  afterAll(async () => {
    await registry?.close();
    await link?.close();
    raw?.disconnect();
    await dropPrefix(SHARED_REDIS_PORT, prefix);
  });

  it("the admission script picks the same victims as the single-node rule (300 random cases)", async () => {
    // Two other live nodes; entries of a dead one must not count (and are dropped).
    await raw.set(`${prefix}alive:n1`, '{}', 'PX', 60_000);
    await raw.set(`${prefix}alive:n2`, '{}', 'PX', 60_000);
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const now = 10_000_000;
    for (let i = 0; i < 300; i++) {
      const user = `user${i}`;
      const live: Entry[] = [];
      const fields: string[] = [];
      for (let j = 0, n = rnd(6); j < n; j++) {
        const server = ['n1', 'n2', 'self', 'dead'][rnd(4)];
        const e = { field: `${server}/${100 + j}`, at: now - 1000 * (1 + rnd(20)), termtyp: rnd(3) };
        fields.push(e.field, `${e.at}/${e.termtyp}`);
        if (server !== 'dead') live.push(e);
      }
      if (fields.length > 0) await raw.hset(`${prefix}u:${user}`, ...fields);
      const limits = { deviceLimit: 1 + rnd(3), deviceTypeLimit: 1 + rnd(2), kickWindowSeconds: rnd(2) * 5 } as Limits;
      const termtyp = rnd(3);
      const want = reference(live, termtyp, limits, now);
      const got = await registry.admit(user, 999, termtyp, now, limits);
      if (want === 'over') {
        expect(got, `case ${i}`).toBeNull();
      } else {
        expect(got?.victims.map((v) => `${v.server}/${v.sid}`), `case ${i}`).toEqual(want);
        const left = await raw.hkeys(`${prefix}u:${user}`);
        expect(left.sort(), `case ${i}`).toEqual([...live.map((e) => e.field).filter((f) => !want.includes(f)), 'self/999'].sort());
      }
    }
  });

  it('release answers the sockets left anywhere; holders lists the other nodes', async () => {
    await raw.hset(`${prefix}u:zed`, 'n1/1', '1/1', 'dead/2', '1/1');
    const limits = { deviceLimit: 5, deviceTypeLimit: 5, kickWindowSeconds: 0 } as Limits;
    expect(await registry.admit('zed', 7, 1, Date.now(), limits)).toEqual({ victims: [] });
    expect([...(await registry.holders('zed'))].sort()).toEqual(['n1']); // the dead entry was dropped by admit
    expect(await registry.release('zed', 7)).toBe(1);
    expect(await raw.sismember(`${prefix}n:self`, 'zed')).toBe(0);
  });

  it("a dead node's entries stop counting when its liveness key expires, and a live node reaps them", async () => {
    await raw.set(`${prefix}alive:gone`, '{}', 'PX', 300);
    await raw.sadd(`${prefix}nodes`, 'gone');
    await raw.sadd(`${prefix}n:gone`, 'yan');
    await raw.hset(`${prefix}u:yan`, 'gone/1', `${Date.now()}/1`);
    await until(async () => !(await raw.sismember(`${prefix}nodes`, 'gone')), 5000, 'the reaper');
    expect(await raw.hkeys(`${prefix}u:yan`)).toEqual([]);
    expect(await raw.exists(`${prefix}n:gone`)).toBe(0);
  });

  it('tokens are one-time across stores sharing Redis, and expire', async () => {
    const t1 = new RedisTokenStore(link, 60_000, silentLogger);
    const t2 = new RedisTokenStore(link, 60_000, silentLogger);
    const { token } = await t1.issue({ node: 'n', name: 'x' });
    const both = await Promise.all([t1.consume(token), t2.consume(token)]);
    expect(both.filter((g) => g !== null)).toEqual([{ node: 'n', name: 'x' }]);
    const short = new RedisTokenStore(link, 50, silentLogger);
    const { token: t } = await short.issue({ node: 'n' });
    await until(async () => (await raw.exists(`${prefix}tok:${t}`)) === 0, 5000, 'the token to expire');
    expect(await t2.consume(t)).toBeNull();
    await Promise.all([t1.close(), t2.close(), short.close()]);
  });
});
