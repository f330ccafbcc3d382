import type { TimReq } from '../../protocol/wire-types.js';
import type { Session } from '../session.js';
import type { TimCore } from '../tim-core.js';
export declare const Rtype: {
    readonly ROSTER: 1;
    readonly USERROOM: 2;
    readonly ROOMUSERS: 3;
};
export declare function handleBusinessLists(core: TimCore, s: Session, frame: Buffer): Promise<void>;
/** Answers rtype 1..3; false for any other rtype (the caller decides). */
export declare function answerList(core: TimCore, s: Session, req: TimReq): Promise<boolean>;
