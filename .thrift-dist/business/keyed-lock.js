// Serialises async work per key on this process: the read-check-write sequences of business
// operations on one room or one user pair run one at a time, so two concurrent ADDROSTERs cannot
// both miss each other's request and two approvals cannot race. Different keys run in parallel.
// (Across a cluster the database's primary keys remain the last line of defence.)
export class KeyedLock {
    tails = new Map();
    /** Runs `fn` after every earlier `run` with the same key has settled; resolves as `fn` does. */
    run(key, fn) {
        const prev = this.tails.get(key) ?? Promise.resolve();
        const result = prev.then(fn, fn);
        const tail = result.then(() => undefined, () => undefined);
        this.tails.set(key, tail);
        void tail.then(() => {
            if (this.tails.get(key) === tail)
                this.tails.delete(key);
        });
        return result;
    }
    /** Keys currently held or queued (for tests). */
    get size() {
        return this.tails.size;
    }
}
//# sourceMappingURL=keyed-lock.js.map