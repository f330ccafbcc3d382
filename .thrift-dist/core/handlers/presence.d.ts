import type { Session } from '../session.js';
import type { TimCore } from '../tim-core.js';
/** 7.1: to toList (wins) or toTid; unknown nodes 4106; no friendship check. */
export declare function handlePresence(core: TimCore, s: Session, frame: Buffer): Promise<void>;
/**
 * 7.2: with no target, to every online friend (roster), without an id. With a target (toTid or
 * toList) as 7.1 but, as tim, without the existence check: PRESENCE already reaches any existing
 * user without a friendship check, so the check would protect nobody and cost up to
 * presenceTargetsMax lookups; an unknown node is never online and gets nothing. The target list is
 * bounded exactly as PRESENCE's.
 */
export declare function handleBroadPresence(core: TimCore, s: Session, frame: Buffer): Promise<void>;
/** `list` without repeats, in first-seen order; 4104 as soon as it names more than `max` nodes. */
export declare function distinctTargets(list: readonly string[], max: number): string[];
/** 7.4: the user's last socket closed: every online friend is told, with the closed session's Tid. */
export declare function broadcastOfflinePresence(core: TimCore, s: Session): Promise<void>;
