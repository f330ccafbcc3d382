// The cluster registry: which server nodes hold which user's sockets, with per-socket login time
// and termtyp so device limits count across the cluster. This node's own sockets are always in
// core's SessionRegistry (the local truth); the cluster registry adds what other nodes hold.
//
// A server that runs alone uses NO_PEERS: nothing is remote, so `admit`/`release` answer null
// ("decide locally") and lookups answer empty at once. RedisRegistry (redis-registry.ts) is the
// shared one.

import type { Limits } from '../config/types.js';
import type { PeerInfo } from '../core/peers.js';
import type { BusMessage } from './bus.js';

/** One logged-in socket somewhere in the cluster. */
export interface RegistryEntry {
  /** the cluster node holding it */
  server: string;
  /** its session id on that node */
  sid: number;
  authedAt: number;
  termtyp: number;
}

/** Another live cluster node, with what it last published about itself. */
export type { PeerInfo };

/** What a login was granted: the sockets to close to make room (tim's kick-the-oldest). */
export interface Admission {
  victims: { server: string; sid: number }[];
}

export interface ClusterRegistry {
  /**
   * Counts `user`'s sockets cluster-wide against the device limits and, when admitted, registers
   * the new socket `sid` of this node atomically with the count. Resolves null when over a limit
   * inside the kick window (the caller answers 4111). Returns null synchronously when the registry
   * cannot decide (one node, or Redis down): the caller applies the local rule. Rejects only on
   * a Redis failure during the call (the caller then falls back to the local rule too).
   */
  admit(user: string, sid: number, termtyp: number, now: number, limits: Limits): Promise<Admission | null> | null;
  /** Forgets socket `sid` of this node. Resolves with how many sockets `user` still has
   *  cluster-wide; null synchronously when there is no cluster view (use the local answer). */
  release(user: string, sid: number): Promise<number> | null;
  /** Other nodes that hold sockets of `user` (may include a node that died a moment ago). */
  holders(user: string): readonly string[] | Promise<readonly string[]>;
  /** Sends `msg` over the bus to every other node holding `user`, looked up and sent in one step;
   *  resolves with the nodes that took it (at once, empty, without peers). Rejects when Redis
   *  does not answer. */
  route(user: string, msg: BusMessage): readonly string[] | Promise<readonly string[]>;
  /** `user`'s sockets on other live nodes. */
  remoteEntries(user: string): Promise<RegistryEntry[]>;
  /** Users with sockets on other live nodes, at most `limit`, sorted. */
  remoteUsers(limit: number): Promise<string[]>;
  /** The other live nodes. */
  peers(): Promise<PeerInfo[]>;
  /** Virtual rooms: the node where `vnode` lives, and the nodes with subscribers to it. */
  vroomHome(vnode: string): Promise<string | null>;
  setVroomHome(vnode: string, ttlMs: number): Promise<void>;
  clearVroomHome(vnode: string): Promise<void>;
  addVroomSubscriber(vnode: string, ttlMs: number): Promise<void>;
  removeVroomSubscriber(vnode: string): Promise<void>;
  vroomSubscriberNodes(vnode: string): Promise<readonly string[]>;
}

const NONE: readonly string[] = Object.freeze([]);

/** The registry of a node without peers. */
export const NO_PEERS: ClusterRegistry = {
  admit: () => null,
  release: () => null,
  holders: () => NONE,
  route: () => NONE,
  remoteEntries: async () => [],
  remoteUsers: async () => [],
  peers: async () => [],
  vroomHome: async () => null,
  setVroomHome: async () => undefined,
  clearVroomHome: async () => undefined,
  addVroomSubscriber: async () => undefined,
  removeVroomSubscriber: async () => undefined,
  vroomSubscriberNodes: async () => NONE,
};

/** `server/sid` -> entry fields, as the Redis hash stores them. */
export function parseEntry(field: string, value: string): RegistryEntry | null {
  const f = /^(.+)\/(\d+)$/.exec(field);
  const v = /^(\d+)\/(\d+)$/.exec(value);
  if (f === null || v === null) return null;
  return { server: f[1], sid: Number(f[2]), authedAt: Number(v[1]), termtyp: Number(v[2]) };
}
