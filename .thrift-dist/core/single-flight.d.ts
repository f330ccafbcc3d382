export declare class SingleFlight<V> {
    private readonly running;
    run(key: string, ask: () => Promise<V>, keep: (value: V) => void): Promise<V>;
    /** The query in progress for `key` (if any) is no longer shared or kept. */
    detach(key: string): void;
    /** detach() for every key. */
    detachAll(): void;
}
