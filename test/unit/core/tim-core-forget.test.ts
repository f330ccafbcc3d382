// TimCore.forget: the one call after a relation change forgets the node's auth-cache answers and
// roster lists together (a real TimCore over a Store double that counts the list queries).

import { afterEach, beforeEach, expect, it } from 'vitest';
import { roomAuthKey, userAuthKey } from '../../../src/core/auth-cache.js';
import { buildConfig } from '../../../src/config/load-config.js';
import { silentLogger, systemClock } from '../../../src/core/ports.js';
import { TimCore } from '../../../src/core/tim-core.js';
import { MemoryTokenStore } from '../../../src/core/tokens.js';
import type { Store } from '../../../src/store/store.js';

let core: TimCore;
let asked: string[];

beforeEach(() => {
  asked = [];
  const store = {
    roster: async (n: string) => (asked.push(`roster ${n}`), ['f']),
    roomRoster: async (r: string) => (asked.push(`room ${r}`), ['m']),
  } as unknown as Store;
  const config = buildConfig({ mode: 'external' });
  core = new TimCore({
    limits: config.limits,
    mode: 'external',
    disabledApis: [],
    store,
    tokens: new MemoryTokenStore(60_000),
    logger: silentLogger,
    clock: systemClock,
    instanceHash: 0,
  });
});
afterEach(() => core.close());

it('forgets the auth answers and the roster lists of each node, and leaves the others', async () => {
  await core.rosters.room('r1');
  await core.rosters.room('r2');
  await core.rosters.friends('u1');
  core.authCache.set(roomAuthKey('r1', 'u9'), true);
  core.authCache.set(roomAuthKey('r2', 'u9'), true);
  core.authCache.set(userAuthKey('u1', 'u2'), true);

  await core.forget('r1', 'u1');
  expect(core.rosters.peekRoom('r1')).toBeUndefined();
  expect(core.rosters.peekFriends('u1')).toBeUndefined();
  expect(core.authCache.peek(roomAuthKey('r1', 'u9'))).toBeUndefined();
  expect(core.authCache.peek(userAuthKey('u1', 'u2'))).toBeUndefined();
  expect(core.rosters.peekRoom('r2')).toEqual(['m']);
  expect(core.authCache.peek(roomAuthKey('r2', 'u9'))).toBe(true);

  await core.rosters.room('r1');
  expect(asked).toEqual(['room r1', 'room r2', 'roster u1', 'room r1']);
});

it('forgetting many nodes at once empties the auth cache instead of scanning it per node', async () => {
  core.authCache.set(userAuthKey('x', 'y'), true);
  await core.rosters.room('keep');
  await core.forget(...Array.from({ length: 9 }, (_, i) => `n${i}`));
  expect(core.authCache.peek(userAuthKey('x', 'y'))).toBeUndefined();
  expect(core.rosters.peekRoom('keep')).toEqual(['m']);
});
