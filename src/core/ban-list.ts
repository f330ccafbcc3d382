// Admin bans (docs/protocol.md 5.5): a banned node cannot log in (4105) until its ban ends. Kept in
// process memory as tim does; the cluster issue shares it through Redis.

export class BanList {
  private readonly until = new Map<string, number>();

  ban(node: string, untilMs: number): void {
    this.until.set(node, untilMs);
  }

  unban(node: string): boolean {
    return this.until.delete(node);
  }

  isBanned(node: string, now: number): boolean {
    const t = this.until.get(node);
    if (t === undefined) return false;
    if (t > now) return true;
    this.until.delete(node);
    return false;
  }

  /** Current bans, expired ones dropped. */
  list(now: number): { node: string; until: number }[] {
    const out: { node: string; until: number }[] = [];
    for (const [node, t] of this.until) {
      if (t > now) out.push({ node, until: t });
      else this.until.delete(node);
    }
    return out;
  }
}
