export declare class KeyedLock {
    private readonly tails;
    /** Runs `fn` after every earlier `run` with the same key has settled; resolves as `fn` does. */
    run<T>(key: string, fn: () => Promise<T>): Promise<T>;
    /** Keys currently held or queued (for tests). */
    get size(): number;
}
