import type { Logger } from '../core/ports.js';
import { type Bus, type BusHandler, type BusMessage } from './bus.js';
import type { RedisLink } from './redis-link.js';
export declare class RedisBus implements Bus {
    readonly nodeId: string;
    private readonly link;
    private readonly log;
    private handler;
    private readonly own;
    private readonly all;
    constructor(nodeId: string, link: RedisLink, log: Logger);
    get up(): boolean;
    start(handler: BusHandler): Promise<void>;
    send(to: string, msg: BusMessage): Promise<boolean>;
    broadcast(msg: BusMessage): Promise<number>;
    onStatus(fn: (up: boolean) => void): void;
    close(): Promise<void>;
    private publish;
    private receive;
}
