import type { Session } from '../session.js';
import type { TimCore } from '../tim-core.js';
export declare function handlePull(core: TimCore, s: Session, frame: Buffer): Promise<void>;
