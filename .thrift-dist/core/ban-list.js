// Admin bans (docs/protocol.md 5.5): a banned node cannot log in (4105) until its ban ends. Kept in
// process memory as tim does; the cluster issue shares it through Redis.
export class BanList {
    until = new Map();
    ban(node, untilMs) {
        this.until.set(node, untilMs);
    }
    unban(node) {
        return this.until.delete(node);
    }
    isBanned(node, now) {
        const t = this.until.get(node);
        if (t === undefined)
            return false;
        if (t > now)
            return true;
        this.until.delete(node);
        return false;
    }
    /** Current bans, expired ones dropped. */
    list(now) {
        const out = [];
        for (const [node, t] of this.until) {
            if (t > now)
                out.push({ node, until: t });
            else
                this.until.delete(node);
        }
        return out;
    }
}
//# sourceMappingURL=ban-list.js.map