// What a bench run does: the scenarios, their sizes in the full and the quick run, and which
// servers each one drives. Sizes are chosen so the full run stays under 10 minutes and --quick
// under one on a 2-core machine.

export type ScenarioId = 'idle' | 'stream' | 'persisted' | 'fanout' | 'fanout-persisted' | 'login' | 'cluster';
/** `cluster` starts its own servers (bench/cluster-two-node.ts): persisted 1:1 on PostgreSQL on one
 *  node and across two nodes sharing Redis. */
export const SCENARIOS: ScenarioId[] = ['idle', 'stream', 'persisted', 'fanout', 'fanout-persisted', 'login', 'cluster'];

/** The servers: the project on SQLite and on PostgreSQL, the same two with durable delivery
 *  switched off (`-nd`, to measure its cost in the same build and run), and the reference relays:
 *  bare ws, the same ws relay coalescing each socket's writes per event-loop turn as tim-ts does,
 *  Socket.IO; and the references that do the persisted rows' storage too: the corked relay storing
 *  with batched inserts through better-sqlite3 (`ws-store-sqlite`) or pg (`ws-store-pg`), and a
 *  Socket.IO chat storing each message through knex on SQLite (`sio-knex`). */
export type ServerId = 'tim-sqlite' | 'tim-sqlite-nd' | 'tim-pg' | 'tim-pg-nd' | 'tim-thrift' | 'ws' | 'ws-cork' | 'ws-store-sqlite' | 'ws-store-pg' | 'sio' | 'sio-knex';
/** `tim-thrift`: tim-sqlite driven by Thrift-compact clients (bench/load/thrift-frames.ts). */
export type TimServerId = 'tim-sqlite' | 'tim-sqlite-nd' | 'tim-pg' | 'tim-pg-nd' | 'tim-thrift';

export interface Sizes {
  rounds: number;
  warmMs: number;
  measureMs: number;
  pairs: number;
  inflight: number;
  maxMessages: number;
  members: number;
  fanoutInflight: number;
  maxDeliveries: number;
  idle: number;
  loginConcurrency: number;
  maxLogins: number;
  loginWarmMs: number;
  loginMeasureMs: number;
}

export const FULL: Sizes = {
  rounds: 2,
  warmMs: 1500,
  measureMs: 5000,
  pairs: 50,
  inflight: 10,
  maxMessages: 2_000_000,
  members: 500,
  fanoutInflight: 40,
  maxDeliveries: 20_000_000,
  idle: 10_000,
  loginConcurrency: 32,
  maxLogins: 25_000,
  loginWarmMs: 1000,
  loginMeasureMs: 5000,
};

export const QUICK: Sizes = {
  rounds: 1,
  warmMs: 300,
  measureMs: 1000,
  pairs: 20,
  inflight: 10,
  maxMessages: 500_000,
  members: 500,
  fanoutInflight: 40,
  maxDeliveries: 5_000_000,
  idle: 1000,
  loginConcurrency: 16,
  maxLogins: 2500,
  loginWarmMs: 300,
  loginMeasureMs: 1000,
};

/** Which servers run each scenario, in the order of each round. In the persisted rows the plain
 *  relays (ws, ws-cork, sio) run their `p: 1` mode: an echo plus acknowledged copies, with no
 *  database; the storing references do the same wire work after storing. The `-nd` servers run
 *  only where durable delivery writes (persisted messages), each right after its durable twin. */
export const SERVERS_OF: Record<ScenarioId, ServerId[]> = {
  idle: ['tim-sqlite', 'ws', 'sio'],
  stream: ['tim-sqlite', 'tim-thrift', 'ws', 'ws-cork', 'sio'],
  persisted: ['tim-sqlite', 'tim-sqlite-nd', 'ws-store-sqlite', 'tim-pg', 'tim-pg-nd', 'ws-store-pg', 'ws', 'ws-cork', 'sio', 'sio-knex'],
  fanout: ['tim-sqlite', 'ws', 'ws-cork', 'sio'],
  'fanout-persisted': ['tim-sqlite', 'tim-sqlite-nd', 'ws-store-sqlite', 'tim-pg', 'tim-pg-nd', 'ws-store-pg', 'ws', 'ws-cork', 'sio', 'sio-knex'],
  login: ['tim-sqlite', 'ws', 'sio'],
  cluster: [],
};

/** How many bench users the tim databases need. */
export function usersNeeded(s: Sizes): number {
  return Math.max(s.idle, 2 * s.pairs, s.members, 1000);
}
