// Connection limits for /tim (limits.maxConnections on this process, limits.maxConnectionsPerIp),
// checked before the WebSocket upgrade so a refused client costs one HTTP answer and no session.
//
// Contract: a slot is taken when an upgrade request is admitted and given back when that request's
// TCP socket closes, whatever happened in between (ws refused the handshake, the client vanished
// mid-upgrade, the session was closed by either side). The socket's 'close' event fires exactly
// once, so a slot is given back exactly once and the counts cannot leak. A refused request takes
// nothing.

import type { FastifyReply, FastifyRequest } from 'fastify';

/** Which limit refused a connection. */
export type Refusal = 'total' | 'ip';

export class ConnectionLimiter {
  private open = 0;
  /** only addresses holding at least one slot */
  private readonly perIp = new Map<string, number>();

  /** `maxPerIp` 0 means no per-address limit. */
  constructor(
    private readonly max: number,
    private readonly maxPerIp: number,
  ) {}

  /** Takes a slot for a connection from `ip`, or says which limit refuses it (taking nothing). */
  take(ip: string): Refusal | null {
    if (this.open >= this.max) return 'total';
    const mine = this.perIp.get(ip) ?? 0;
    if (this.maxPerIp > 0 && mine >= this.maxPerIp) return 'ip';
    this.open++;
    this.perIp.set(ip, mine + 1);
    return null;
  }

  /** Gives back a slot that take() gave for `ip`. */
  give(ip: string): void {
    const mine = this.perIp.get(ip);
    if (mine === undefined) return;
    this.open--;
    if (mine <= 1) this.perIp.delete(ip);
    else this.perIp.set(ip, mine - 1);
  }

  /** connections holding a slot */
  get total(): number {
    return this.open;
  }

  /** connections from `ip` holding a slot */
  from(ip: string): number {
    return this.perIp.get(ip) ?? 0;
  }
}

const REFUSALS: Record<Refusal, { status: number; error: string }> = {
  total: { status: 503, error: 'the server holds its maximum number of connections (limits.maxConnections); try again later' },
  ip: { status: 429, error: 'too many connections from this address (limits.maxConnectionsPerIp)' },
};

/**
 * For a WebSocket upgrade request: takes a slot, given back when its socket closes, or answers
 * 503 (process total) / 429 (per address) with a JSON `{ error }`. Returns false when refused.
 */
export async function admitConnection(limiter: ConnectionLimiter, req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const ip = req.ip;
  const refusal = limiter.take(ip);
  if (refusal !== null) {
    const { status, error } = REFUSALS[refusal];
    await reply.code(status).send({ error });
    return false;
  }
  const tcp = req.raw.socket;
  // A socket already destroyed may have emitted 'close' before we could listen for it. 'close'
  // fires once, so `on` suffices (`once` would keep a wrapper per connection for its whole life).
  if (tcp.destroyed) limiter.give(ip);
  else tcp.on('close', () => limiter.give(ip));
  return true;
}
