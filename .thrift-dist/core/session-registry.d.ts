import type { Session } from './session.js';
export declare class SessionRegistry {
    private readonly byNode;
    private readonly all;
    add(s: Session): void;
    /** Registers an authenticated session under its node. */
    bind(s: Session): void;
    /** Removes a closed session; returns true when it was its node's last one. */
    remove(s: Session): boolean;
    sessionsOf(node: string): readonly Session[];
    isOnline(node: string): boolean;
    /** The most recent login among the node's open sessions (tim's kick window), if any. */
    lastAuthAt(node: string): number | undefined;
    sessions(): IterableIterator<Session>;
    nodes(): IterableIterator<string>;
    get connectionCount(): number;
    get onlineUserCount(): number;
}
