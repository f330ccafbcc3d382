import { BanList } from '../core/ban-list.js';
import type { Logger } from '../core/ports.js';
import type { Bus } from './bus.js';
import type { RedisLink } from './redis-link.js';
export declare class SharedBanList extends BanList {
    private readonly link;
    private readonly log;
    private readonly now;
    /** changes not yet written to Redis: node -> until (0: lifted) */
    private readonly pending;
    private timer;
    private bus;
    /** Redis was unreachable since the last reload: merge the mirror into it first */
    private merge;
    constructor(link: RedisLink, log: Logger, now?: () => number);
    /** Starts broadcasting changes on `bus` and the periodic reload. */
    start(bus: Bus, refreshMs: number): void;
    ban(node: string, untilMs: number): void;
    unban(node: string): boolean;
    /** A change another node made (bus `ban`). */
    applyRemote(node: string, untilMs: number): void;
    /** Writes pending changes, then makes the mirror equal to Redis. */
    reload(): Promise<void>;
    close(): void;
    private share;
}
