// SessionRegistry.roomSessions: the open sessions of a room's roster, kept per room for the roster
// array it was built from, rebuilt when a member logs in or out here or when the roster is another
// array (the roster cache forgot the room), and bounded (ROOM_LISTS_MAX, ROOM_SLOTS_MAX).

import { expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/ports.js';
import { ROOM_LISTS_MAX, ROOM_SLOTS_MAX, SessionRegistry } from '../../../src/core/session-registry.js';
import { Session } from '../../../src/core/session.js';
import { RecordingSocket } from '../../helpers/memory-core.js';


/** A session of `node`, logged in (bound) in `reg`. */
function login(reg: SessionRegistry, node: string): Session {
  const s = new Session(new RecordingSocket(), silentLogger, { sendQueueMax: 10, sendQueueBytes: 1000, inboundMax: 10 }, 0);
  reg.add(s);
  s.node = node;
  reg.bind(s);
  return s;
}

const roster = (...nodes: string[]): readonly string[] => Object.freeze(nodes);

it('lists the members’ open sessions in roster order, each node’s oldest first, and keeps the list', () => {
  const reg = new SessionRegistry();
  const b1 = login(reg, 'b');
  const a = login(reg, 'a');
  const b2 = login(reg, 'b');
  login(reg, 'x'); // not a member
  const r = roster('a', 'b', 'c');
  const list = reg.roomSessions('R', r, true);
  expect(list).toEqual([a, b1, b2]);
  expect(reg.roomSessions('R', r, true)).toBe(list); // kept: no lookup per member
  expect(reg.roomListCount).toEqual({ rooms: 1, slots: 3 });
});

it('a member logging in or out, a second device, a kick (close) all apply to the next call', () => {
  const reg = new SessionRegistry();
  const a = login(reg, 'a');
  const r = roster('a', 'b');
  expect(reg.roomSessions('R', r, true)).toEqual([a]);

  const b = login(reg, 'b'); // an offline member logs in
  expect(reg.roomSessions('R', r, true)).toEqual([a, b]);
  const a2 = login(reg, 'a'); // a second device
  expect(reg.roomSessions('R', r, true)).toEqual([a, a2, b]);

  reg.remove(a); // logout of one device
  expect(reg.roomSessions('R', r, true)).toEqual([a2, b]);
  reg.remove(a2); // the node's last one
  reg.remove(b);
  expect(reg.roomSessions('R', r, true)).toEqual([]);

  const c = login(reg, 'c'); // not a member: the kept list does not change
  const kept = reg.roomSessions('R', r, true);
  expect(kept).toEqual([]);
  reg.remove(c);
  expect(reg.roomSessions('R', r, true)).toBe(kept);
});

it('a new roster array (join, leave, room removal: the roster cache forgot the room) rebuilds the list', () => {
  const reg = new SessionRegistry();
  const [a, b, c] = ['a', 'b', 'c'].map((n) => login(reg, n));
  const before = roster('a', 'b');
  expect(reg.roomSessions('R', before, true)).toEqual([a, b]);
  expect(reg.roomSessions('R', roster('a', 'c'), true)).toEqual([a, c]); // b left, c joined
  expect(reg.roomListCount).toEqual({ rooms: 1, slots: 2 });
  expect(reg.roomSessions('R', roster(), true)).toEqual([]); // room removed: nobody

  // The old roster's members no longer reach the room's list: b logging out changes nothing.
  const now = reg.roomSessions('R', roster('c'), true);
  reg.remove(b);
  expect(reg.roomSessions('R', roster('c'), true)).toEqual([c]);
  expect(now).toEqual([c]);
});

it('keep=false (a roster the cache no longer holds) builds a list for the call only and drops the room’s kept one', () => {
  const reg = new SessionRegistry();
  const [a, b] = ['a', 'b'].map((n) => login(reg, n));
  reg.roomSessions('R', roster('a'), true);
  expect(reg.roomListCount.rooms).toBe(1);
  const other = roster('a', 'b');
  const once = reg.roomSessions('R', other, false);
  expect(once).toEqual([a, b]);
  expect(reg.roomListCount).toEqual({ rooms: 0, slots: 0 });
  expect(reg.roomSessions('R', other, false)).not.toBe(once);
});

it('keeps at most ROOM_LISTS_MAX rooms and ROOM_SLOTS_MAX roster entries, the oldest built going first', () => {
  const reg = new SessionRegistry();
  const a = login(reg, 'a');
  const r = roster('a');
  for (let i = 0; i < ROOM_LISTS_MAX + 5; i++) reg.roomSessions(`R${i}`, r, true);
  expect(reg.roomListCount).toEqual({ rooms: ROOM_LISTS_MAX, slots: ROOM_LISTS_MAX });

  const big = Object.freeze(Array.from({ length: ROOM_SLOTS_MAX - 10 }, (_, i) => (i === 0 ? 'a' : `m${i}`)));
  expect(reg.roomSessions('BIG', big, true)).toEqual([a]);
  expect(reg.roomListCount.slots).toBeLessThanOrEqual(ROOM_SLOTS_MAX);
  expect(reg.roomListCount.rooms).toBe(11); // BIG and the 10 newest one-member rooms

  const huge = Object.freeze(Array.from({ length: ROOM_SLOTS_MAX + 1 }, (_, i) => `h${i}`));
  expect(reg.roomSessions('HUGE', huge, true)).toEqual([]); // too long to keep
  expect(reg.roomListCount.slots).toBeLessThanOrEqual(ROOM_SLOTS_MAX);

  // The dropped lists left no index entries behind: a's login reaches only what is kept.
  const a2 = login(reg, 'a');
  expect(reg.roomSessions('BIG', big, true)).toEqual([a, a2]);
});
