import type { DeliveryOutcome } from './reliable-delivery.js';
export declare class CoreStats {
    readonly startedAt: number;
    connections: number;
    logins: number;
    framesIn: number;
    framesOut: number;
    bytesIn: number;
    bytesOut: number;
    messagesIn: number;
    messagesPersisted: number;
    offlineStored: number;
    offlineDrained: number;
    acksTimedOut: number;
    delivered: number;
    dropped: number;
    /** bytes handed to client sockets and not yet flushed to the network, all sockets together */
    sendQueuedBytes: number;
    /** the most unflushed bytes one socket ever held (limits.sendQueueBytes bounds it, a lone larger
     *  frame aside) */
    sendQueuePeakBytes: number;
    /** sessions closed as slow consumers (CloseCode.SLOW_CONSUMER) */
    slowConsumersClosed: number;
    /** droppable frames (presence, stream, big data, pushes) not written to a half-full queue */
    framesDropped: number;
    readonly framesInByType: Map<number, number>;
    readonly errorsByCode: Map<number, number>;
    frameIn(type: number): void;
    error(code: number): void;
    delivery(o: DeliveryOutcome | 'timeout'): void;
}
