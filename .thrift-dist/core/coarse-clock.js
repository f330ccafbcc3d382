// A millisecond clock for hot paths that only need coarse time (cache expiry): reading it is a
// variable load instead of a Date.now() call (~30 ns each on the stream path, twice per message).
//
// Contract: coarseNow() is never ahead of Date.now() and lags it by at most RESOLUTION_MS plus the
// event loop's current delay (a timer cannot fire while JavaScript runs). The timer that refreshes
// it is unref'd and stops itself after a tick without reads, so an idle process does not wake up
// for it and nothing has to close it; the next read restarts it with a fresh Date.now().
const RESOLUTION_MS = 20;
let nowMs = 0;
let reads = 0;
let timer;
function tick() {
    if (reads === 0) {
        clearInterval(timer);
        timer = undefined;
        return;
    }
    reads = 0;
    nowMs = Date.now();
}
/** Milliseconds since the epoch, refreshed every RESOLUTION_MS while it is being read. */
export function coarseNow() {
    if (timer === undefined) {
        nowMs = Date.now();
        timer = setInterval(tick, RESOLUTION_MS);
        timer.unref?.();
    }
    reads++;
    return nowMs;
}
//# sourceMappingURL=coarse-clock.js.map