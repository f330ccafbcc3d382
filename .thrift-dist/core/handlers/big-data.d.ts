import { type Session } from '../session.js';
import type { TimCore } from '../tim-core.js';
import { type VroomRegistry } from '../vroom/index.js';
/** Byte 0 of a message names a big-data frame type. */
export declare function isBigDataType(firstByte: number): boolean;
/** A big-data frame of this session is waiting for more messages. */
export declare function bigDataPending(s: Session): boolean;
/** Drops the big-data frame in progress, if any: its next piece will not come (request-rate.ts). */
export declare function abandonBigData(s: Session): void;
/**
 * Feeds one WebSocket message (the start of a big-data frame, or any message while one is
 * pending). Returns the complete frame when this message finished one, else undefined: the
 * message was buffered, ignored (shorter than 6 bytes), or refused (the error ack is sent here).
 */
export declare function reassembleBigData(core: TimCore, s: Session, message: Buffer): Buffer | undefined;
/** Registers frames 95, 96 and 97; 97 pushes go to `vrooms`. */
export declare function registerBigData(core: TimCore, vrooms: VroomRegistry): void;
