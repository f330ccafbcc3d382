import type { TimMessage, TimPresence } from '../protocol/wire-types.js';
import { type SentMessage } from '../core/handlers/message.js';
import type { TimCore } from '../core/tim-core.js';
export type RecipientStatus = 'delivered' | 'stored_offline' | 'unknown_node' | 'failed';
export interface SystemSend {
    id: number;
    /** nanoseconds since the epoch, as decimal text (beyond 2^53) */
    timestamp: string;
    /** resolves when every delivery has ended, with each recipient's outcome in request order */
    done: Promise<{
        node: string;
        status: RecipientStatus;
    }[]>;
}
/** Syntax check of each node; 4106 naming the first bad one. */
export declare function checkNodes(core: TimCore, nodes: readonly unknown[], field: string): string[];
export declare function checkCount(n: number, max: number): void;
/** Which of `nodes` exist (user.exist, cached), at most `parallel` lookups at a time. */
export declare function existing(core: TimCore, nodes: readonly string[], parallel?: number): Promise<boolean[]>;
/**
 * Validates and starts a system message. Throws (nothing sent) on a bad request; otherwise every
 * delivery is under way when it returns and `done` reports their outcomes.
 */
export declare function startSystemMessage(core: TimCore, maxRecipients: number, req: {
    to: readonly unknown[];
    room?: unknown;
    message: TimMessage;
}): Promise<SystemSend>;
/**
 * messages/proxy: `msg` sent as user `from`, through the client path (permission checks, history,
 * echo to `from`'s devices, reliable delivery); the sender Tid is {node, domain?}.
 */
export declare function proxyMessage(core: TimCore, from: unknown, msg: TimMessage, domain?: string): Promise<SentMessage>;
/**
 * A presence to each of `to` (docs/protocol.md 7.1 semantics without a session): a plain frame to every
 * online device, never stored; `fromTid` is `{node: from}` when given. Returns who was online.
 */
export declare function sendPresence(core: TimCore, maxRecipients: number, to: readonly unknown[], p: TimPresence, from?: unknown): Promise<{
    node: string;
    online: boolean;
}[]>;
