// The virtual-room registry on its own (src/core/vroom), with a hand-driven clock: expiry, what
// refreshes a vroom, push rights and per-socket subscriptions.

import { describe, expect, it } from 'vitest';
import type { Session } from '../../../src/core/session.js';
import { VroomRegistry } from '../../../src/core/vroom/vroom-registry.js';

const session = (id: number) => ({ id }) as unknown as Session;

function registry() {
  let now = 1_000;
  let stopping = false;
  const r = new VroomRegistry(
    () => now,
    () => stopping,
    { idleMs: 100, sweepMs: 60_000 },
  );
  return { r, advance: (ms: number) => (now += ms), stop: () => (stopping = true) };
}

describe('VroomRegistry', () => {
  it('expires a vroom idleMs after creation or its last push; subscribing does not refresh it', () => {
    const { r, advance } = registry();
    const v = r.create('v1', 'founder');
    advance(60);
    r.subscribe('v1', session(1), 'json', () => undefined);
    r.touch(v);
    advance(99);
    r.sweep();
    expect(r.get('v1')).toBe(v);
    advance(1);
    r.sweep();
    expect(r.get('v1')).toBeUndefined();
    expect(r.size).toBe(0);
  });

  it('lets the founder and granted users push, nobody into a founder-less placeholder', () => {
    const { r } = registry();
    const v = r.create('v1', 'f');
    v.pushers.add('g');
    expect([r.canPush(v, 'f'), r.canPush(v, 'g'), r.canPush(v, 'x'), r.canPush(undefined, 'f')]).toEqual([true, true, false, false]);
    r.subscribe('unknown', session(1), 'binary', () => undefined);
    const placeholder = r.get('unknown');
    expect(placeholder?.founder).toBeUndefined();
    expect(r.canPush(placeholder, 'f')).toBe(false);
    expect(r.remove('unknown', 'f')).toBe(false);
  });

  it('removes only for the founder, and forgets a closed session everywhere', () => {
    const { r } = registry();
    const s = session(1);
    let hooks = 0;
    r.create('a', 'f');
    r.create('b', 'f');
    r.subscribe('a', s, 'json', () => hooks++);
    r.subscribe('b', s, 'binary', () => hooks++);
    r.subscribe('a', s, 'binary', () => hooks++);
    expect(hooks).toBe(1); // the close hook is registered once per session
    expect(r.get('a')?.subscribers.get(s)).toBe('binary');
    expect(r.remove('a', 'someone else')).toBe(false);
    r.sessionClosed(s);
    expect([r.get('a')?.subscribers.size, r.get('b')?.subscribers.size]).toEqual([0, 0]);
    expect(r.remove('a', 'f')).toBe(true);
    expect(r.get('a')).toBeUndefined();
  });

  it('drops everything once the server is stopping', () => {
    const { r, stop } = registry();
    r.create('a', 'f');
    stop();
    r.sweep();
    expect(r.size).toBe(0);
  });
});
