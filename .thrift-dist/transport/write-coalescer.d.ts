/** The part of a net.Socket the coalescer uses. */
export interface Corkable {
    cork(): void;
    uncork(): void;
    readonly destroyed: boolean;
}
/** Corks `socket` until the end of this loop iteration (idempotent within the iteration). */
export declare function hold(socket: Corkable): void;
