import type { Session } from '../session.js';
import type { TimCore } from '../tim-core.js';
import type { Vroom, VroomRegistry } from './vroom-registry.js';
/** TimReq.rtype of a VROOM request. */
export declare const VroomRtype: {
    readonly REGISTER: 1;
    readonly REMOVE: 2;
    readonly ADDAUTH: 3;
    readonly RMAUTH: 4;
    readonly SUB: 5;
    readonly SUBCANCEL: 6;
};
/** A vnode as the client sent it: a tim node (they are all minted by randomNode), else 4104. */
export declare function vnodeOf(n: unknown): string;
export declare function handleVroom(core: TimCore, vrooms: VroomRegistry, s: Session, frame: Buffer): Promise<void>;
/** STREAM (94): a TimStream pushed by the founder or a granted user, fanned out per socket. */
export declare function handleStreamPush(core: TimCore, vrooms: VroomRegistry, s: Session, frame: Buffer): void;
/**
 * Sends one push to every subscribed socket: JSON subscribers get frame 94 (a TimStream with a
 * server id and the pusher as fromNode), binary ones frame 97 (`vnode ‖ 0x83 ‖ body`). The pusher
 * is not skipped when subscribed. Each frame is encoded once, on first need.
 */
export declare function fanOut(core: TimCore, room: Vroom, from: string, body: Buffer, dtype?: number): void;
/** fanOut to this process's subscribers only (a push another cluster node sent here). */
export declare function fanOutLocal(core: TimCore, room: Vroom, from: string, body: Buffer, dtype?: number): void;
