// The bus of a server that runs alone (no `cluster` in the config): it has no peers, so a message
// to another node finds nobody (send resolves false) and a broadcast reaches no one. A message to
// itself is handed to its own handler on a later tick, as a real bus would. It is never down.

import { randomNode } from '../protocol/node-id.js';
import type { Bus, BusHandler, BusMessage } from './bus.js';

export class LocalBus implements Bus {
  readonly nodeId: string;
  readonly up = true;
  private handler: BusHandler | undefined;
  private closed = false;

  constructor(nodeId: string = randomNode()) {
    this.nodeId = nodeId;
  }

  async start(handler: BusHandler): Promise<void> {
    this.handler = handler;
  }

  async send(to: string, msg: BusMessage): Promise<boolean> {
    if (this.closed || to !== this.nodeId || this.handler === undefined) return false;
    const h = this.handler;
    queueMicrotask(() => h(msg, this.nodeId));
    return true;
  }

  async broadcast(): Promise<number> {
    return 0;
  }

  onStatus(): void {
    // never changes
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handler = undefined;
  }
}
