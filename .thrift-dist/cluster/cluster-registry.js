// The cluster registry: which server nodes hold which user's sockets, with per-socket login time
// and termtyp so device limits count across the cluster. This node's own sockets are always in
// core's SessionRegistry (the local truth); the cluster registry adds what other nodes hold.
//
// A server that runs alone uses NO_PEERS: nothing is remote, so `admit`/`release` answer null
// ("decide locally") and lookups answer empty at once. RedisRegistry (redis-registry.ts) is the
// shared one.
const NONE = Object.freeze([]);
/** The registry of a node without peers. */
export const NO_PEERS = {
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
export function parseEntry(field, value) {
    const f = /^(.+)\/(\d+)$/.exec(field);
    const v = /^(\d+)\/(\d+)$/.exec(value);
    if (f === null || v === null)
        return null;
    return { server: f[1], sid: Number(f[2]), authedAt: Number(v[1]), termtyp: Number(v[2]) };
}
//# sourceMappingURL=cluster-registry.js.map