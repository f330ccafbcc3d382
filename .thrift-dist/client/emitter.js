// A minimal typed event emitter that works in Node and browsers (no `events` import). Unlike
// Node's EventEmitter, an 'error' event without listeners is dropped rather than thrown: a client
// library must not crash its host for a malformed frame nobody asked about.
export class Emitter {
    listeners = new Map();
    /** Registers `fn`; returns a function that removes it. */
    on(kind, fn) {
        let set = this.listeners.get(kind);
        if (set === undefined) {
            set = new Set();
            this.listeners.set(kind, set);
        }
        set.add(fn);
        return () => this.off(kind, fn);
    }
    off(kind, fn) {
        this.listeners.get(kind)?.delete(fn);
    }
    /** Calls the listeners of `kind` in registration order. A listener that throws does not stop
     *  the others; its error is reported through `onListenerError`. */
    emit(kind, payload) {
        const set = this.listeners.get(kind);
        if (set === undefined || set.size === 0)
            return;
        for (const fn of [...set]) {
            try {
                fn(payload);
            }
            catch (err) {
                this.onListenerError(kind, err);
            }
        }
    }
    listenerCount(kind) {
        return this.listeners.get(kind)?.size ?? 0;
    }
    /** Default: rethrow asynchronously so the failure is visible without breaking the dispatch. */
    onListenerError(_kind, err) {
        queueMicrotask(() => {
            throw err;
        });
    }
}
//# sourceMappingURL=emitter.js.map