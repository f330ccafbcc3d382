// A node's outgoing bus traffic to other nodes (RedisBus.send and RedisRegistry.route), gathered
// per event-loop turn and sent as ONE Redis command (the OUTBOX script of registry-scripts.ts):
// the script looks up the routed users' nodes and publishes once per destination node, a batch
// when it has several messages (bus.ts). Under load this replaces a command, a reply and a
// subscriber message per bus message by one of each per turn and destination.
//
// Contract (the Bus's, bus.ts):
// - Order: items leave in the order they were queued, send() and route() alike (one queue, one
//   connection, the script keeps item order per destination).
// - A queued item is answered when its command is: a node item with whether the node's subscriber
//   took it, a routed item with the nodes that took it. When the command fails (Redis down, a
//   timeout) every item of it rejects: node items with BusUnavailableError, routed items with the
//   error; nothing is resent (at most once).
// - When Redis is down at queue time the item rejects at once and nothing is queued.
// - Bounds: at most MAX_ITEMS items and MAX_BYTES of messages per command; the item that would
//   pass either sends the queue at once and starts the next one. An item larger than MAX_BYTES
//   goes alone (published as a plain message, not a batch).

import type { Redis } from 'ioredis';
import type { Logger } from '../core/ports.js';
import { BusUnavailableError } from './bus.js';
import { OUTBOX } from './registry-scripts.js';

/** What the outbox uses of the node's RedisLink (redis-link.ts, which owns the outbox). */
export interface OutboxLink {
  readonly cmd: Redis;
  /** true while both connections are ready */
  readonly up: boolean;
  readonly opts: { readonly prefix: string };
}

export const MAX_ITEMS = 256;
export const MAX_BYTES = 256 * 1024;

/** The script's answer for one item (the nodes that took a routed item; 1 or 0 for an item sent to
 *  one node), or null with the error when the command failed. */
type Settle = (took: string[] | number | null, err?: Error) => void;

interface OutboxScript {
  timOutbox(numKeys: number, ...args: (string | Buffer)[]): Promise<(string[] | number)[]>;
}

/** One command's worth of items. */
class Batch {
  readonly keys: string[] = [];
  /** prefix, self, then target and message per item */
  readonly args: (string | Buffer)[];
  readonly settle: Settle[] = [];
  bytes = 0;

  constructor(prefix: string, self: string) {
    this.args = [prefix, self];
  }
}

export class RedisOutbox {
  private batch: Batch | undefined;
  private scheduled = false;
  private readonly script: OutboxScript;

  constructor(
    private readonly link: OutboxLink,
    private readonly nodeId: string,
    private readonly log: Logger,
  ) {
    link.cmd.defineCommand('timOutbox', { lua: OUTBOX });
    this.script = link.cmd as unknown as OutboxScript;
  }

  /** Publishes `message` (an encoded bus message) on node `to`'s channel; resolves true when its
   *  subscriber took it. Rejects with BusUnavailableError when Redis is down or fails. */
  toNode(to: string, message: Buffer): Promise<boolean> {
    if (!this.link.up) return Promise.reject(new BusUnavailableError());
    return new Promise<boolean>((resolve, reject) => {
      this.add(to, undefined, message, (took, err) => {
        if (took === null) reject(new BusUnavailableError(`the cluster bus is unavailable: ${err?.message ?? 'no answer'}`));
        else resolve(took === 1);
      });
    });
  }

  /** Publishes `message` to every other node holding a socket of the user whose registry hash is
   *  `userKey`; resolves with the nodes that took it. Rejects when Redis is down or fails. */
  toHolders(userKey: string, message: Buffer): Promise<readonly string[]> {
    if (!this.link.up) return Promise.reject(new Error('redis is unreachable'));
    return new Promise<readonly string[]>((resolve, reject) => {
      this.add('', userKey, message, (took, err) => (took === null ? reject(err ?? new Error('no answer')) : resolve(Array.isArray(took) ? took : [])));
    });
  }

  private add(target: string, key: string | undefined, message: Buffer, settle: Settle): void {
    let b = this.batch;
    if (b !== undefined && (b.settle.length >= MAX_ITEMS || b.bytes + message.length > MAX_BYTES)) {
      this.flush();
      b = undefined;
    }
    if (b === undefined) {
      b = new Batch(this.link.opts.prefix, this.nodeId);
      this.batch = b;
    }
    if (key !== undefined) b.keys.push(key);
    b.args.push(target, message);
    b.settle.push(settle);
    b.bytes += message.length;
    if (!this.scheduled) {
      this.scheduled = true;
      // After this turn's I/O callbacks: everything they queued goes in one command.
      setImmediate(this.flushTurn);
    }
  }

  private readonly flushTurn = (): void => {
    this.scheduled = false;
    this.flush();
  };

  /** Sends the queued items now. */
  flush(): void {
    const b = this.batch;
    if (b === undefined) return;
    this.batch = undefined;
    let sent: Promise<(string[] | number)[]>;
    try {
      sent = this.script.timOutbox(b.keys.length, ...b.keys, ...b.args);
    } catch (err) {
      sent = Promise.reject(err);
    }
    sent.then(
      (res) => {
        for (let i = 0; i < b.settle.length; i++) b.settle[i](res[i] ?? 0);
      },
      (err: Error) => {
        this.log.debug({ err: err.message, items: b.settle.length }, 'cluster: bus batch not sent');
        for (const s of b.settle) s(null, err);
      },
    );
  }
}
