// The Bus contract (src/cluster/bus.ts, "for every implementation"), one suite run against each
// implementation: LocalBus (one node, no peers) and RedisBus (nodes sharing the machine's Redis under
// a key prefix of their own). Cases that need a second node run where the implementation has peers.

import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { BATCH_MARK, BusUnavailableError, decodeBatch, decodeBusMessage, encodeBatch, encodeBusMessage, type Bus, type BusMessage } from '../../src/cluster/bus.js';
import { LocalBus } from '../../src/cluster/local-bus.js';
import { RedisBus } from '../../src/cluster/redis-bus.js';
import { parseRedisUrl, RedisLink } from '../../src/cluster/redis-link.js';
import { MAX_BYTES, MAX_ITEMS } from '../../src/cluster/redis-outbox.js';
import { RedisRegistry } from '../../src/cluster/redis-registry.js';
import { silentLogger, type Logger } from '../../src/core/ports.js';
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
/** A started node of `impl`, closed when the file ends. */
async function openedNode(impl: Implementation): Promise<Node> {
  const n = await impl.node();
  opened.push(n);
  return n;
}
afterAll(async () => {
  await Promise.all(opened.map((n) => n.bus.close()));
  await local.cleanup();
  await redis.cleanup();
});

describe.each([local, redis])('Bus contract: $name', (impl) => {
  const node = () => openedNode(impl);

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

describe.each([local, redis])('Bus contract, many messages in one turn: $name', (impl) => {
  const node = () => openedNode(impl);

  it('hands N messages sent in one turn to the handler once each, in order, intact', async () => {
    const a = await node();
    const b = impl.peers ? await node() : a;
    if (b !== a) await reachable(a.bus, b.bus);
    const sent = Array.from({ length: 100 }, (_, i) => a.bus.send(b.bus.nodeId, frame('n', i)));
    expect(await Promise.all(sent)).toEqual(sent.map(() => true));
    await until(() => b.got.length >= 100, 5000, 'a hundred messages');
    expect(b.got.length).toBe(100);
    expect(b.got.map((g) => g.msg)).toEqual(Array.from({ length: 100 }, (_, i) => frame('n', i)));
    expect(b.got.every((g) => g.from === a.bus.nodeId)).toBe(true);
  });

  it.runIf(impl.peers)('a broadcast made after sends of the same turn reaches a node after them', async () => {
    const a = await node();
    const b = await node();
    await reachable(a.bus, b.bus);
    const before = b.got.length;
    const sent = Array.from({ length: 20 }, (_, i) => a.bus.send(b.bus.nodeId, frame('pre', i)));
    const cast = a.bus.broadcast({ kind: 'ban', user: 'after-sends', until: 0 });
    await Promise.all([...sent, cast]);
    await until(() => b.got.some((g) => g.msg.kind === 'ban' && g.msg.user === 'after-sends'), 5000, 'the broadcast');
    const kinds = b.got.slice(before).filter((g) => g.msg.kind === 'frame' || (g.msg.kind === 'ban' && g.msg.user === 'after-sends')).map((g) => g.msg.kind);
    expect(kinds).toEqual([...Array.from({ length: 20 }, () => 'frame'), 'ban']);
  });

  it('keeps the order around a message larger than the batch bound', async () => {
    const a = await node();
    const b = impl.peers ? await node() : a;
    if (b !== a) await reachable(a.bus, b.bus);
    const big: BusMessage = { kind: 'frame', user: 'big', data: Buffer.alloc(MAX_BYTES + 1, 0x0a) };
    const sent = [a.bus.send(b.bus.nodeId, frame('s', 1)), a.bus.send(b.bus.nodeId, big), a.bus.send(b.bus.nodeId, frame('s', 2))];
    expect(await Promise.all(sent)).toEqual([true, true, true]);
    await until(() => b.got.length >= 3, 5000, 'three messages');
    expect(b.got.map((g) => (g.msg as { user: string }).user)).toEqual(['s', 'big', 's']);
    expect((b.got[1].msg as { data: Buffer }).data.equals(big.data)).toBe(true);
  });
});

describe('RedisBus batching', () => {
  /** Raw publishes seen on node `id`'s channel. */
  async function tap(id: string): Promise<{ seen: Buffer[]; close(): Promise<void> }> {
    const sub = new Redis(SHARED_REDIS_PORT, '127.0.0.1', { lazyConnect: true });
    await sub.connect();
    const seen: Buffer[] = [];
    sub.on('messageBuffer', (_c: Buffer, m: Buffer) => seen.push(m));
    await sub.subscribe(`${prefix}node:${id}`);
    return { seen, close: async () => void (await sub.quit()) };
  }

  const debugLines: string[] = [];
  const recording: Logger = { ...silentLogger, debug: (_o: object | string, msg?: string) => void debugLines.push(msg ?? ''), child: () => recording };

  async function redisNode(log: Logger = silentLogger): Promise<Node & { link: RedisLink }> {
    const nodeId = randomNode();
    const link = new RedisLink(parseRedisUrl(redisUrl(SHARED_REDIS_PORT, prefix)), log, nodeId);
    links.push(link);
    expect(await link.connect(5000)).toBe(true);
    const n = record(new RedisBus(nodeId, link, log));
    await reachable(n.bus, n.bus);
    opened.push(n);
    return { ...n, link };
  }

  it('sends the messages of one turn to one node as one publish, at most MAX_ITEMS per batch', async () => {
    const a = await redisNode();
    const b = await redisNode();
    await reachable(a.bus, b.bus);
    const t = await tap(b.bus.nodeId);
    try {
      const n = 2 * MAX_ITEMS + 10;
      await Promise.all(Array.from({ length: n }, (_, i) => a.bus.send(b.bus.nodeId, frame('m', i % 256))));
      await until(() => b.got.length >= n, 5000, 'every message');
      expect(b.got.map((g) => (g.msg as { data: Buffer }).data[0])).toEqual(Array.from({ length: n }, (_, i) => i % 256));
      await until(() => t.seen.length >= 3, 5000, 'the publishes');
      expect(t.seen.length).toBe(3);
      expect(t.seen.every((m) => m[0] === BATCH_MARK)).toBe(true);
      expect(t.seen.map((m) => decodeBatch(m).length)).toEqual([MAX_ITEMS, MAX_ITEMS, 10]);
    } finally {
      await t.close();
    }
  });

  it('keeps one order for send() and the registry route of the same turn', async () => {
    const a = await redisNode();
    const b = await redisNode();
    await reachable(a.bus, b.bus);
    const user = `route-${randomNode()}`;
    await a.link.cmd.hset(`${prefix}u:${user}`, `${b.bus.nodeId}/1`, '0/0');
    const registry = new RedisRegistry(a.link, a.bus.nodeId, () => ({}), silentLogger);
    const out: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      out.push(i % 2 === 0 ? a.bus.send(b.bus.nodeId, frame('send', i)) : Promise.resolve(registry.route(user, frame('route', i))));
    }
    const answers = await Promise.all(out);
    answers.forEach((v, i) => expect(v).toEqual(i % 2 === 0 ? true : [b.bus.nodeId]));
    await until(() => b.got.length >= 20, 5000, 'twenty messages');
    expect(b.got.map((g) => (g.msg as { data: Buffer }).data[0])).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(b.got.map((g) => (g.msg as { user: string }).user)).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'send' : 'route')));
  });

  it('drops a malformed batch whole with a debug line, and goes on receiving', async () => {
    const a = await redisNode();
    const b = await redisNode(recording);
    await reachable(a.bus, b.bus);
    const good = encodeBusMessage(frame('good', 1), a.bus.nodeId);
    const cut = encodeBatch([good, good]).subarray(0, 10 + good.length);
    const notJson = encodeBatch([good, Buffer.from('{not json\n')]);
    const lengthPastEnd = Buffer.concat([Buffer.from([BATCH_MARK, 0xff, 0xff, 0xff, 0xff]), good]);
    const channel = `${prefix}node:${b.bus.nodeId}`;
    const before = debugLines.length;
    for (const bad of [cut, notJson, lengthPastEnd, Buffer.from([BATCH_MARK])]) expect(await a.link.cmd.publish(channel, bad)).toBe(1);
    expect(await a.bus.send(b.bus.nodeId, frame('after', 2))).toBe(true);
    await until(() => b.got.length >= 1, 5000, 'the message after');
    expect(b.got.map((g) => (g.msg as { user: string }).user)).toEqual(['after']);
    expect(debugLines.slice(before).filter((l) => l.includes('malformed bus batch'))).toHaveLength(4);
  });

  it('rejects what it queued when the command fails, and sends at once while Redis is down', async () => {
    const a = await redisNode();
    const b = await redisNode();
    await reachable(a.bus, b.bus);
    const queued = a.bus.send(b.bus.nodeId, frame('queued', 1));
    a.link.cmd.disconnect();
    await expect(queued).rejects.toBeInstanceOf(BusUnavailableError);
    await until(() => !a.bus.up, 5000, 'a down');
    await expect(a.bus.send(b.bus.nodeId, frame('down', 2))).rejects.toBeInstanceOf(BusUnavailableError);
    expect(b.got).toEqual([]);
  });
});

describe('bus message encoding', () => {
  it('decodes every kind to the message encoded, with awkward strings in it', () => {
    const odd = 'u "q"\n\\ é 💬';
    const data = Buffer.from([0x0a, 0x00, 0xff, 0x7b]);
    const cases: BusMessage[] = [
      { kind: 'frame', user: odd, data },
      { kind: 'deliver', rid: 7, user: odd, type: 3, data },
      { kind: 'deliver', rid: 8, user: 'u', type: 1, data, offline: { id: 1, mid: 2, time: 3 } },
      { kind: 'deliver', rid: 9, user: 'u', type: 1, data: Buffer.alloc(0), offline: { id: 1, mid: 2, time: 3, durable: true } },
      { kind: 'result', rid: 10, value: 1 },
      { kind: 'result', rid: 11, value: 0, data: Buffer.from('{"total":0}') },
      { kind: 'stored', user: odd, rid: 12 },
      { kind: 'kick', user: odd, notify: true, sids: [1, 2], rid: 13 },
      { kind: 'forget', nodes: [odd] },
    ];
    for (const msg of cases) {
      const { msg: back, from } = decodeBusMessage(encodeBusMessage(msg, 'node "x"'));
      expect(from).toBe('node "x"');
      expect(back).toEqual(msg);
    }
  });
});
