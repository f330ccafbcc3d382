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
export declare const systemClock: Clock;
/** A logger that drops everything (tests, tools). */
export declare const silentLogger: Logger;
