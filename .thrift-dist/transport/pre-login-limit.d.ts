import type { WebSocket } from 'ws';
/**
 * Narrows `ws`'s largest accepted message to `bytes` (never above the server's own bound) and
 * returns the function that restores the server's bound. Throws when ws's receiver does not have the
 * shape relied on above.
 */
export declare function narrowFrameLimit(ws: WebSocket, bytes: number): () => void;
