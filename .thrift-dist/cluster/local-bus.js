// The bus of a server that runs alone (no `cluster` in the config): it has no peers, so a message
// to another node finds nobody (send resolves false) and a broadcast reaches no one. A message to
// itself is handed to its own handler on a later tick, as a real bus would. It is never down.
import { randomNode } from '../protocol/node-id.js';
export class LocalBus {
    nodeId;
    up = true;
    handler;
    closed = false;
    constructor(nodeId = randomNode()) {
        this.nodeId = nodeId;
    }
    async start(handler) {
        this.handler = handler;
    }
    async send(to, msg) {
        if (this.closed || to !== this.nodeId || this.handler === undefined)
            return false;
        const h = this.handler;
        queueMicrotask(() => h(msg, this.nodeId));
        return true;
    }
    async broadcast() {
        return 0;
    }
    onStatus() {
        // never changes
    }
    async close() {
        this.closed = true;
        this.handler = undefined;
    }
}
//# sourceMappingURL=local-bus.js.map