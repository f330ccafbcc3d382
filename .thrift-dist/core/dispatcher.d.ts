import { type Session } from './session.js';
import type { TimCore } from './tim-core.js';
/** Entry point for every inbound frame of a session. Never throws. */
export declare function dispatchFrame(core: TimCore, s: Session, frame: Buffer): void;
