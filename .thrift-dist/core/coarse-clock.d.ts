/** Milliseconds since the epoch, refreshed every RESOLUTION_MS while it is being read. */
export declare function coarseNow(): number;
