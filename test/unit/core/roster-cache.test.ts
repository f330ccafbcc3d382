// RosterCache on its own: an injected clock and a source whose queries the test resolves by hand,
// so TTL, single-flight, detaching on forget() and the size bounds are checked exactly.

import { describe, expect, it } from 'vitest';
import { RosterCache, type RosterSource } from '../../../src/core/roster-cache.js';

/** A source whose every query waits until the test answers it; counts the queries. */
class ManualSource implements RosterSource {
  readonly asked: string[] = [];
  private readonly waiting: { what: string; resolve: (v: string[]) => void; reject: (e: Error) => void }[] = [];

  roster(node: string): Promise<string[]> {
    return this.ask(`roster ${node}`);
  }

  roomRoster(room: string): Promise<string[]> {
    return this.ask(`room ${room}`);
  }

  /** Answers the oldest open query. */
  answer(list: string[]): void {
    const w = this.waiting.shift();
    if (w === undefined) throw new Error('no query is waiting');
    w.resolve(list);
  }

  fail(err: Error): void {
    this.waiting.shift()?.reject(err);
  }

  private ask(what: string): Promise<string[]> {
    this.asked.push(what);
    return new Promise((resolve, reject) => this.waiting.push({ what, resolve, reject }));
  }
}

/** A source that answers at once with `lists[key]`. */
function instantSource(lists: Record<string, string[]>): RosterSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    roster: async (n) => (asked.push(`roster ${n}`), [...(lists[`u:${n}`] ?? [])]),
    roomRoster: async (r) => (asked.push(`room ${r}`), [...(lists[`r:${r}`] ?? [])]),
  };
}

function clock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('RosterCache', () => {
  it('answers from the cache until the TTL ends, synchronously on a hit', async () => {
    const src = instantSource({ 'r:room': ['a', 'b'], 'u:a': ['b'] });
    const c = clock();
    const cache = new RosterCache(src, 1000, {}, c.now);
    expect(await cache.room('room')).toEqual(['a', 'b']);
    expect(await cache.friends('a')).toEqual(['b']);
    expect(cache.room('room')).toEqual(['a', 'b']); // not a promise: a hit
    c.advance(999);
    expect(cache.friends('a')).toEqual(['b']);
    expect(src.asked).toEqual(['room room', 'roster a']);
    c.advance(1);
    expect(cache.peekRoom('room')).toBeUndefined();
    expect(await cache.room('room')).toEqual(['a', 'b']);
    expect(await cache.friends('a')).toEqual(['b']);
    expect(src.asked).toEqual(['room room', 'roster a', 'room room', 'roster a']);
  });

  it('keeps rooms and users apart: the same id may name both', async () => {
    const src = instantSource({ 'r:x': ['m1', 'm2'], 'u:x': ['f1'] });
    const cache = new RosterCache(src, 1000);
    expect(await cache.room('x')).toEqual(['m1', 'm2']);
    expect(await cache.friends('x')).toEqual(['f1']);
    expect(cache.peekRoom('x')).toEqual(['m1', 'm2']);
    expect(cache.peekFriends('x')).toEqual(['f1']);
  });

  it('hands out frozen lists, so a caller cannot change what the next one reads', async () => {
    const cache = new RosterCache(instantSource({ 'r:room': ['a'] }), 1000);
    const list = (await cache.room('room')) as string[];
    expect(Object.isFrozen(list)).toBe(true);
    expect(() => list.push('intruder')).toThrow(TypeError);
    expect(cache.peekRoom('room')).toEqual(['a']);
  });

  it('runs one query for concurrent lookups of one list (single flight)', async () => {
    const src = new ManualSource();
    const cache = new RosterCache(src, 1000);
    const all = [cache.room('room'), cache.room('room'), cache.room('room')];
    const other = cache.room('other');
    expect(src.asked).toEqual(['room room', 'room other']);
    src.answer(['a', 'b']);
    src.answer(['c']);
    expect(await Promise.all(all)).toEqual([['a', 'b'], ['a', 'b'], ['a', 'b']]);
    expect(await other).toEqual(['c']);
    expect(cache.room('room')).toEqual(['a', 'b']);
    expect(src.asked).toHaveLength(2);
  });

  it('a failed query is not cached and does not block the next one', async () => {
    const src = new ManualSource();
    const cache = new RosterCache(src, 1000);
    const first = cache.room('room');
    src.fail(new Error('db down'));
    await expect(first).rejects.toThrow('db down');
    const second = cache.room('room');
    expect(src.asked).toEqual(['room room', 'room room']);
    src.answer(['a']);
    expect(await second).toEqual(['a']);
  });

  it('forget() drops the room and user lists of a node, and nothing else', async () => {
    const src = instantSource({ 'r:r1': ['a'], 'r:r2': ['b'], 'u:a': ['b'], 'u:b': ['a'] });
    const cache = new RosterCache(src, 1000);
    await cache.room('r1');
    await cache.room('r2');
    await cache.friends('a');
    await cache.friends('b');
    cache.forget('r1');
    cache.forget('a');
    expect(cache.peekRoom('r1')).toBeUndefined();
    expect(cache.peekFriends('a')).toBeUndefined();
    expect(cache.peekRoom('r2')).toEqual(['b']);
    expect(cache.peekFriends('b')).toEqual(['a']);
    expect(cache.size).toEqual({ entries: 2, nodes: 2 });
    cache.clear();
    expect(cache.size).toEqual({ entries: 0, nodes: 0 });
  });

  it('forget() during a query: its callers get the old answer, later lookups ask again and it is not stored', async () => {
    const src = new ManualSource();
    const cache = new RosterCache(src, 1000);
    const before = cache.room('room'); // started before the membership change
    cache.forget('room'); // the change committed
    const after = cache.room('room'); // must not join the old query
    expect(src.asked).toEqual(['room room', 'room room']);
    src.answer(['a', 'gone']); // the old query answers last-but-one
    expect(await before).toEqual(['a', 'gone']);
    expect(cache.peekRoom('room')).toBeUndefined(); // the old answer was not kept
    src.answer(['a']);
    expect(await after).toEqual(['a']);
    expect(cache.peekRoom('room')).toEqual(['a']);
  });

  it('clear() during a query keeps its answer out of the cache', async () => {
    const src = new ManualSource();
    const cache = new RosterCache(src, 1000);
    const p = cache.friends('a');
    cache.clear();
    src.answer(['b']);
    expect(await p).toEqual(['b']);
    expect(cache.peekFriends('a')).toBeUndefined();
  });

  it('a TTL of 0 caches nothing: every lookup queries', async () => {
    const src = instantSource({ 'r:room': ['a'] });
    const cache = new RosterCache(src, 0);
    for (let i = 0; i < 3; i++) expect(await cache.room('room')).toEqual(['a']);
    expect(src.asked).toHaveLength(3);
    expect(cache.size).toEqual({ entries: 0, nodes: 0 });
  });

  it('holds at most maxEntries lists, dropping the oldest first', async () => {
    const lists: Record<string, string[]> = {};
    for (let i = 0; i < 10; i++) lists[`r:r${i}`] = [`m${i}`];
    const cache = new RosterCache(instantSource(lists), 1000, { maxEntries: 4 });
    for (let i = 0; i < 10; i++) await cache.room(`r${i}`);
    expect(cache.size.entries).toBe(4);
    for (let i = 0; i < 6; i++) expect(cache.peekRoom(`r${i}`)).toBeUndefined();
    for (let i = 6; i < 10; i++) expect(cache.peekRoom(`r${i}`)).toEqual([`m${i}`]);
  });

  it('holds at most maxNodes nodes in all, and does not keep a list longer than that', async () => {
    const big = Array.from({ length: 8 }, (_, i) => `n${i}`);
    const src = instantSource({ 'r:a': ['1', '2', '3'], 'r:b': ['4', '5', '6'], 'r:c': ['7', '8'], 'r:big': big });
    const cache = new RosterCache(src, 1000, { maxNodes: 7 });
    await cache.room('a');
    await cache.room('b');
    expect(cache.size).toEqual({ entries: 2, nodes: 6 });
    await cache.room('c'); // 6 + 2 > 7: the oldest (a) goes
    expect(cache.peekRoom('a')).toBeUndefined();
    expect(cache.size).toEqual({ entries: 2, nodes: 5 });
    expect(await cache.room('big')).toEqual(big); // served, not kept
    expect(cache.peekRoom('big')).toBeUndefined();
    expect(cache.size).toEqual({ entries: 2, nodes: 5 });
  });

  it('replacing an expired list keeps the node count exact', async () => {
    const c = clock();
    const src = instantSource({ 'r:room': ['a', 'b', 'c'] });
    const cache = new RosterCache(src, 10, {}, c.now);
    await cache.room('room');
    c.advance(10);
    await cache.room('room');
    expect(cache.size).toEqual({ entries: 1, nodes: 3 });
  });
});
