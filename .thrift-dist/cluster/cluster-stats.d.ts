import type { TimCore } from '../core/tim-core.js';
/** The summed counters: CoreStats fields plus the two gauges. */
export declare const STAT_FIELDS: readonly ['connections', 'usersOnline', 'logins', 'messagesIn', 'messagesPersisted', 'delivered', 'offlineStored', 'offlineDrained', 'acksTimedOut', 'dropped', 'framesIn', 'framesOut', 'bytesIn', 'bytesOut'];
export type StatField = (typeof STAT_FIELDS)[number];
export type StatsSnapshot = Record<StatField, number>;
export declare function statsSnapshot(core: TimCore): StatsSnapshot;
/** Field-wise sum; a missing or non-numeric field counts 0. */
export declare function sumStats(list: readonly Partial<Record<string, number>>[]): StatsSnapshot;
