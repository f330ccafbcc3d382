import { describe, expect, it } from 'vitest';
import { AuthCache } from '../../../src/core/auth-cache.js';
import { Permissions } from '../../../src/core/permissions.js';
import { TimError } from '../../../src/core/tim-error.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { userNode } from '../../../src/protocol/node-id.js';
import type { Store } from '../../../src/store/store.js';
import { codeOf } from '../../helpers/protocol-error.js';

const alice = userNode('alice');
const bob = userNode('bob');

function setup(answers: { exists?: boolean; auth?: boolean } = {}) {
  const calls: string[] = [];
  const store = {
    userExists: async (n: string) => (calls.push(`ue ${n}`), answers.exists ?? true),
    roomExists: async (n: string) => (calls.push(`re ${n}`), answers.exists ?? true),
    userAuth: async (a: string, b: string) => (calls.push(`ua ${a} ${b}`), answers.auth ?? true),
    roomAuth: async (r: string, u: string) => (calls.push(`ra ${r} ${u}`), answers.auth ?? true),
  } as unknown as Store;
  const perms = new Permissions(store, new AuthCache(60_000, 5_000, 1000, () => 0), true);
  return { perms, calls };
}

describe('Permissions', () => {
  it('node() checks syntax (and the check byte in builtin mode)', () => {
    const { perms } = setup();
    expect(perms.node(alice)).toBe(alice);
    for (const bad of ['', 5, undefined, 'x'.repeat(65), alice.slice(0, -1) + (alice.endsWith('a') ? 'b' : 'a'), '0OIl']) {
      expect(codeOf(() => perms.node(bad)), String(bad)).toBe(ErrorCode.ACCOUNT);
    }
    const external = new Permissions({} as Store, new AuthCache(1, 1), false);
    expect(external.node('any-id')).toBe('any-id');
    expect(external.isValidNode('x'.repeat(64))).toBe(true);
    expect(external.isValidNode('x'.repeat(65))).toBe(false);
  });

  it('must* ask the Store once, then answer synchronously from the cache', async () => {
    const { perms, calls } = setup();
    const first = perms.mustUserAuth(alice, bob);
    expect(first).toBeInstanceOf(Promise);
    await first;
    expect(perms.mustUserAuth(alice, bob)).toBeUndefined();
    await perms.mustExist(bob);
    expect(perms.mustExist(bob)).toBeUndefined();
    await perms.mustRoomExist('room');
    await perms.mustRoomAuth('room', alice);
    expect(perms.mustRoomExist('room')).toBeUndefined();
    expect(perms.mustRoomAuth('room', alice)).toBeUndefined();
    expect(calls).toEqual([`ua ${alice} ${bob}`, `ue ${bob}`, 're room', `ra room ${alice}`]);
  });

  it('must* refuse with their codes, as a rejection and then synchronously', async () => {
    const { perms } = setup({ exists: false, auth: false });
    await expect(perms.mustExist(bob)).rejects.toMatchObject({ code: ErrorCode.ACCOUNT });
    expect(codeOf(() => perms.mustExist(bob))).toBe(ErrorCode.ACCOUNT);
    await expect(perms.mustRoomExist('r')).rejects.toMatchObject({ code: ErrorCode.ACCOUNT });
    await expect(perms.mustUserAuth(alice, bob)).rejects.toMatchObject({ code: ErrorCode.PERM_DENIED });
    expect(codeOf(() => perms.mustUserAuth(alice, bob))).toBe(ErrorCode.PERM_DENIED);
    await expect(perms.mustRoomAuth('r', alice)).rejects.toBeInstanceOf(TimError);
    // an awaiting caller sees the same refusal either way
    const caller = async () => {
      await perms.mustRoomAuth('r', alice);
    };
    await expect(caller()).rejects.toMatchObject({ code: ErrorCode.PERM_DENIED });
  });
});
