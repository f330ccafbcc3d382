// Stats summed over the cluster. Each node publishes a snapshot of its counters with every
// heartbeat (inside its liveness key), so a sum is at most one heartbeat old for the other nodes
// and exact for the node asked. A user with sockets on two nodes counts once per node in
// `usersOnline`.

import type { LocalNode } from '../core/peers.js';

/** The summed counters: CoreStats fields plus the two gauges. */
export const STAT_FIELDS = [
  'connections',
  'usersOnline',
  'logins',
  'messagesIn',
  'messagesPersisted',
  'delivered',
  'offlineStored',
  'offlineDrained',
  'acksTimedOut',
  'dropped',
  'framesIn',
  'framesOut',
  'bytesIn',
  'bytesOut',
] as const;

export type StatField = (typeof STAT_FIELDS)[number];
export type StatsSnapshot = Record<StatField, number>;

export function statsSnapshot(core: Pick<LocalNode, 'stats' | 'registry'>): StatsSnapshot {
  const s = core.stats;
  return {
    connections: core.registry.connectionCount,
    usersOnline: core.registry.onlineUserCount,
    logins: s.logins,
    messagesIn: s.messagesIn,
    messagesPersisted: s.messagesPersisted,
    delivered: s.delivered,
    offlineStored: s.offlineStored,
    offlineDrained: s.offlineDrained,
    acksTimedOut: s.acksTimedOut,
    dropped: s.dropped,
    framesIn: s.framesIn,
    framesOut: s.framesOut,
    bytesIn: s.bytesIn,
    bytesOut: s.bytesOut,
  };
}

/** Field-wise sum; a missing or non-numeric field counts 0. */
export function sumStats(list: readonly Partial<Record<string, number>>[]): StatsSnapshot {
  const out = Object.fromEntries(STAT_FIELDS.map((f) => [f, 0])) as StatsSnapshot;
  for (const s of list) {
    for (const f of STAT_FIELDS) {
      const v = s[f];
      if (typeof v === 'number' && Number.isFinite(v)) out[f] += v;
    }
  }
  return out;
}
