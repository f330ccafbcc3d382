// The sessions of this process: every open socket, and the authenticated ones by node, oldest
// first. The cluster issue adds a cluster-wide registry beside it; this one stays the local truth.

import type { Session } from './session.js';

export class SessionRegistry {
  private readonly byNode = new Map<string, Session[]>();
  private readonly all = new Set<Session>();

  add(s: Session): void {
    this.all.add(s);
  }

  /** Registers an authenticated session under its node. */
  bind(s: Session): void {
    const list = this.byNode.get(s.node);
    if (list) list.push(s);
    else this.byNode.set(s.node, [s]);
  }

  /** Removes a closed session; returns true when it was its node's last one. */
  remove(s: Session): boolean {
    this.all.delete(s);
    if (!s.authed) return false;
    const list = this.byNode.get(s.node);
    if (!list) return false;
    const i = list.indexOf(s);
    if (i >= 0) list.splice(i, 1);
    if (list.length > 0) return false;
    this.byNode.delete(s.node);
    return true;
  }

  sessionsOf(node: string): readonly Session[] {
    return this.byNode.get(node) ?? EMPTY;
  }

  isOnline(node: string): boolean {
    return this.byNode.has(node);
  }

  /** The most recent login among the node's open sessions (tim's kick window), if any. */
  lastAuthAt(node: string): number | undefined {
    let last: number | undefined;
    for (const s of this.sessionsOf(node)) if (last === undefined || s.authedAt > last) last = s.authedAt;
    return last;
  }

  sessions(): IterableIterator<Session> {
    return this.all.values();
  }

  nodes(): IterableIterator<string> {
    return this.byNode.keys();
  }

  get connectionCount(): number {
    return this.all.size;
  }

  get onlineUserCount(): number {
    return this.byNode.size;
  }
}

const EMPTY: readonly Session[] = Object.freeze([]);
