// Counters the admin API and /metrics read. Plain fields: incrementing them is the whole cost on
// the hot path.

import type { DeliveryOutcome } from './reliable-delivery.js';

export class CoreStats {
  readonly startedAt = Date.now();
  connections = 0;
  logins = 0;
  framesIn = 0;
  framesOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  messagesIn = 0;
  messagesPersisted = 0;
  offlineStored = 0;
  offlineDrained = 0;
  acksTimedOut = 0;
  delivered = 0;
  dropped = 0;
  /** bytes handed to client sockets and not yet flushed to the network, all sockets together */
  sendQueuedBytes = 0;
  /** the most unflushed bytes one socket ever held (limits.sendQueueBytes bounds it, a lone larger
   *  frame aside) */
  sendQueuePeakBytes = 0;
  /** sessions closed as slow consumers (CloseCode.SLOW_CONSUMER) */
  slowConsumersClosed = 0;
  /** droppable frames (presence, stream, big data, pushes) not written to a half-full queue */
  framesDropped = 0;
  readonly framesInByType = new Map<number, number>();
  readonly errorsByCode = new Map<number, number>();

  frameIn(type: number): void {
    this.framesInByType.set(type, (this.framesInByType.get(type) ?? 0) + 1);
  }

  error(code: number): void {
    this.errorsByCode.set(code, (this.errorsByCode.get(code) ?? 0) + 1);
  }

  delivery(o: DeliveryOutcome | 'timeout'): void {
    if (o === 'delivered') this.delivered++;
    else if (o === 'stored_offline') this.offlineStored++;
    else if (o === 'timeout') this.acksTimedOut++;
    else this.dropped++;
  }
}
