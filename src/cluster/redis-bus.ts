// The Bus over Redis pub/sub: node N listens on channel `<prefix>node:<N>` and on `<prefix>all`
// (broadcasts). PUBLISH answers how many subscribers took the message, which is exactly what
// send() promises: true when node `to` was listening. See bus.ts for the contract.

import type { Logger } from '../core/ports.js';
import { dropped } from './dropped.js';
import { BusUnavailableError, decodeBatch, decodeBusMessage, encodeBusMessage, isBatch, type Bus, type BusHandler, type BusMessage } from './bus.js';
import type { RedisLink } from './redis-link.js';

export class RedisBus implements Bus {
  private handler: BusHandler | undefined;
  private readonly own: string;
  private readonly all: string;

  constructor(
    readonly nodeId: string,
    private readonly link: RedisLink,
    private readonly log: Logger,
  ) {
    this.own = link.key('node', nodeId);
    this.all = link.key('all');
  }

  get up(): boolean {
    return this.link.up;
  }

  async start(handler: BusHandler): Promise<void> {
    this.handler = handler;
    this.link.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel, message));
    // Queued while disconnected; ioredis subscribes again after every reconnect.
    this.link.sub.subscribe(this.own, this.all).catch((err: Error) => this.log.warn({ err: err.message }, 'cluster: subscribe failed; retried on reconnect'));
  }

  send(to: string, msg: BusMessage): Promise<boolean> {
    return this.link.outbox.toNode(to, encodeBusMessage(msg, this.nodeId));
  }

  async broadcast(msg: BusMessage): Promise<number> {
    // Our own subscription receives it too; receive() drops messages from this node on `all`.
    return Math.max(0, (await this.publish(this.all, msg)) - 1);
  }

  onStatus(fn: (up: boolean) => void): void {
    this.link.onStatus(fn);
  }

  async close(): Promise<void> {
    this.handler = undefined;
    if (this.link.sub.status === 'ready') await this.link.sub.unsubscribe().catch(dropped(this.log, 'unsubscribe at close'));
  }

  private async publish(channel: string, msg: BusMessage): Promise<number> {
    if (!this.link.up) throw new BusUnavailableError();
    // What send() and route() queued earlier in this turn goes first, on the same connection: a
    // broadcast (forget, ban) never overtakes the messages sent before it.
    this.link.outbox.flush();
    try {
      return await this.link.cmd.publish(channel, encodeBusMessage(msg, this.nodeId));
    } catch (err) {
      throw new BusUnavailableError(`the cluster bus is unavailable: ${(err as Error).message}`);
    }
  }

  private receive(channel: Buffer, message: Buffer): void {
    const h = this.handler;
    if (h === undefined) return;
    if (isBatch(message)) {
      this.receiveBatch(h, message);
      return;
    }
    let decoded: ReturnType<typeof decodeBusMessage>;
    try {
      decoded = decodeBusMessage(message);
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'cluster: dropping a malformed bus message');
      return;
    }
    if (decoded.from === this.nodeId && channel.toString() === this.all) return;
    try {
      h(decoded.msg, decoded.from);
    } catch (err) {
      this.log.error({ err, kind: decoded.msg.kind }, 'cluster: bus handler failed');
    }
  }

  /** Batches come only on this node's own channel, from the outbox of the node named in them. */
  private receiveBatch(h: BusHandler, message: Buffer): void {
    let all: ReturnType<typeof decodeBatch>;
    try {
      all = decodeBatch(message);
    } catch (err) {
      this.log.debug({ err: (err as Error).message, bytes: message.length }, 'cluster: dropping a malformed bus batch');
      return;
    }
    for (const { msg, from } of all) {
      try {
        h(msg, from);
      } catch (err) {
        this.log.error({ err, kind: msg.kind }, 'cluster: bus handler failed');
      }
    }
  }
}
