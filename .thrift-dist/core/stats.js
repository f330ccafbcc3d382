// Counters the admin API and /metrics read. Plain fields: incrementing them is the whole cost on
// the hot path.
export class CoreStats {
    startedAt = Date.now();
    connections = 0;
    logins = 0;
    framesIn = 0;
    framesOut = 0;
    bytesIn = 0;
    bytesOut = 0;
    messagesIn = 0;
    messagesPersisted = 0;
    offlineStored = 0;
    offlineDrained = 0;
    acksTimedOut = 0;
    delivered = 0;
    dropped = 0;
    /** bytes handed to client sockets and not yet flushed to the network, all sockets together */
    sendQueuedBytes = 0;
    /** the most unflushed bytes one socket ever held (limits.sendQueueBytes bounds it, a lone larger
     *  frame aside) */
    sendQueuePeakBytes = 0;
    /** sessions closed as slow consumers (CloseCode.SLOW_CONSUMER) */
    slowConsumersClosed = 0;
    /** droppable frames (presence, stream, big data, pushes) not written to a half-full queue */
    framesDropped = 0;
    framesInByType = new Map();
    errorsByCode = new Map();
    frameIn(type) {
        this.framesInByType.set(type, (this.framesInByType.get(type) ?? 0) + 1);
    }
    error(code) {
        this.errorsByCode.set(code, (this.errorsByCode.get(code) ?? 0) + 1);
    }
    delivery(o) {
        if (o === 'delivered')
            this.delivered++;
        else if (o === 'stored_offline')
            this.offlineStored++;
        else if (o === 'timeout')
            this.acksTimedOut++;
        else
            this.dropped++;
    }
}
//# sourceMappingURL=stats.js.map