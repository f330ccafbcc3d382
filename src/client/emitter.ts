// A minimal typed event emitter that works in Node and browsers (no `events` import). Unlike
// Node's EventEmitter, an 'error' event without listeners is dropped rather than thrown: a client
// library must not crash its host for a malformed frame nobody asked about.

export type Listener<T> = (payload: T) => void;

export class Emitter<M extends object> {
  private readonly listeners = new Map<keyof M, Set<Listener<never>>>();

  /** Registers `fn`; returns a function that removes it. */
  on<K extends keyof M>(kind: K, fn: Listener<M[K]>): () => void {
    let set = this.listeners.get(kind);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(kind, set);
    }
    set.add(fn as Listener<never>);
    return () => this.off(kind, fn);
  }

  off<K extends keyof M>(kind: K, fn: Listener<M[K]>): void {
    this.listeners.get(kind)?.delete(fn as Listener<never>);
  }

  /** Calls the listeners of `kind` in registration order. A listener that throws does not stop
   *  the others; its error is reported through `onListenerError`. */
  protected emit<K extends keyof M>(kind: K, payload: M[K]): void {
    const set = this.listeners.get(kind);
    if (set === undefined || set.size === 0) return;
    for (const fn of [...set]) {
      try {
        (fn as Listener<M[K]>)(payload);
      } catch (err) {
        this.onListenerError(kind, err);
      }
    }
  }

  protected listenerCount(kind: keyof M): number {
    return this.listeners.get(kind)?.size ?? 0;
  }

  /** Default: rethrow asynchronously so the failure is visible without breaking the dispatch. */
  protected onListenerError(_kind: keyof M, err: unknown): void {
    queueMicrotask(() => {
      throw err;
    });
  }
}
