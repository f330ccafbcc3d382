// Info lines for connections opened and closed that stay readable under a flood: the first
// `perSecond` events of each one-second window get a line each; past that they are only counted,
// and one summary line per window says how many opened and closed without a line. A reconnect
// storm of 10,000 sockets a second thus writes about `perSecond + 1` lines a second, not 20,000.
//
// Single-threaded; one comparison and one increment per event once the window is full.

import type { Logger } from './ports.js';

export interface ConnectionLogOptions {
  /** lines per one-second window before counting starts (0: only summaries) */
  perSecond: number;
  /** ms clock (tests); default Date.now */
  now?: () => number;
}

const WINDOW_MS = 1000;

export class ConnectionLog {
  private readonly perSecond: number;
  private readonly now: () => number;
  private windowStart = Number.NEGATIVE_INFINITY;
  private lines = 0;
  private unloggedOpened = 0;
  private unloggedClosed = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: Logger,
    opts: ConnectionLogOptions,
  ) {
    this.perSecond = opts.perSecond;
    this.now = opts.now ?? Date.now;
  }

  opened(fields: Record<string, unknown>): void {
    if (this.take()) this.log.info(fields, 'connection opened');
    else this.unloggedOpened++;
  }

  closed(fields: Record<string, unknown>): void {
    if (this.take()) this.log.info(fields, 'connection closed');
    else this.unloggedClosed++;
  }

  /** Writes the pending summary (if any) and stops the timer. */
  close(): void {
    this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** May this event have its own line? Starts a new window (after summarising the last) when due. */
  private take(): boolean {
    const now = this.now();
    if (now - this.windowStart >= WINDOW_MS) {
      this.flush();
      this.windowStart = now;
      this.lines = 0;
    }
    if (this.lines < this.perSecond) {
      this.lines++;
      return true;
    }
    // The summary is due at the window's end even if no further event comes to trigger it.
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, Math.max(0, this.windowStart + WINDOW_MS - now));
      this.timer.unref();
    }
    return false;
  }

  private flush(): void {
    if (this.unloggedOpened === 0 && this.unloggedClosed === 0) return;
    this.log.info(
      { opened: this.unloggedOpened, closed: this.unloggedClosed, perSecond: this.perSecond },
      'connections opened and closed without a line of their own (over the per-second line budget)',
    );
    this.unloggedOpened = 0;
    this.unloggedClosed = 0;
  }
}
