// The bench's accounts: user i is named `b<i>` with one shared password. The tim servers get them
// as rows written straight into tim_user (bench/servers/seed.ts); the reference relays take any name.

import { userNode } from '../../src/protocol/node-id.js';

export const BENCH_PASSWORD = 'bench-pwd';

export function userName(i: number): string {
  return `b${i}`;
}

const nodes = new Map<number, string>();

/** tim's node for user i (derived from the name as tim does; cached). */
export function timNode(i: number): string {
  let n = nodes.get(i);
  if (n === undefined) {
    n = userNode(userName(i), null);
    nodes.set(i, n);
  }
  return n;
}

/** Source address for connection i: 200 loopback addresses, so no single one runs out of ports. */
export function sourceAddress(i: number): string {
  return `127.0.0.${2 + (i % 200)}`;
}
