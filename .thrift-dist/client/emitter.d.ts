export type Listener<T> = (payload: T) => void;
export declare class Emitter<M extends object> {
    private readonly listeners;
    /** Registers `fn`; returns a function that removes it. */
    on<K extends keyof M>(kind: K, fn: Listener<M[K]>): () => void;
    off<K extends keyof M>(kind: K, fn: Listener<M[K]>): void;
    /** Calls the listeners of `kind` in registration order. A listener that throws does not stop
     *  the others; its error is reported through `onListenerError`. */
    protected emit<K extends keyof M>(kind: K, payload: M[K]): void;
    protected listenerCount(kind: keyof M): number;
    /** Default: rethrow asynchronously so the failure is visible without breaking the dispatch. */
    protected onListenerError(_kind: keyof M, err: unknown): void;
}
