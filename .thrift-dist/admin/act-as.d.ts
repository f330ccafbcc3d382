import type { Session } from '../core/session.js';
import type { TimCore } from '../core/tim-core.js';
import type { TimAck, TimNodes, TimReq } from '../protocol/wire-types.js';
export interface ActResult {
    acks: TimAck[];
    lists: TimNodes[];
}
/** A session logged in as `node` whose writes are kept in `frames` instead of sent. */
export declare function detachedSession(core: TimCore, node: string, domain?: string): {
    session: Session;
    frames: Buffer[];
};
/** Runs the frame handler registered for `timType` (BUSINESS or VROOM) as `node`. */
export declare function actAs(core: TimCore, node: string, domain: string | undefined, timType: number, req: TimReq): Promise<ActResult>;
/** The answers a detached session received; the first error ack rejects. */
export declare function readAnswers(frames: readonly Buffer[]): ActResult;
