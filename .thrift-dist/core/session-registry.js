// The sessions of this process: every open socket, and the authenticated ones by node, oldest
// first. The cluster issue adds a cluster-wide registry beside it; this one stays the local truth.
export class SessionRegistry {
    byNode = new Map();
    all = new Set();
    add(s) {
        this.all.add(s);
    }
    /** Registers an authenticated session under its node. */
    bind(s) {
        const list = this.byNode.get(s.node);
        if (list)
            list.push(s);
        else
            this.byNode.set(s.node, [s]);
    }
    /** Removes a closed session; returns true when it was its node's last one. */
    remove(s) {
        this.all.delete(s);
        if (!s.authed)
            return false;
        const list = this.byNode.get(s.node);
        if (!list)
            return false;
        const i = list.indexOf(s);
        if (i >= 0)
            list.splice(i, 1);
        if (list.length > 0)
            return false;
        this.byNode.delete(s.node);
        return true;
    }
    sessionsOf(node) {
        return this.byNode.get(node) ?? EMPTY;
    }
    isOnline(node) {
        return this.byNode.has(node);
    }
    /** The most recent login among the node's open sessions (tim's kick window), if any. */
    lastAuthAt(node) {
        let last;
        for (const s of this.sessionsOf(node))
            if (last === undefined || s.authedAt > last)
                last = s.authedAt;
        return last;
    }
    sessions() {
        return this.all.values();
    }
    nodes() {
        return this.byNode.keys();
    }
    get connectionCount() {
        return this.all.size;
    }
    get onlineUserCount() {
        return this.byNode.size;
    }
}
const EMPTY = Object.freeze([]);
//# sourceMappingURL=session-registry.js.map