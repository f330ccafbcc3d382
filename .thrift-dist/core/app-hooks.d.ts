import type { HookTarget } from '../config/types.js';
import type { TimAuth } from '../protocol/wire-types.js';
import type { Logger } from './ports.js';
import type { OnlineListener } from './tim-core.js';
/** hooks.connectAuth as a predicate over a decoded TimAuth; never rejects. */
export declare function connectAuthHook(target: HookTarget, log: Logger): (auth: TimAuth) => Promise<boolean>;
/** hooks.loginStatus as a core online listener, with its bounded queue. */
export declare function loginStatusHook(target: HookTarget, log: Logger): OnlineListener & {
    idle(): Promise<void>;
    dropped(): number;
};
