// One query per key at a time, shared by every concurrent caller, for the caches in front of the
// permission and roster templates (auth-cache.ts, roster-cache.ts).
//
// Contract: `run(key, ask, keep)` returns the query in progress for `key`, or starts `ask()`.
// When it resolves, `keep(value)` is called, unless the key was detached meanwhile: a relation
// changed while the old state may have been read, so the answer is handed to its callers but not
// cached, and callers that come after the detach start a fresh query. A failed query is not
// kept either; its callers see the error.
export class SingleFlight {
    running = new Map();
    run(key, ask, keep) {
        const current = this.running.get(key);
        if (current !== undefined)
            return current;
        const flight = ask().then((value) => {
            if (this.running.get(key) === flight) {
                this.running.delete(key);
                keep(value);
            }
            return value;
        }, (err) => {
            if (this.running.get(key) === flight)
                this.running.delete(key);
            throw err;
        });
        this.running.set(key, flight);
        return flight;
    }
    /** The query in progress for `key` (if any) is no longer shared or kept. */
    detach(key) {
        this.running.delete(key);
    }
    /** detach() for every key. */
    detachAll() {
        this.running.clear();
    }
}
//# sourceMappingURL=single-flight.js.map