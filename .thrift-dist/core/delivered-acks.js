// Durable delivery's second half (docs/reliability.md): a persisted message's offline rows are
// written with it; once a device of a recipient acknowledged the live copy, that recipient's row
// goes. The deletes are batched: every ack of one event-loop turn, and every ack that arrives while
// a delete runs, go in the next single transaction (one `offlinemsg.ack` per node, with its mids).
//
// Contract: a delete that fails leaves the rows in place, which costs a duplicate (same id and
// mid) on the recipient's next offline drain, never a loss; it is counted and logged, not retried.
// At most one delete runs at a time, so the batch is bounded by what arrives meanwhile.
export class DeliveredAcks {
    store;
    logFailure;
    waiting = new Map();
    running;
    scheduled = false;
    /** mids whose delete failed (their rows stay: duplicates later, never losses) */
    failed = 0;
    constructor(store, logFailure) {
        this.store = store;
        this.logFailure = logFailure;
    }
    /** A device of `node` acknowledged the live copy of message `mid`. */
    add(node, mid) {
        const list = this.waiting.get(node);
        if (list === undefined)
            this.waiting.set(node, [mid]);
        else
            list.push(mid);
        this.schedule();
    }
    /** Resolves once every ack added so far has been written (or has failed). */
    async settle() {
        while (this.running !== undefined || this.waiting.size > 0) {
            if (this.running === undefined)
                this.flush();
            await this.running;
        }
    }
    schedule() {
        if (this.scheduled || this.running !== undefined)
            return;
        this.scheduled = true;
        setImmediate(() => {
            this.scheduled = false;
            this.flush();
        });
    }
    flush() {
        if (this.running !== undefined || this.waiting.size === 0)
            return;
        const batch = this.waiting;
        this.waiting = new Map();
        this.running = this.store.ackDelivered(batch).then(() => undefined, (err) => {
            let mids = 0;
            for (const list of batch.values())
                mids += list.length;
            this.failed += mids;
            // The rows stay: they are delivered again on the next offline drain (same id and mid).
            this.logFailure(err, { nodes: batch.size, mids });
        });
        void this.running.finally(() => {
            this.running = undefined;
            this.schedule();
        });
    }
}
//# sourceMappingURL=delivered-acks.js.map