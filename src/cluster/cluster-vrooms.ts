// Virtual rooms across nodes (docs/protocol.md 9). A vroom lives on the node where it was registered
// (its "home", `P vhome:<vnode>`), which keeps its founder and push rights. A node with sockets
// subscribed to it adds itself to `P vsub:<vnode>`; the home sends every push to those nodes only
// (`vroom` bus message), and each fans it out to its own subscribers, never storing it. A push by a
// user on another node is forwarded to the home (`vpush`), which checks the rights and answers;
// refused or unanswered, the pusher gets 4105 as on one node. Pushes are at most once.

import type { LocalNode, VroomPeers } from '../core/peers.js';
import type { Bus, BusMessage } from './bus.js';
import type { ClusterRegistry } from './cluster-registry.js';
import { dropped } from './dropped.js';
import type { Logger } from '../core/ports.js';

/** What vrooms use of the Cluster (cluster.ts), named here so the two files do not import each other. */
export interface VroomLink {
  readonly distributed: boolean;
  readonly nodeId: string;
  readonly registry: ClusterRegistry;
  readonly bus: Bus;
  readonly log: Logger;
  request(to: string, make: (rid: number) => BusMessage, timeoutMs: number): Promise<number | null>;
  rpcTimeoutMs(): number;
}

/** How long the home and subscriber marks live without a refresh (a vroom idles out after 5 min). */
const MARK_TTL_MS = 10 * 60_000;
/** A mark is refreshed at most this often per vroom. */
const REFRESH_MS = 60_000;

/** Bound of the per-vroom refresh clock (vrooms that expire unseen leave entries behind). */
const REFRESH_ENTRIES_MAX = 10_000;

export class ClusterVrooms implements VroomPeers {
  private readonly refreshedAt = new Map<string, number>();

  constructor(private readonly cluster: VroomLink) {}

  /** Redis answers again (it may have restarted empty): marks again the vrooms this node is home
   *  to or has subscribers of. */
  remark(core: LocalNode): void {
    const vrooms = core.vrooms();
    if (vrooms === undefined || !this.cluster.distributed) return;
    for (const vnode of [...this.refreshedAt.keys()]) {
      const room = vrooms.get(vnode);
      if (room === undefined) {
        this.refreshedAt.delete(vnode);
        continue;
      }
      if (room.founder !== undefined) this.cluster.registry.setVroomHome(vnode, MARK_TTL_MS).catch(dropped(this.cluster.log, 'vroom home mark'));
      if (room.subscribers.size > 0) this.cluster.registry.addVroomSubscriber(vnode, MARK_TTL_MS).catch(dropped(this.cluster.log, 'vroom subscriber mark'));
    }
  }

  /** A vroom was registered on this node. Resolves once other nodes can find it (never rejects). */
  async created(vnode: string): Promise<void> {
    if (!this.cluster.distributed) return;
    this.stamp(vnode);
    await this.cluster.registry.setVroomHome(vnode, MARK_TTL_MS).catch(dropped(this.cluster.log, 'vroom home mark'));
  }

  /** Its founder removed it. */
  removed(vnode: string): void {
    if (!this.cluster.distributed) return;
    this.refreshedAt.delete(vnode);
    this.cluster.registry.clearVroomHome(vnode).catch(dropped(this.cluster.log, 'vroom home clear'));
  }

  /** A socket of this node subscribed to `vnode`. Resolves once the home's pushes will come here
   *  (never rejects; with Redis down, they will not). */
  async subscribed(vnode: string): Promise<void> {
    if (!this.cluster.distributed) return;
    this.stamp(vnode);
    await this.cluster.registry.addVroomSubscriber(vnode, MARK_TTL_MS).catch(dropped(this.cluster.log, 'vroom subscriber mark'));
  }

  /** A push accepted on this node (its home): to the other nodes with subscribers. */
  pushed(vnode: string, from: string, body: Buffer, dtype: number | undefined): void {
    if (!this.cluster.distributed) return;
    if (this.due(vnode)) this.cluster.registry.setVroomHome(vnode, MARK_TTL_MS).catch(dropped(this.cluster.log, 'vroom home mark'));
    this.cluster.registry
      .vroomSubscriberNodes(vnode)
      .then((nodes) => {
        for (const n of nodes) this.cluster.bus.send(n, { kind: 'vroom', vnode, from, dtype, data: body }).catch(dropped(this.cluster.log, 'vroom push send'));
      })
      .catch(dropped(this.cluster.log, 'vroom subscriber lookup'));
  }

  /**
   * A push this node cannot authorise (the vroom is not registered here): null on a single node
   * (refuse at once), else resolves true when the home accepted and fanned it out.
   */
  forwardPush(vnode: string, from: string, body: Buffer, dtype: number | undefined): Promise<boolean> | null {
    if (!this.cluster.distributed) return null;
    const c = this.cluster;
    return c.registry
      .vroomHome(vnode)
      .then(async (home) => {
        if (home === null || home === c.nodeId) return false;
        const v = await c.request(home, (rid) => ({ kind: 'vpush', rid, vnode, from, dtype, data: body }), c.rpcTimeoutMs());
        return v === 1;
      })
      .catch(dropped(this.cluster.log, 'vroom push forward', false));
  }

  receive(core: LocalNode, msg: Extract<BusMessage, { kind: 'vroom' | 'vpush' }>, from: string): void {
    const vrooms = core.vrooms();
    if (msg.kind === 'vroom') {
      const room = vrooms?.get(msg.vnode);
      if (room === undefined || room.subscribers.size === 0) {
        this.refreshedAt.delete(msg.vnode);
        this.cluster.registry.removeVroomSubscriber(msg.vnode).catch(dropped(this.cluster.log, 'vroom subscriber clear'));
        return;
      }
      vrooms?.touch(room); // keeps this node's placeholder alive while the home pushes
      if (this.due(msg.vnode)) this.cluster.registry.addVroomSubscriber(msg.vnode, MARK_TTL_MS).catch(dropped(this.cluster.log, 'vroom subscriber mark'));
      core.fanOutVroom(room, msg.from, msg.data, msg.dtype);
      return;
    }
    const room = vrooms?.get(msg.vnode);
    let ok = 0;
    if (vrooms !== undefined && vrooms.canPush(room, msg.from)) {
      vrooms.touch(room);
      core.fanOutVroom(room, msg.from, msg.data, msg.dtype);
      this.pushed(msg.vnode, msg.from, msg.data, msg.dtype);
      ok = 1;
    }
    this.cluster.bus.send(from, { kind: 'result', rid: msg.rid, value: ok }).catch(dropped(this.cluster.log, 'vroom push answer'));
  }

  private due(vnode: string): boolean {
    const last = this.refreshedAt.get(vnode) ?? 0;
    if (Date.now() - last < REFRESH_MS) return false;
    this.stamp(vnode);
    return true;
  }

  private stamp(vnode: string): void {
    if (this.refreshedAt.size >= REFRESH_ENTRIES_MAX && !this.refreshedAt.has(vnode)) this.refreshedAt.clear();
    this.refreshedAt.set(vnode, Date.now());
  }
}
