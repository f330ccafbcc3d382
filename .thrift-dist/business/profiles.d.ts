import type { Session } from '../core/session.js';
import type { BusinessContext } from './context.js';
/** Most nodes looked up by one USERINFO/ROOMINFO request (the rest are ignored), and most
 *  managers one MODIFYROOM may set (more is refused with 4104 before the member lookup: the list
 *  would go whole into one SQL IN). */
export declare const MAX_LOOKUP = 500;
export declare function handleNodes(ctx: BusinessContext, s: Session, frame: Buffer): Promise<void>;
