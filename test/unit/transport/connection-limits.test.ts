// ConnectionLimiter: the process total and the per-address bound, refusals that take nothing, and
// slots given back exactly (no count leaks, no empty per-address entries left behind).

import { expect, it } from 'vitest';
import { ConnectionLimiter } from '../../../src/transport/connection-limits.js';

it('refuses past the process total, whatever the address, and admits again once a slot is given back', () => {
  const l = new ConnectionLimiter(3, 0);
  expect(['a', 'b', 'c'].map((ip) => l.take(ip))).toEqual([null, null, null]);
  expect(l.take('d')).toBe('total');
  expect(l.take('a')).toBe('total');
  expect(l.total).toBe(3);
  l.give('b');
  expect(l.take('d')).toBeNull();
  expect(l.total).toBe(3);
});

it('refuses past the per-address bound for that address only; 0 means no per-address bound', () => {
  const l = new ConnectionLimiter(100, 2);
  expect([l.take('a'), l.take('a')]).toEqual([null, null]);
  expect(l.take('a')).toBe('ip');
  expect(l.from('a')).toBe(2);
  expect(l.take('b')).toBeNull();
  l.give('a');
  expect(l.take('a')).toBeNull();

  const open = new ConnectionLimiter(100, 0);
  for (let i = 0; i < 50; i++) expect(open.take('a')).toBeNull();
  expect(open.from('a')).toBe(50);
});

it('checks the total before the address, and a refusal takes no slot', () => {
  const l = new ConnectionLimiter(2, 1);
  l.take('a');
  expect(l.take('a')).toBe('ip');
  l.take('b');
  expect(l.take('a')).toBe('total');
  expect([l.total, l.from('a'), l.from('b')]).toEqual([2, 1, 1]);
});

it('gives back to zero, forgets empty addresses, and ignores a give for an address holding nothing', () => {
  const l = new ConnectionLimiter(10, 5);
  for (let i = 0; i < 4; i++) l.take('a');
  l.take('b');
  l.give('zzz');
  for (let i = 0; i < 4; i++) l.give('a');
  l.give('a');
  l.give('b');
  expect([l.total, l.from('a'), l.from('b')]).toEqual([0, 0, 0]);
  expect((l as unknown as { perIp: Map<string, number> }).perIp.size).toBe(0);
});
