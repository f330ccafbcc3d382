// Unit tests of TimClient against a scripted in-test WebSocket server: each test plays the server
// frame by frame and checks the exact bytes the client writes.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { TimClient, TimClientError, type TimClientEvents, type TimClientOptions } from '../../../src/client/tim-client.js';
import { encodeBigBinary, encodeBigBinaryStream, encodeBigDataRequest, encodeBigString } from '../../../src/protocol/big-data.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { encodeFrame, encodeReliableFrame, ProtocolError } from '../../../src/protocol/frame-codec.js';
import {
  ackJson,
  encodeMessage,
  encodeMessageList,
  encodeNodes,
  encodePresence,
  encodeStream,
  errorAckJson,
} from '../../../src/protocol/json-codec.js';
import { TimType } from '../../../src/protocol/timtype.js';
import type { TimMessage } from '../../../src/protocol/wire-types.js';

const ALICE = 'KrffBZqyqTL';
const BOB = 'ZD9HTVV1Jca';
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const json = (f: Buffer) => JSON.parse(f.subarray(1).toString('utf8')) as Record<string, unknown>;

/** The server side of one connection: a queue of inbound frames. */
class Peer {
  private readonly queue: Buffer[] = [];
  private readonly waiters: Array<(f: Buffer) => void> = [];
  closed = false;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const w = this.waiters.shift();
      if (w) w(data);
      else this.queue.push(data);
    });
    ws.on('close', () => (this.closed = true));
  }

  /** The next frame the client sent; fails instead of hanging. */
  next(ms = 2000): Promise<Buffer> {
    const f = this.queue.shift();
    if (f) return Promise.resolve(f);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no frame from the client')), ms);
      this.waiters.push((frame) => {
        clearTimeout(timer);
        resolve(frame);
      });
    });
  }

  send(frame: Uint8Array): void {
    this.ws.send(frame, { binary: true });
  }
}

let wss: WebSocketServer;
let url: string;
let peers: Peer[];
let peerWaiters: Array<(p: Peer) => void>;
const clients: TimClient[] = [];

beforeEach(async () => {
  peers = [];
  peerWaiters = [];
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (ws) => {
    const p = new Peer(ws);
    const w = peerWaiters.shift();
    if (w) w(p);
    else peers.push(p);
  });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const addr = wss.address();
  if (addr === null || typeof addr === 'string') throw new Error('unexpected address');
  url = `ws://127.0.0.1:${addr.port}/tim`;
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const c of wss.clients) c.terminate();
  await new Promise<void>((r) => wss.close(() => r()));
});

function nextPeer(): Promise<Peer> {
  const p = peers.shift();
  if (p) return Promise.resolve(p);
  return new Promise((r) => peerWaiters.push(r));
}

async function connected(opts: TimClientOptions = {}): Promise<{ client: TimClient; peer: Peer }> {
  const client = new TimClient(url, { WebSocket, pingIntervalMs: 0, ...opts });
  clients.push(client);
  const [peer] = await Promise.all([nextPeer(), client.connect()]);
  return { client, peer };
}

async function loggedIn(opts: TimClientOptions = {}): Promise<{ client: TimClient; peer: Peer }> {
  const c = await connected(opts);
  const p = c.client.login('alice', '123');
  await c.peer.next();
  c.peer.send(encodeFrame(TimType.ACK, ackJson(true, TimType.AUTH, { t: -1187620145, n: ALICE, n2: '4pUe3zX8gKc' })));
  await p;
  return c;
}

/** Collects every payload of `kind`. */
function collect<K extends keyof TimClientEvents>(client: TimClient, kind: K): Array<TimClientEvents[K]> {
  const out: Array<TimClientEvents[K]> = [];
  client.on(kind, (p) => out.push(p));
  return out;
}

describe('login', () => {
  it('sends 0x90 TimAuth and resolves on the ok ack', async () => {
    const { client, peer } = await connected({ resource: 'web', termtyp: 1 });
    const acks = collect(client, 'ack');
    const p = client.login('alice', '123');
    const f = await peer.next();
    expect(f[0]).toBe(0x90);
    expect(json(f)).toEqual({ name: 'alice', pwd: '123', resource: 'web', termtyp: 1 });
    peer.send(encodeFrame(TimType.ACK, ackJson(true, TimType.AUTH, { t: -1187620145, n: ALICE, n2: '4pUe3zX8gKc' })));
    const ack = await p;
    expect(ack).toEqual({ ok: true, timType: 16, t: -1187620145, n: ALICE, n2: '4pUe3zX8gKc' });
    expect(client.node).toBe(ALICE);
    expect(client.authenticated).toBe(true);
    expect(acks).toHaveLength(1);
  });

  it('rejects with the ack error code on ok:false', async () => {
    const { client, peer } = await connected();
    const p = client.login('alice', 'wrong', 'example.com');
    expect(json(await peer.next())).toMatchObject({ name: 'alice', pwd: 'wrong', domain: 'example.com' });
    peer.send(encodeFrame(TimType.ACK, errorAckJson(TimType.AUTH, ErrorCode.PERM_DENIED)));
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimClientError);
    expect((err as TimClientError).code).toBe(4105);
    expect((err as TimClientError).ack?.error?.info).toBe('permission denied');
    expect(client.authenticated).toBe(false);
  });

  it('loginByToken sends the token with empty name and password', async () => {
    const { client, peer } = await connected();
    const p = client.loginByToken('UHuS8PoK2LX');
    expect(json(await peer.next())).toEqual({ name: '', pwd: '', resource: 'web', termtyp: 1, token: 'UHuS8PoK2LX' });
    peer.send(encodeFrame(TimType.ACK, errorAckJson(TimType.AUTH, ErrorCode.TOKEN)));
    await expect(p).rejects.toMatchObject({ code: 4115 });
  });

  it('refuses a second connect while open', async () => {
    const { client } = await connected();
    await expect(client.connect()).rejects.toMatchObject({ code: ErrorCode.REPEAT });
    expect(client.connected).toBe(true);
  });

  it('times out without an ack', async () => {
    const { client } = await connected({ requestTimeoutMs: 30 });
    await expect(client.login('alice', '123')).rejects.toMatchObject({ code: ErrorCode.OVERTIME });
  });
});

describe('send', () => {
  it('resolves with the echo matched by id', async () => {
    const { client, peer } = await loggedIn();
    const p = client.send({ toTid: { node: BOB }, dataString: 'hi' });
    const f = await peer.next();
    expect(f[0]).toBe(0xda);
    const sent = json(f);
    expect(sent).toMatchObject({ msType: 2, odType: 1, toTid: { node: BOB }, dataString: 'hi' });
    expect(Number.isSafeInteger(sent.id)).toBe(true);
    // an unrelated message with another id does not resolve it
    peer.send(encodeFrame(TimType.MESSAGE, encodeMessage({ msType: 2, odType: 1, id: 1, fromTid: { node: BOB } })));
    peer.send(
      encodeFrame(
        TimType.MESSAGE,
        encodeMessage({
          msType: 2,
          odType: 1,
          id: sent.id as number,
          mid: 1,
          fromTid: { node: ALICE, resource: 'web', termtyp: 1 },
          toTid: { node: BOB },
          dataString: 'hi',
          timestamp: 1718000000123456789n,
        }),
      ),
    );
    const echo = await p;
    expect(echo.mid).toBe(1);
    expect(echo.timestamp).toBe(1718000000123456789n);
  });

  it('keeps a caller id and defaults msType 3 for room-only messages', async () => {
    const { client, peer } = await loggedIn();
    void client.send({ id: 77, roomTid: { node: 'room1' }, dataString: 'x' }, { awaitEcho: false });
    expect(json(await peer.next())).toEqual({ msType: 3, odType: 1, id: 77, roomTid: { node: 'room1' }, dataString: 'x' });
  });

  it('an error ack rejects the oldest pending send of that frame type', async () => {
    const { client, peer } = await loggedIn();
    const first = client.send({ toTid: { node: BOB }, dataString: '1' });
    const second = client.send({ toTid: { node: BOB }, dataString: '2' });
    const revoke = client.revoke(5, BOB);
    await peer.next();
    const f2 = json(await peer.next());
    await peer.next();
    peer.send(encodeFrame(TimType.ACK, errorAckJson(TimType.MESSAGE, ErrorCode.PERM_DENIED)));
    await expect(first).rejects.toMatchObject({ code: 4105 });
    peer.send(encodeFrame(TimType.ACK, errorAckJson(TimType.REVOKEMESSAGE, ErrorCode.PARAMS)));
    await expect(revoke).rejects.toMatchObject({ code: 4104 });
    peer.send(encodeFrame(TimType.MESSAGE, encodeMessage({ msType: 2, odType: 1, id: f2.id as number, fromTid: { node: ALICE } })));
    await expect(second).resolves.toMatchObject({ id: f2.id });
  });

  it("revoke and burn resolve on tim's author ack naming their mid (t2), not on another mid's", async () => {
    const { client, peer } = await loggedIn();
    const revoke = client.revoke(5, BOB);
    const burn = client.burn(6, BOB);
    await peer.next();
    await peer.next();
    let settled = false;
    void revoke.finally(() => (settled = true));
    peer.send(encodeFrame(TimType.ACK, ackJson(true, TimType.REVOKEMESSAGE, { n: BOB, t: 2, t2: 99 })));
    peer.send(encodeFrame(TimType.ACK, ackJson(true, TimType.BURNMESSAGE, { n: BOB, t: 2, t2: 6 })));
    await expect(burn).resolves.toMatchObject({ odType: 3, mid: 6 });
    expect(settled).toBe(false);
    peer.send(encodeFrame(TimType.ACK, ackJson(true, TimType.REVOKEMESSAGE, { n: BOB, t: 2, t2: 5 })));
    await expect(revoke).resolves.toMatchObject({ odType: 2, mid: 5 });
  });

  it('times out without an echo', async () => {
    const { client, peer } = await loggedIn({ requestTimeoutMs: 30 });
    const p = client.send({ toTid: { node: BOB }, dataString: 'x' });
    await peer.next();
    await expect(p).rejects.toMatchObject({ code: ErrorCode.OVERTIME });
  });

  it('revoke and burn frames', async () => {
    const { client, peer } = await loggedIn();
    void client.revoke(17, BOB, undefined, { awaitEcho: false });
    let f = await peer.next();
    expect(f[0]).toBe(0xdc);
    expect(json(f)).toMatchObject({ msType: 2, odType: 2, mid: 17, toTid: { node: BOB } });
    void client.revoke(18, undefined, 'room1', { awaitEcho: false });
    f = await peer.next();
    expect(json(f)).toMatchObject({ msType: 3, odType: 2, mid: 18, roomTid: { node: 'room1' } });
    expect(json(f).toTid).toBeUndefined();
    const burn = client.burn(19, BOB);
    f = await peer.next();
    expect(f[0]).toBe(0xdd);
    const sent = json(f);
    expect(sent).toMatchObject({ msType: 2, odType: 3, mid: 19, toTid: { node: BOB } });
    // the burn notice comes back reliably, carrying the request's id
    peer.send(
      encodeReliableFrame(
        TimType.MESSAGE,
        3,
        encodeMessage({ msType: 2, odType: 3, id: sent.id as number, mid: 19, fromTid: { node: ALICE }, toTid: { node: BOB } }),
      ),
    );
    expect(hex(await peer.next())).toBe('8c00000003');
    await expect(burn).resolves.toMatchObject({ odType: 3, mid: 19 });
  });

  it('rejects pending requests when the connection closes', async () => {
    const { client, peer } = await loggedIn();
    const closes = collect(client, 'close');
    const p = client.send({ toTid: { node: BOB }, dataString: 'x' });
    await peer.next();
    peer.ws.close(4000, 'bye');
    // pending requests are failed and 'close' emitted in the same turn
    await expect(p).rejects.toMatchObject({ code: ErrorCode.CONNECT });
    expect(closes[0]).toEqual({ code: 4000, reason: 'bye' });
    expect(client.connected).toBe(false);
    expect(() => client.ping()).toThrow(TimClientError);
  });
});

describe('reliable frames', () => {
  it('are auto-acked with the exact 5 bytes before dispatch', async () => {
    const { client, peer } = await loggedIn();
    const frames = collect(client, 'frame');
    const got = client.next('message');
    const reliable = encodeReliableFrame(
      TimType.MESSAGE,
      8,
      encodeMessage({ msType: 2, odType: 1, id: 123, mid: 2, fromTid: { node: BOB }, dataString: 'hello' }),
    );
    peer.send(reliable);
    expect(hex(await peer.next())).toBe('8c00000008');
    expect(await got).toMatchObject({ id: 123, mid: 2, dataString: 'hello' });
    expect(hex(frames[0])).toBe(hex(reliable));

    peer.send(encodeReliableFrame(TimType.MESSAGE, 0xfffffffe, encodeMessage({ msType: 2, odType: 1 })));
    expect(hex(await peer.next())).toBe('8cfffffffe');
  });

  it('are not acked with autoAck off', async () => {
    const { client, peer } = await loggedIn({ autoAck: false });
    const got = client.next('message');
    peer.send(encodeReliableFrame(TimType.MESSAGE, 9, encodeMessage({ msType: 2, odType: 1, dataString: 'x' })));
    expect((await got).dataString).toBe('x');
    client.ping();
    expect(hex(await peer.next())).toBe('8d');
    client.ack(9);
    expect(hex(await peer.next())).toBe('8c00000009');
  });
});

describe('ping', () => {
  it('pings every pingIntervalMs after login and reports pongs', async () => {
    const { client, peer } = await connected({ pingIntervalMs: 20 });
    const p = client.login('alice', '123');
    await peer.next();
    peer.send(encodeFrame(TimType.ACK, ackJson(true, TimType.AUTH, { n: ALICE })));
    await p;
    expect(hex(await peer.next())).toBe('8d');
    const pong = client.next('pong');
    peer.send(encodeFrame(TimType.PING));
    await pong;
    expect(hex(await peer.next())).toBe('8d');
  });
});

describe('offline', () => {
  it('emits batch entries as messages, the batch, then offlineEnd', async () => {
    const { client, peer } = await loggedIn();
    const messages = collect(client, 'message');
    client.offline();
    expect(hex(await peer.next())).toBe('91');
    const list: TimMessage[] = [1, 2].map((mid) => ({
      msType: 2,
      odType: 1,
      mid,
      fromTid: { node: BOB },
      toTid: { node: ALICE },
      dataString: `m${mid}`,
      isOffline: true,
      timestamp: 1718000000123456789n + BigInt(mid),
    }));
    const batch = client.next('offline');
    peer.send(encodeReliableFrame(TimType.OFFLINEMSG, 7, encodeMessageList({ id: -2305843009213693952, messageList: list })));
    expect(hex(await peer.next())).toBe('8c00000007');
    const l = await batch;
    expect(l.id).toBe(-2305843009213693952);
    expect(messages.map((m) => m.dataString)).toEqual(['m1', 'm2']);
    expect(messages.every((m) => m.isOffline)).toBe(true);
    expect(messages[1].timestamp).toBe(1718000000123456791n);
    const end = client.next('offlineEnd');
    peer.send(encodeFrame(TimType.OFFLINEMSGEND));
    await end;
  });
});

describe('other requests and inbound kinds', () => {
  it('writes each request as timjs does', async () => {
    const { client, peer } = await loggedIn();
    client.broadPresence(1, undefined, 'online');
    let f = await peer.next();
    expect(f[0]).toBe(0x93);
    expect(json(f)).toEqual({ subStatus: 1, status: 'online' });

    client.presence({ toTid: { node: BOB }, subStatus: 2, status: 'busy' });
    f = await peer.next();
    expect(f[0]).toBe(0xdb);
    expect(json(f)).toEqual({ subStatus: 2, toTid: { node: BOB }, status: 'busy' });

    client.pullMessages(1, BOB, 0, 10);
    f = await peer.next();
    expect(f[0]).toBe(0x95);
    expect(json(f)).toEqual({ rtype: 1, node: BOB, reqInt: 0, reqInt2: 10 });

    client.business({ rtype: 1 });
    f = await peer.next();
    expect(hex(f.subarray(0, 1))).toBe('a9');
    expect(json(f)).toEqual({ rtype: 1 });

    client.vroom({ rtype: 5, node: 'v', reqInt: 1 });
    f = await peer.next();
    expect(f[0]).toBe(0x96);
    expect(json(f)).toEqual({ rtype: 5, node: 'v', reqInt: 1 });

    client.nodes({ ntype: 4, nodelist: [BOB] });
    f = await peer.next();
    expect(f[0]).toBe(0xaa);
    expect(json(f)).toEqual({ ntype: 4, nodelist: [BOB] });

    client.pushStream('v', new Uint8Array([1, 2, 3]), 2);
    f = await peer.next();
    expect(f[0]).toBe(0xde);
    expect(json(f)).toEqual({ VNode: 'v', dtype: 2, body: 'AQID' });

    client.bigString(BOB, 'a|b');
    expect(hex(await peer.next())).toBe(hex(encodeBigDataRequest(TimType.BIGSTRING, BOB, 'a|b')));
    client.bigBinary(BOB, new Uint8Array([0x83, 1]));
    expect(hex(await peer.next())).toBe(hex(encodeBigDataRequest(TimType.BIGBINARY, BOB, Buffer.from([0x83, 1]))));
    client.bigBinaryStream('v', new Uint8Array([7]));
    expect(hex(await peer.next())).toBe(hex(encodeBigDataRequest(TimType.BIGBINARYSTREAM, 'v', Buffer.from([7]))));

    client.sendRaw(new Uint8Array([0x8d]));
    expect(hex(await peer.next())).toBe('8d');
    client.sendRaw('text');
    expect((await peer.next()).toString()).toBe('text');
  });

  it('dispatches presence, nodes, pull, stream, ack and big data', async () => {
    const { client, peer } = await loggedIn();
    const presence = client.next('presence');
    peer.send(encodeFrame(TimType.PRESENCE, encodePresence({ subStatus: 1, fromTid: { node: BOB }, status: 'online' })));
    expect(await presence).toEqual({ subStatus: 1, fromTid: { node: BOB }, status: 'online' });

    const nodes = client.next('nodes');
    peer.send(encodeFrame(TimType.NODES, encodeNodes({ ntype: 1, nodelist: [BOB] })));
    expect(await nodes).toEqual({ ntype: 1, nodelist: [BOB] });

    const pull = client.next('pull');
    peer.send(encodeFrame(TimType.PULLMESSAGE, encodeMessageList({ messageList: [{ msType: 2, odType: 1, mid: 3 }] })));
    expect((await pull).messageList).toEqual([{ msType: 2, odType: 1, mid: 3 }]);

    const stream = client.next('stream');
    peer.send(encodeFrame(TimType.STREAM, encodeStream({ id: 5, VNode: 'v', body: Buffer.from([1]), fromNode: BOB })));
    expect(await stream).toMatchObject({ id: 5, VNode: 'v', fromNode: BOB });

    const ack = client.next('ack', (a) => a.timType === 41);
    peer.send(encodeFrame(TimType.ACK, ackJson(true, 41, { n: 'room', t: 8 })));
    expect(await ack).toEqual({ ok: true, timType: 41, t: 8, n: 'room' });

    const bs = client.next('bigString');
    peer.send(encodeBigString(BOB, 'x|y'));
    expect(await bs).toEqual({ from: BOB, text: 'x|y' });

    const bb = client.next('bigBinary');
    peer.send(encodeBigBinary(BOB, Buffer.from([0x83, 0])));
    const gotB = await bb;
    expect(gotB.from).toBe(BOB);
    expect([...gotB.data]).toEqual([0x83, 0]);

    const bbs = client.next('bigBinaryStream');
    peer.send(encodeBigBinaryStream('v', Buffer.from([4])));
    const gotS = await bbs;
    expect(gotS.vnode).toBe('v');
    expect([...gotS.data]).toEqual([4]);
  });

  it('reports undecodable frames as errors and keeps going', async () => {
    const { client, peer } = await loggedIn();
    const err = client.next('error');
    peer.send(Buffer.concat([Buffer.from([0x5a]), Buffer.from('{bad')]));
    const e = await err;
    expect(e).toBeInstanceOf(ProtocolError);
    expect((e as ProtocolError).code).toBe(ErrorCode.FORMAT);
    const unknown = client.next('error');
    peer.send(Buffer.from([0x33]));
    expect(await unknown).toMatchObject({ code: ErrorCode.PARAMS });
    const pong = client.next('pong');
    peer.send(encodeFrame(TimType.PING));
    await pong;
  });
});

describe('reconnect', () => {
  it('reconnects and logs in again with the same credentials', async () => {
    const { client, peer } = await loggedIn({ reconnect: true, reconnectDelayMs: 5 });
    const reconnected = client.next('reconnect');
    peer.ws.terminate();
    const again = await nextPeer();
    const f = await again.next();
    expect(f[0]).toBe(0x90);
    expect(json(f)).toMatchObject({ name: 'alice', pwd: '123' });
    again.send(encodeFrame(TimType.ACK, ackJson(true, TimType.AUTH, { n: ALICE })));
    expect((await reconnected).n).toBe(ALICE);
    expect(client.authenticated).toBe(true);
  });

  it('does not reconnect after close()', async () => {
    const { client, peer } = await loggedIn({ reconnect: true, reconnectDelayMs: 5 });
    await client.close();
    expect(peer.closed || (await new Promise((r) => peer.ws.once('close', () => r(true))))).toBe(true);
    // a ping from a new connection would show up here; there is none
    expect(wss.clients.size).toBe(0);
  });
});
