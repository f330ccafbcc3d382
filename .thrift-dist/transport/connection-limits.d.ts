import type { FastifyReply, FastifyRequest } from 'fastify';
/** Which limit refused a connection. */
export type Refusal = 'total' | 'ip';
export declare class ConnectionLimiter {
    private readonly max;
    private readonly maxPerIp;
    private open;
    /** only addresses holding at least one slot */
    private readonly perIp;
    /** `maxPerIp` 0 means no per-address limit. */
    constructor(max: number, maxPerIp: number);
    /** Takes a slot for a connection from `ip`, or says which limit refuses it (taking nothing). */
    take(ip: string): Refusal | null;
    /** Gives back a slot that take() gave for `ip`. */
    give(ip: string): void;
    /** connections holding a slot */
    get total(): number;
    /** connections from `ip` holding a slot */
    from(ip: string): number;
}
/**
 * For a WebSocket upgrade request: takes a slot, given back when its socket closes, or answers
 * 503 (process total) / 429 (per address) with a JSON `{ error }`. Returns false when refused.
 */
export declare function admitConnection(limiter: ConnectionLimiter, req: FastifyRequest, reply: FastifyReply): Promise<boolean>;
