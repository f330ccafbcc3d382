// The small interfaces the core depends on instead of concrete libraries, so it can be driven by
// tests and by other transports. A pino logger satisfies Logger.
export const systemClock = {
    nowMs: () => Date.now(),
    nowNs: () => {
        // Date.now() has millisecond resolution; hrtime supplies the sub-millisecond part so that
        // timestamps of one process increase within a millisecond.
        const ms = BigInt(Date.now());
        const sub = process.hrtime.bigint() % 1000000n;
        return ms * 1000000n + sub;
    },
};
/** A logger that drops everything (tests, tools). */
export const silentLogger = {
    trace() { },
    debug() { },
    info() { },
    warn() { },
    error() { },
    child() {
        return silentLogger;
    },
};
//# sourceMappingURL=ports.js.map