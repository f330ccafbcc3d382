// The cluster registry in Redis. Keys (P = the prefix):
//   P alive:<node>    this node's liveness + stats snapshot (JSON), PX nodeTtlMs, rewritten every
//                     heartbeat. A node's entries COUNT ONLY WHILE THIS KEY EXISTS, so a crashed
//                     node's sockets stop counting nodeTtlMs after its last heartbeat.
//   P nodes           SET of nodes that registered anything (the reaper's work list)
//   P u:<user>        HASH  "<node>/<sid>" -> "<authedAt>/<termtyp>": the user's sockets
//   P n:<node>        SET   users with a socket on <node> (online lists, reaping)
//   P vhome:<vnode>   the node where a virtual room lives;  P vsub:<vnode>  SET of subscriber nodes
//   P idslot:<0..15>  the node leasing that id slot (PX nodeTtlMs): the 4-bit node number in every
//                     id and mid it mints (core/ids.ts), so two nodes never mint the same mid. At
//                     most 16 nodes run at once.
// u:/n: keys also carry a TTL (keyTtlMs) that live nodes refresh on a rolling basis, so nothing
// outlives a cluster that stopped entirely; a live node's dead peers are reaped well before that.
//
// Consistency: admit and release are Lua scripts (atomic count-and-register, cluster-wide device
// limits). While Redis is unreachable the node keeps a record of what it registered and rewrites
// all of it when Redis answers again (it may have restarted empty) or when its liveness key was
// found missing (it was taken for dead). The scripts touch keys computed from arguments, which is
// fine on a standalone Redis (or Sentinel) but not on Redis Cluster.

import type { Limits } from '../config/types.js';
import type { Logger } from '../core/ports.js';
import { dropped } from './dropped.js';
import { parseEntry, type Admission, type ClusterRegistry, type PeerInfo, type RegistryEntry } from './cluster-registry.js';
import type { RedisLink } from './redis-link.js';
import { ADMIT, KEEP_SLOT, REAP, RELEASE } from './registry-scripts.js';
import { encodeBusMessage, type BusMessage } from './bus.js';

/** Distinct node numbers core/ids.ts can hold (4 bits). */
export const ID_SLOTS = 16;

interface Scripts {
  timAdmit(k1: string, k2: string, ...args: (string | number)[]): Promise<(string | number)[]>;
  timRelease(k1: string, k2: string, ...args: (string | number)[]): Promise<number>;
  timReap(k1: string, k2: string, ...args: (string | number)[]): Promise<number>;
  timKeepSlot(k1: string, ...args: (string | number)[]): Promise<number>;
}

interface Mine {
  user: string;
  authedAt: number;
  termtyp: number;
}

const REAP_BATCH = 500;
const RESYNC_ROUNDS = 5;

export class RedisRegistry implements ClusterRegistry {
  /** what this node has registered (or would have, had Redis answered): the resync source */
  private readonly mine = new Map<number, Mine>();
  private readonly scripts: Scripts;
  private readonly keyTtlMs: number;
  private dirty = true;
  private syncing: Promise<void> | undefined;
  private opsInFlight = 0;
  private opGen = 0;
  private refreshCursor: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly startedAt = Date.now();
  private slot = -1;
  private slotLost = false;

  constructor(
    private readonly link: RedisLink,
    readonly nodeId: string,
    private readonly stats: () => Record<string, number>,
    private readonly log: Logger,
  ) {
    const cmd = link.cmd;
    cmd.defineCommand('timAdmit', { numberOfKeys: 2, lua: ADMIT });
    cmd.defineCommand('timRelease', { numberOfKeys: 2, lua: RELEASE });
    cmd.defineCommand('timReap', { numberOfKeys: 2, lua: REAP });
    cmd.defineCommand('timKeepSlot', { numberOfKeys: 1, lua: KEEP_SLOT });
    this.scripts = cmd as unknown as Scripts;
    this.keyTtlMs = Math.max(60_000, 10 * link.opts.nodeTtlMs);
    link.onStatus((up) => {
      if (up) void this.resync();
    });
  }

  /**
   * Leases a free id slot (0..15) for this node's IdGenerator. Rejects when all are leased, or
   * when Redis does not answer (the caller then picks one at random and says so).
   */
  async claimIdSlot(): Promise<number> {
    for (let n = 0; n < ID_SLOTS; n++) {
      if ((await this.link.cmd.set(this.k('idslot', String(n)), this.nodeId, 'PX', this.link.opts.nodeTtlMs, 'NX')) !== null) {
        this.slot = n;
        return n;
      }
    }
    throw new Error(`cluster: all ${ID_SLOTS} id slots are leased; at most ${ID_SLOTS} nodes can run at once`);
  }

  /** Uses `n` as this node's id slot (chosen without Redis); leased when Redis answers. */
  useIdSlot(n: number): void {
    this.slot = n;
  }

  private keepSlot(kept: number): void {
    if (kept === 1) {
      this.slotLost = false;
    } else if (!this.slotLost) {
      this.slotLost = true;
      this.log.error({ slot: this.slot }, 'cluster: another node leases this node\'s id slot; ids and mids may collide (restart this node)');
    }
  }

  /** Registers this node and starts the heartbeat. */
  async start(): Promise<void> {
    if (this.link.up) await this.resync();
    this.timer = setInterval(() => void this.heartbeat(), this.link.opts.heartbeatMs);
    this.timer.unref();
  }

  get synced(): boolean {
    return this.link.up && !this.dirty;
  }

  admit(user: string, sid: number, termtyp: number, now: number, limits: Limits): Promise<Admission | null> | null {
    if (!this.link.up) return null;
    return this.op(async () => {
      const r = await this.scripts.timAdmit(this.k('u', user), this.k('n', this.nodeId), this.link.opts.prefix, this.nodeId, sid, now, termtyp,
        limits.deviceLimit, limits.deviceTypeLimit, limits.kickWindowSeconds * 1000, user, this.keyTtlMs);
      if (Number(r[0]) !== 1) return null;
      this.mine.set(sid, { user, authedAt: now, termtyp });
      const victims: Admission['victims'] = [];
      for (const f of r.slice(1)) {
        const e = parseEntry(String(f), '0/0');
        if (e !== null) victims.push({ server: e.server, sid: e.sid });
      }
      return { victims };
    });
  }

  /** Records a socket admitted by the local rule while Redis was not answering; written on resync. */
  adopt(user: string, sid: number, authedAt: number, termtyp: number): void {
    this.mine.set(sid, { user, authedAt, termtyp });
    this.dirty = true;
  }

  release(user: string, sid: number): Promise<number> | null {
    this.mine.delete(sid);
    if (!this.link.up || this.closed) {
      this.dirty = true;
      return null;
    }
    return this.op(() => this.scripts.timRelease(this.k('u', user), this.k('n', this.nodeId), this.link.opts.prefix, this.nodeId, sid, user));
  }

  holders(user: string): Promise<readonly string[]> {
    return this.link.cmd.hkeys(this.k('u', user)).then((fields) => {
      const out = new Set<string>();
      for (const f of fields) {
        const i = f.lastIndexOf('/');
        const server = f.slice(0, i);
        if (i > 0 && server !== this.nodeId) out.add(server);
      }
      return [...out];
    });
  }

  route(user: string, msg: BusMessage): Promise<readonly string[]> {
    // With this turn's other bus traffic, in order (redis-outbox.ts, which refuses at once while
    // Redis is down).
    return this.link.outbox.toHolders(this.k('u', user), encodeBusMessage(msg, this.nodeId));
  }

  async remoteEntries(user: string): Promise<RegistryEntry[]> {
    const raw = await this.link.cmd.hgetall(this.k('u', user));
    const entries = Object.entries(raw).map(([f, v]) => parseEntry(f, v)).filter((e): e is RegistryEntry => e !== null && e.server !== this.nodeId);
    const alive = await this.aliveSet([...new Set(entries.map((e) => e.server))]);
    return entries.filter((e) => alive.has(e.server)).sort((a, b) => a.authedAt - b.authedAt || a.sid - b.sid);
  }

  async remoteUsers(limit: number): Promise<string[]> {
    const peers = await this.peers();
    if (peers.length === 0) return [];
    const users = await this.link.cmd.sunion(...peers.map((p) => this.k('n', p.nodeId)));
    return users.sort().slice(0, limit);
  }

  async peers(): Promise<PeerInfo[]> {
    const nodes = (await this.link.cmd.smembers(this.k('nodes'))).filter((n) => n !== this.nodeId).sort();
    if (nodes.length === 0) return [];
    const values = await this.link.cmd.mget(...nodes.map((n) => this.k('alive', n)));
    const out: PeerInfo[] = [];
    nodes.forEach((nodeId, i) => {
      const v = values[i];
      if (v === null) return;
      try {
        const info = JSON.parse(v) as { startedAt?: number; stats?: Record<string, number> };
        out.push({ nodeId, startedAt: info.startedAt ?? 0, stats: info.stats ?? {} });
      } catch {
        out.push({ nodeId, startedAt: 0, stats: {} });
      }
    });
    return out;
  }

  async vroomHome(vnode: string): Promise<string | null> {
    return this.link.cmd.get(this.k('vhome', vnode));
  }

  async setVroomHome(vnode: string, ttlMs: number): Promise<void> {
    await this.link.cmd.set(this.k('vhome', vnode), this.nodeId, 'PX', Math.max(1, Math.ceil(ttlMs)));
  }

  async clearVroomHome(vnode: string): Promise<void> {
    await this.link.cmd.del(this.k('vhome', vnode), this.k('vsub', vnode));
  }

  async addVroomSubscriber(vnode: string, ttlMs: number): Promise<void> {
    const key = this.k('vsub', vnode);
    await this.link.cmd.multi().sadd(key, this.nodeId).pexpire(key, Math.max(1, Math.ceil(ttlMs))).exec();
  }

  async removeVroomSubscriber(vnode: string): Promise<void> {
    await this.link.cmd.srem(this.k('vsub', vnode), this.nodeId);
  }

  async vroomSubscriberNodes(vnode: string): Promise<readonly string[]> {
    return (await this.link.cmd.smembers(this.k('vsub', vnode))).filter((n) => n !== this.nodeId);
  }

  /** Unregisters this node (its entries, liveness and node-set membership) and stops. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.syncing?.catch(dropped(this.log, 'registry sync before close'));
    if (!this.link.up) return;
    try {
      const m = this.link.cmd.multi();
      m.del(this.k('alive', this.nodeId));
      if (this.slot >= 0) m.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, this.k('idslot', String(this.slot)), this.nodeId);
      (m as unknown as Scripts).timReap(this.k('n', this.nodeId), this.k('nodes'), this.link.opts.prefix, this.nodeId, 1_000_000_000, '1');
      m.del(this.k('n', this.nodeId));
      m.srem(this.k('nodes'), this.nodeId);
      await m.exec();
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'cluster: could not unregister this node; its entries expire with its liveness key');
    }
  }

  private k(...parts: string[]): string {
    return this.link.key(...parts);
  }

  private async op<T>(fn: () => Promise<T>): Promise<T> {
    this.opsInFlight++;
    try {
      return await fn();
    } catch (err) {
      this.dirty = true; // it may or may not have run: the next heartbeat rewrites everything
      throw err;
    } finally {
      this.opsInFlight--;
      this.opGen++;
    }
  }

  private info(): string {
    return JSON.stringify({ startedAt: this.startedAt, stats: this.stats() });
  }

  /** Rewrites this node's whole registration: liveness, node-set membership, every socket. */
  resync(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.syncing ??= this.doResync().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async doResync(): Promise<void> {
    for (let round = 0; round < RESYNC_ROUNDS; round++) {
      if (!this.link.up || this.closed) return;
      const gen = this.opGen;
      const ttl = this.link.opts.nodeTtlMs;
      const m = this.link.cmd.multi();
      (m as unknown as Scripts).timReap(this.k('n', this.nodeId), this.k('nodes'), this.link.opts.prefix, this.nodeId, 1_000_000_000, '1');
      m.set(this.k('alive', this.nodeId), this.info(), 'PX', ttl);
      m.sadd(this.k('nodes'), this.nodeId);
      if (this.slot >= 0) (m as unknown as Scripts).timKeepSlot(this.k('idslot', String(this.slot)), this.nodeId, ttl);
      const users = new Set<string>();
      for (const [sid, e] of this.mine) {
        m.hset(this.k('u', e.user), `${this.nodeId}/${sid}`, `${e.authedAt}/${e.termtyp}`);
        users.add(e.user);
      }
      for (const u of users) m.pexpire(this.k('u', u), this.keyTtlMs);
      if (users.size > 0) m.sadd(this.k('n', this.nodeId), ...users).pexpire(this.k('n', this.nodeId), this.keyTtlMs);
      try {
        const res = await m.exec();
        const failed = res?.find(([err]) => err !== null);
        if (failed) throw failed[0];
        if (this.slot >= 0) this.keepSlot(Number(res?.[3]?.[1]));
      } catch (err) {
        this.dirty = true;
        this.log.warn({ err: (err as Error).message }, 'cluster: registry resync failed; retried at the next heartbeat');
        return;
      }
      if (this.opsInFlight === 0 && this.opGen === gen) {
        this.dirty = false;
        this.log.debug({ sockets: this.mine.size }, 'cluster: registry written');
        return;
      }
    }
    this.dirty = true;
  }

  private async heartbeat(): Promise<void> {
    if (!this.link.up || this.closed || this.syncing) return;
    try {
      if (this.dirty) return await this.resync();
      const ok = await this.link.cmd.set(this.k('alive', this.nodeId), this.info(), 'PX', this.link.opts.nodeTtlMs, 'XX');
      if (ok === null) {
        this.log.warn('cluster: this node was taken for dead (liveness key missing); registering again');
        return await this.resync();
      }
      if (this.slot >= 0) this.keepSlot(await this.scripts.timKeepSlot(this.k('idslot', String(this.slot)), this.nodeId, this.link.opts.nodeTtlMs));
      await this.refreshSome();
      await this.reapDead();
    } catch (err) {
      this.log.debug({ err: (err as Error).message }, 'cluster: heartbeat failed');
    }
  }

  /** Refreshes the TTL of some of this node's user keys, so every one is refreshed within a
   *  quarter of keyTtlMs. */
  private async refreshSome(): Promise<void> {
    if (this.refreshCursor.length === 0) {
      this.refreshCursor = [...new Set([...this.mine.values()].map((e) => e.user))];
      if (this.refreshCursor.length === 0) return;
      await this.link.cmd.pexpire(this.k('n', this.nodeId), this.keyTtlMs);
    }
    const perPass = Math.max(1, Math.floor(this.keyTtlMs / 4 / this.link.opts.heartbeatMs));
    const batch = this.refreshCursor.splice(0, Math.ceil(this.mine.size / perPass) + 1);
    if (batch.length === 0) return;
    const p = this.link.cmd.pipeline();
    for (const u of batch) p.pexpire(this.k('u', u), this.keyTtlMs);
    await p.exec();
  }

  /** Clears the entries of nodes whose liveness key expired (one reaper per dead node at a time). */
  private async reapDead(): Promise<void> {
    const nodes = (await this.link.cmd.smembers(this.k('nodes'))).filter((n) => n !== this.nodeId);
    if (nodes.length === 0) return;
    const alive = await this.aliveSet(nodes);
    for (const dead of nodes.filter((n) => !alive.has(n))) {
      const lock = await this.link.cmd.set(this.k('reaping', dead), this.nodeId, 'PX', this.link.opts.nodeTtlMs, 'NX');
      if (lock === null) continue;
      let total = 0;
      for (let i = 0; i < 10_000; i++) {
        const n = await this.scripts.timReap(this.k('n', dead), this.k('nodes'), this.link.opts.prefix, dead, REAP_BATCH, '0');
        if (n <= 0) break;
        total += n;
      }
      this.log.info({ node: dead, users: total }, 'cluster: cleared the sessions of a dead node');
    }
  }

  private async aliveSet(nodes: string[]): Promise<Set<string>> {
    if (nodes.length === 0) return new Set();
    const p = this.link.cmd.pipeline();
    for (const n of nodes) p.exists(this.k('alive', n));
    const res = (await p.exec()) ?? [];
    return new Set(nodes.filter((_, i) => res[i]?.[0] === null && Number(res[i]?.[1]) === 1));
  }
}
