import type { TimMessage } from '../../protocol/wire-types.js';
import type { Session } from '../session.js';
import type { TimCore } from '../tim-core.js';
export declare function handleRevokeOrBurn(core: TimCore, s: Session, msg: TimMessage): Promise<void>;
