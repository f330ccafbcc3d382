// The small interfaces the core depends on instead of concrete libraries, so it can be driven by
// tests and by other transports. A pino logger satisfies Logger.

export interface Logger {
  trace(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface Clock {
  /** milliseconds since the epoch */
  nowMs(): number;
  /** nanoseconds since the epoch (the wire `timestamp`) */
  nowNs(): bigint;
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  nowNs: () => {
    // Date.now() has millisecond resolution; hrtime supplies the sub-millisecond part so that
    // timestamps of one process increase within a millisecond.
    const ms = BigInt(Date.now());
    const sub = process.hrtime.bigint() % 1_000_000n;
    return ms * 1_000_000n + sub;
  },
};

/** A logger that drops everything (tests, tools). */
export const silentLogger: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
