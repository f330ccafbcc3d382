// The Bus contract (src/cluster/bus.ts, "for every implementation"), one suite run against each
// implementation: LocalBus (one node, no peers) and RedisBus (nodes sharing the machine's Redis under
// a key prefix of their own). Cases that need a second node run where the implementation has peers.

import { afterAll, describe, expect, it } from 'vitest';
import type { Bus, BusMessage } from '../../src/cluster/bus.js';
import { LocalBus } from '../../src/cluster/local-bus.js';
import { RedisBus } from '../../src/cluster/redis-bus.js';
import { parseRedisUrl, RedisLink } from '../../src/cluster/redis-link.js';
import { silentLogger } from '../../src/core/ports.js';
import { randomNode } from '../../src/protocol/node-id.js';
import { until } from '../helpers/tim-server.js';
import { dropPrefix, redisUrl, SHARED_REDIS_PORT, uniquePrefix } from './cluster-helpers.js';

interface Node {
  bus: Bus;
  /** messages received, probes left out, with their sender */
  got: { msg: BusMessage; from: string }[];
}

interface Implementation {
  name: string;
  /** a started node; peers share one medium per implementation */
  node(): Promise<Node>;
  /** whether other nodes can be reached (LocalBus has no peers) */
  peers: boolean;
  cleanup(): Promise<void>;
}

const PROBE = '$probe';

function record(bus: Bus): Node {
  const got: Node['got'] = [];
  void bus.start((msg, from) => {
    if (msg.kind === 'forget' && msg.nodes[0] === PROBE) return;
    got.push({ msg, from });
  });
  return { bus, got };
}

/** Waits until `from` reaches `to` (RedisBus subscribes in the background after start()). */
async function reachable(from: Bus, to: Bus): Promise<void> {
  await until(async () => from.send(to.nodeId, { kind: 'forget', nodes: [PROBE] }), 5000, `${to.nodeId} listening`);
}

const frame = (user: string, n: number): BusMessage => ({ kind: 'frame', user, data: Buffer.from([n, 0x0a, 0xff]) });

const local: Implementation = {
  name: 'LocalBus',
  peers: false,
  node: async () => record(new LocalBus()),
  cleanup: async () => undefined,
};

const prefix = uniquePrefix();
const links: RedisLink[] = [];
const redis: Implementation = {
  name: 'RedisBus',
  peers: true,
  node: async () => {
    const nodeId = randomNode();
    const link = new RedisLink(parseRedisUrl(redisUrl(SHARED_REDIS_PORT, prefix)), silentLogger, nodeId);
    links.push(link);
    expect(await link.connect(5000)).toBe(true);
    const node = record(new RedisBus(nodeId, link, silentLogger));
    await reachable(node.bus, node.bus);
    return node;
  },
  cleanup: async () => {
    await Promise.all(links.map((l) => l.close()));
    await dropPrefix(SHARED_REDIS_PORT, prefix);
  },
};

const opened: Node[] = [];
afterAll(async () => {
  await Promise.all(opened.map((n) => n.bus.close()));
  await local.cleanup();
  await redis.cleanup();
});

describe.each([local, redis])('Bus contract: $name', (impl) => {
  const node = async () => {
    const n = await impl.node();
    opened.push(n);
    return n;
  };

  it('hands a message sent to itself to its own handler, once, with its data intact', async () => {
    const a = await node();
    expect(a.bus.up).toBe(true);
    expect(await a.bus.send(a.bus.nodeId, frame('u', 1))).toBe(true);
    await until(() => a.got.length === 1, 5000, 'own message');
    expect(a.got[0].from).toBe(a.bus.nodeId);
    expect(a.got[0].msg).toEqual(frame('u', 1));
    expect(Buffer.isBuffer((a.got[0].msg as { data: Buffer }).data)).toBe(true);
  });

  it('resolves false for a node that is not listening, without an error', async () => {
    const a = await node();
    expect(await a.bus.send(randomNode(), frame('u', 1))).toBe(false);
  });

  it('keeps the order of one sender to one target, calling the handler once per message', async () => {
    const a = await node();
    const b = impl.peers ? await node() : a;
    if (b !== a) await reachable(a.bus, b.bus);
    for (let i = 0; i < 30; i++) expect(await a.bus.send(b.bus.nodeId, frame('o', i))).toBe(true);
    await until(() => b.got.length >= 30, 5000, 'thirty messages');
    expect(b.got.map((g) => (g.msg as { data: Buffer }).data[0])).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(b.got.every((g) => g.from === a.bus.nodeId)).toBe(true);
  });

  it('addresses one node: a message to one peer does not reach another', async () => {
    const a = await node();
    if (!impl.peers) {
      expect(await a.bus.broadcast({ kind: 'ban', user: 'x', until: 0 })).toBe(0);
      return;
    }
    const b = await node();
    const c = await node();
    await reachable(a.bus, b.bus);
    await reachable(a.bus, c.bus);
    expect(await a.bus.send(b.bus.nodeId, frame('only-b', 7))).toBe(true);
    await until(() => b.got.length === 1, 5000, 'b got it');
    // c is sent one afterwards: when it arrives, anything misaddressed would have arrived before it.
    expect(await a.bus.send(c.bus.nodeId, frame('c', 8))).toBe(true);
    await until(() => c.got.length === 1, 5000, 'c got its own');
    expect((c.got[0].msg as { user: string }).user).toBe('c');
  });

  it('broadcasts to every other node, not to the sender, and counts the receivers', async () => {
    const a = await node();
    if (!impl.peers) {
      expect(await a.bus.broadcast({ kind: 'ban', user: 'x', until: 0 })).toBe(0);
      await a.bus.send(a.bus.nodeId, frame('after', 1));
      await until(() => a.got.length === 1, 5000, 'own message');
      expect(a.got.map((g) => g.msg.kind)).toEqual(['frame']);
      return;
    }
    const b = await node();
    await reachable(a.bus, b.bus);
    const n = await a.bus.broadcast({ kind: 'ban', user: 'everyone', until: 0 });
    // Every other node of this prefix listening now receives it (earlier cases' nodes included).
    expect(n).toBeGreaterThanOrEqual(1);
    await until(() => b.got.some((g) => g.msg.kind === 'ban'), 5000, 'b got the broadcast');
    await a.bus.send(a.bus.nodeId, frame('after', 1));
    await until(() => a.got.length === 1, 5000, 'own message');
    expect(a.got.map((g) => g.msg.kind)).toEqual(['frame']);
  });

  it('after close, a node is not listening: sends to it resolve false', async () => {
    const a = await node();
    const b = impl.peers ? await node() : a;
    if (b !== a) await reachable(a.bus, b.bus);
    await b.bus.close();
    await b.bus.close(); // idempotent
    if (b === a) {
      expect(await a.bus.send(a.bus.nodeId, frame('late', 1))).toBe(false);
    } else {
      await until(async () => !(await a.bus.send(b.bus.nodeId, frame('late', 1))), 5000, 'b stopped listening');
    }
    expect(b.got).toEqual([]);
  });
});
