// Coalesces the frames written to a socket during one event-loop turn into one system call.
//
// Why: on a busy server most of a relay's time is the kernel's loopback/TCP send path, paid per
// write (and per wake-up of the reader). A session that receives several frames in one turn (a
// burst from one sender, a batch of stored echoes, a room fan-out) used to cost one `writev` per
// frame; corked, the turn's frames leave in one `writev`.
//
// Contract: `hold(socket)` corks the socket at most once per turn and guarantees it is uncorked in
// the check phase of the same loop iteration (setImmediate), so no frame waits longer than the
// rest of the current iteration. Uncorking a socket that was destroyed meanwhile is harmless.
const held = new Set();
let scheduled = false;
function release() {
    scheduled = false;
    // Copy first: uncorking writes, and a write's callback may hold another socket.
    const sockets = [...held];
    held.clear();
    for (const s of sockets)
        s.uncork();
}
/** Corks `socket` until the end of this loop iteration (idempotent within the iteration). */
export function hold(socket) {
    if (held.has(socket) || socket.destroyed)
        return;
    socket.cork();
    held.add(socket);
    if (!scheduled) {
        scheduled = true;
        setImmediate(release);
    }
}
//# sourceMappingURL=write-coalescer.js.map