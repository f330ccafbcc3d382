// Caches the answers of the permission and existence templates so a conversation in progress costs
// no database round trip per frame (issue 3, item 9).
//
// Keys are directional: user.auth A->B is cached apart from B->A, because deployers' templates may
// be directional. Positive answers live `positiveMs` (limits.authCacheSeconds); negative answers
// live a shorter `negativeMs`, so a denied sender does not reach the database on every frame but a
// new friendship is honoured soon. Concurrent lookups of the same key share one query. Builtin
// business operations call `invalidate*` when they change who may talk to whom.

type Entry = { value: boolean; expires: number };

export class AuthCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<boolean>>();

  constructor(
    private readonly positiveMs: number,
    private readonly negativeMs: number,
    private readonly maxEntries = 200_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached answer, or undefined when it must be asked (lets the hot path stay synchronous). */
  peek(key: string): boolean | undefined {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    if (e.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  /** Returns the cached answer or runs `ask` once for all concurrent callers of this key. */
  get(key: string, ask: () => Promise<boolean>): boolean | Promise<boolean> {
    const hit = this.peek(key);
    if (hit !== undefined) return hit;
    let p = this.inflight.get(key);
    if (p === undefined) {
      p = ask().then(
        (value) => {
          this.inflight.delete(key);
          this.set(key, value);
          return value;
        },
        (err: unknown) => {
          this.inflight.delete(key);
          throw err;
        },
      );
      this.inflight.set(key, p);
    }
    return p;
  }

  set(key: string, value: boolean): void {
    const ttl = value ? this.positiveMs : this.negativeMs;
    if (ttl <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest tenth.
      let drop = Math.ceil(this.maxEntries / 10);
      for (const k of this.entries.keys()) {
        this.entries.delete(k);
        if (--drop === 0) break;
      }
    }
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + ttl });
  }

  /** Forget every answer involving `node` (as sender, recipient, room or member). */
  invalidateNode(node: string): void {
    for (const k of this.entries.keys()) {
      if (k.includes(`\u0000${node}\u0000`) || k.endsWith(`\u0000${node}`)) this.entries.delete(k);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

// Key builders: a NUL separator cannot occur in a node.
export const userAuthKey = (from: string, to: string) => `ua\u0000${from}\u0000${to}`;
export const roomAuthKey = (room: string, user: string) => `ra\u0000${room}\u0000${user}`;
export const userExistKey = (node: string) => `ue\u0000${node}`;
export const roomExistKey = (room: string) => `re\u0000${room}`;
