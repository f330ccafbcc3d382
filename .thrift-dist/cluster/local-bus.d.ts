import type { Bus, BusHandler, BusMessage } from './bus.js';
export declare class LocalBus implements Bus {
    readonly nodeId: string;
    readonly up = true;
    private handler;
    private closed;
    constructor(nodeId?: string);
    start(handler: BusHandler): Promise<void>;
    send(to: string, msg: BusMessage): Promise<boolean>;
    broadcast(): Promise<number>;
    onStatus(): void;
    close(): Promise<void>;
}
