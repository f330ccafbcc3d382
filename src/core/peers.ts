// The ports between the core and the other server nodes. The core depends on `Peers` (what it asks
// of other nodes) and never on the cluster layer; src/cluster/cluster.ts implements `Peers` and sees
// this node only through `LocalNode` (what other nodes ask of it). A node that runs alone uses
// SingleNode (core/single-node.ts) or the cluster layer's in-process variant; either way every
// call below finds nobody elsewhere and returns at once. test/unit/architecture/import-graph.test.ts
// keeps the direction: nothing in src/core imports src/cluster.
//
// Kept apart from ports.ts because these contracts name core types (Session, the registry,
// delivery) whose files import ports.ts themselves.

import type { Limits } from '../config/types.js';
import type { OfflineRecord } from '../store/store.js';
import type { DeliveredAcks } from './delivered-acks.js';
import type { ReliableDelivery } from './reliable-delivery.js';
import type { Session } from './session.js';
import type { SessionRegistry } from './session-registry.js';
import type { CoreStats } from './stats.js';
import type { Vroom, VroomRegistry } from './vroom/vroom-registry.js';

/** Another server node as the admin views list it. */
export interface PeerInfo {
  nodeId: string;
  startedAt: number;
  /** its counters at its last heartbeat (CoreStats fields and gauges) */
  stats: Record<string, number>;
}

export interface PeersHealth {
  mode: 'single' | 'redis';
  nodeId: string;
  /** the bus (Redis) answers; always true on a single node */
  up: boolean;
  /** this node's sockets are registered in the shared registry */
  synced: boolean;
}

/** The remote part of one reliable delivery (Peers.deliverRemote). */
export interface RemoteAttempt {
  /** true once a device on another node acknowledged, false when none did (or no answer in time);
   *  null: there is nobody elsewhere to ask */
  done: Promise<boolean> | null;
  /** called after the record went offline (the holders drain their late sessions) */
  stored(): void;
}

/** Nobody elsewhere: the remote part of a delivery on a node without peers. */
export const NO_REMOTE: RemoteAttempt = Object.freeze({ done: null, stored: () => undefined });

/** Virtual rooms across nodes (src/cluster/cluster-vrooms.ts); no-ops on a single node. */
export interface VroomPeers {
  /** a vroom was registered here; resolves once other nodes can find it (never rejects) */
  created(vnode: string): Promise<void>;
  /** its founder removed it */
  removed(vnode: string): void;
  /** a socket here subscribed; resolves once the home's pushes will come here (never rejects) */
  subscribed(vnode: string): Promise<void>;
  /** a push accepted here (its home): to the other nodes with subscribers */
  pushed(vnode: string, from: string, body: Buffer, dtype: number | undefined): void;
  /** a push this node cannot authorise: null on a single node (refuse at once), else resolves true
   *  when the home accepted and fanned it out */
  forwardPush(vnode: string, from: string, body: Buffer, dtype: number | undefined): Promise<boolean> | null;
}

/** What the core needs from the other server nodes. */
export interface Peers {
  readonly nodeId: string;
  /** true when other nodes may hold sockets, even while they cannot be reached */
  readonly distributed: boolean;
  readonly vrooms: VroomPeers;
  /** Binds to this node (once, from TimCore's constructor) and starts receiving. */
  attach(node: LocalNode): void;
  /**
   * Device limits for a login of `user` on socket `sid`. `localRule` is the single-node rule (it
   * throws 4111 or closes local victims). Returns undefined after running it synchronously when
   * there is no shared view; otherwise a promise that resolves once the login is registered
   * everywhere or rejects with 4111. The caller must release() the socket if it closed meanwhile.
   */
  admit(user: string, sid: number, termtyp: number, now: number, localRule: () => void): Promise<void> | undefined;
  /** Forgets a closed socket. Resolves with the user's sockets left on every node; null (at once or
   *  later) when only the local registry can answer. */
  release(user: string, sid: number): Promise<number | null> | null;
  /** A plain frame for `user`'s sockets on other nodes (at most once). */
  forwardFrame(user: string, frame: Buffer): void;
  /** Closes `user`'s sockets on other nodes. */
  forwardKick(user: string, notify: boolean): void;
  /** Tells the other nodes to forget cached answers about `nodes`; never rejects. */
  forgetElsewhere(nodes: readonly string[]): Promise<void>;
  /** The remote part of a reliable delivery (ReliableDelivery's `remote` hook). */
  deliverRemote(user: string, type: number, body: Buffer, offline: OfflineRecord | null, durable?: boolean): RemoteAttempt;
  health(): PeersHealth;
  peers(): Promise<PeerInfo[]>;
  /** Stops routing and receiving. Called by the core's close(). */
  close(): Promise<void>;
}

/** This node as other nodes see it (through Peers): the narrow view the cluster layer gets. */
export interface LocalNode {
  readonly limits: Limits;
  readonly registry: SessionRegistry;
  readonly stats: CoreStats;
  readonly isClosing: boolean;
  readonly delivery: Pick<ReliableDelivery, 'forPeer' | 'track' | 'storeOffline'>;
  readonly deliveredAcks: Pick<DeliveredAcks, 'add'>;
  /** plain frame to `user`'s sockets here; returns the count */
  sendLocal(user: string, frame: Buffer): number;
  /** a frame written to one session (counted) */
  write(session: Session, frame: Buffer): void;
  kickLocal(user: string, notify: boolean): number;
  forgetLocal(nodes: readonly string[]): void;
  forgetAllLocal(): void;
  /** sends a session the offline rows stored for it (core/offline-drain.ts) */
  drainOffline(session: Session): void;
  /** this node's vroom registry; undefined when vrooms are not registered */
  vrooms(): VroomRegistry | undefined;
  /** a vroom push to the subscribers of `room` on this node */
  fanOutVroom(room: Vroom, from: string, body: Buffer, dtype: number | undefined): void;
}
