// The Bus over Redis pub/sub: node N listens on channel `<prefix>node:<N>` and on `<prefix>all`
// (broadcasts). PUBLISH answers how many subscribers took the message, which is exactly what
// send() promises: true when node `to` was listening. See bus.ts for the contract.
import { BusUnavailableError, decodeBusMessage, encodeBusMessage } from './bus.js';
export class RedisBus {
    nodeId;
    link;
    log;
    handler;
    own;
    all;
    constructor(nodeId, link, log) {
        this.nodeId = nodeId;
        this.link = link;
        this.log = log;
        this.own = link.key('node', nodeId);
        this.all = link.key('all');
    }
    get up() {
        return this.link.up;
    }
    async start(handler) {
        this.handler = handler;
        this.link.sub.on('messageBuffer', (channel, message) => this.receive(channel, message));
        // Queued while disconnected; ioredis subscribes again after every reconnect.
        this.link.sub.subscribe(this.own, this.all).catch((err) => this.log.warn({ err: err.message }, 'cluster: subscribe failed; retried on reconnect'));
    }
    async send(to, msg) {
        return (await this.publish(this.link.key('node', to), msg)) > 0;
    }
    async broadcast(msg) {
        // Our own subscription receives it too; receive() drops messages from this node on `all`.
        return Math.max(0, (await this.publish(this.all, msg)) - 1);
    }
    onStatus(fn) {
        this.link.onStatus(fn);
    }
    async close() {
        this.handler = undefined;
        if (this.link.sub.status === 'ready')
            await this.link.sub.unsubscribe().catch(() => undefined);
    }
    async publish(channel, msg) {
        if (!this.link.up)
            throw new BusUnavailableError();
        try {
            return await this.link.cmd.publish(channel, encodeBusMessage(msg, this.nodeId));
        }
        catch (err) {
            throw new BusUnavailableError(`the cluster bus is unavailable: ${err.message}`);
        }
    }
    receive(channel, message) {
        const h = this.handler;
        if (h === undefined)
            return;
        let decoded;
        try {
            decoded = decodeBusMessage(message);
        }
        catch (err) {
            this.log.error({ err: err.message }, 'cluster: dropping a malformed bus message');
            return;
        }
        if (decoded.from === this.nodeId && channel.toString() === this.all)
            return;
        try {
            h(decoded.msg, decoded.from);
        }
        catch (err) {
            this.log.error({ err, kind: decoded.msg.kind }, 'cluster: bus handler failed');
        }
    }
}
//# sourceMappingURL=redis-bus.js.map