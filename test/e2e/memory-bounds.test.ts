// Memory per connection is bounded in bytes, against hostile clients on real sockets:
// - readers that stop reading are closed with 4001 once their unflushed bytes would pass
//   limits.sendQueueBytes, and no socket's queue ever holds more (CoreStats.sendQueuePeakBytes);
// - unauthenticated sockets announcing huge frames are closed with 1009 from the frame header,
//   before the payload is read, so the server's memory does not grow by their size;
// - limits.maxConnections / limits.maxConnectionsPerIp refuse the next upgrade with 503 / 429 and a
//   JSON error, and a closed connection (or a failed handshake) gives its slot back.
// Transport behaviour, the same on every database: run on SQLite only.

import { randomBytes } from 'node:crypto';
import net from 'node:net';
import WebSocket from 'ws';
import { expect, it } from 'vitest';
import { encodeClientFrame } from '../../src/protocol/frame-codec.js';
import { OdType, TimType } from '../../src/protocol/timtype.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { befriend, startServer, until, type TestServer } from '../helpers/tim-server.js';

const MiB = 1 << 20;

await describeEachDatabase(
  'memory bounds',
  (ctx) => {
    // First: it measures this process's memory, which a failing test before it could have grown.
    it('closes 60 unauthenticated sockets sending 16 MiB frames with 1009, without their size in memory', async () => {
      const srv = await startServer(ctx.database); // preLoginFrameBytes 64 KiB, maxFrameBytes 8 MiB
      try {
        const port = Number(new URL(srv.url).port);
        const before = process.memoryUsage();
        const peak = { rss: before.rss, arrayBuffers: before.arrayBuffers };
        const sample = setInterval(() => {
          const m = process.memoryUsage();
          peak.rss = Math.max(peak.rss, m.rss);
          peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers);
        }, 5);
        let codes: (number | string)[];
        try {
          codes = await Promise.all(Array.from({ length: 60 }, () => oversizedPreLoginFrame(port, 16 * MiB)));
        } finally {
          clearInterval(sample);
        }
        const after = process.memoryUsage();
        const mb = (n: number) => `${(n / MiB).toFixed(1)} MiB`;
        console.log(
          `[memory-bounds] 60 x 16 MiB pre-login frames (${mb(60 * 16 * MiB)} announced): rss ${mb(before.rss)} -> peak ` +
            `${mb(peak.rss)} -> ${mb(after.rss)}; arrayBuffers ${mb(before.arrayBuffers)} -> peak ${mb(peak.arrayBuffers)} -> ` +
            `${mb(after.arrayBuffers)}`,
        );
        expect(codes).toEqual(Array(60).fill(1009));
        // Buffered, the frames would take 960 MiB (the server without this bound peaked at about
        // +200 MiB of buffers here, freeing finished ones meanwhile); this test's clients share
        // one 1 MiB buffer.
        expect(peak.arrayBuffers - before.arrayBuffers).toBeLessThan(48 * MiB);
        expect(peak.rss - before.rss).toBeLessThan(160 * MiB);
        await until(() => srv.app.core.stats.connections === 0, 5000, 'every socket closed');
        // A client that logs in may still send big frames (maxFrameBytes rules, unchanged).
        const c = await srv.login('after');
        c.sendRaw(encodeClientFrame(TimType.AUTH, JSON.stringify({ pad: 'x'.repeat(256 * 1024) })));
        c.ping();
        await c.next('pong');
        expect(c.connected).toBe(true);
      } finally {
        await srv.close();
      }
    });

    it('closes five readers that never read with 4001 once over sendQueueBytes; no queue ever holds more', async () => {
      const BOUND = 4 * MiB;
      // The frame bound is set far away so that only the byte bound can close the readers.
      const srv = await startServer(ctx.database, { limits: { sendQueueBytes: BOUND, sendQueueMax: 100_000 } });
      const stats = srv.app.core.stats;
      try {
        const sender = await srv.user('sender');
        const names = ['r0', 'r1', 'r2', 'r3', 'r4'];
        const nodes = await Promise.all(names.map((n) => srv.user(n)));
        for (const n of nodes) await befriend(srv.knex, sender, n);
        const readers = await Promise.all(names.map((name, i) => stalledReader(srv, name, nodes[i])));
        const online = (node: string) => srv.app.core.registry.sessionsOf(node).length > 0;

        // As soon as the server dropped a reader, let it read: the close frame (4001) is behind
        // what was queued, and the server terminates a silent peer after 2 s.
        let maxTotal = 0;
        const watch = setInterval(() => {
          maxTotal = Math.max(maxTotal, stats.sendQueuedBytes);
          for (const r of readers) if (!r.resumed && !online(r.node)) r.resume();
        }, 5);
        const a = await srv.login('sender');
        const body = 'x'.repeat(MiB);
        let sent = 0;
        try {
          // Business odType: reliable, so unacknowledged frames are resent (ackTimeoutSeconds 0.5
          // in tests) and the resends count against the bound too.
          const deadline = Date.now() + 10_000;
          for (let round = 0; round < 60 && Date.now() < deadline && readers.some((r) => online(r.node)); round++) {
            for (const r of readers) {
              if (!online(r.node)) continue;
              void a.send({ msType: 2, odType: OdType.BUSINESS, toTid: { node: r.node }, dataString: body }, { awaitEcho: false });
              sent++;
            }
            a.ping();
            await a.next('pong');
          }
          await until(() => readers.every((r) => r.resumed), 5000, 'every stalled reader dropped');
        } finally {
          clearInterval(watch);
        }
        const codes = await within(Promise.all(readers.map((r) => r.closed)), 5000, 'the readers\' close events');
        console.log(
          `[memory-bounds] slow readers: ${sent} x 1 MiB sent, peak unflushed bytes of one socket ${stats.sendQueuePeakBytes} ` +
            `(bound ${BOUND}), peak of all sockets ${maxTotal}`,
        );
        expect(codes).toEqual([4001, 4001, 4001, 4001, 4001]);
        expect(stats.slowConsumersClosed).toBe(5);
        expect(stats.sendQueuePeakBytes).toBeGreaterThan(BOUND / 2);
        expect(stats.sendQueuePeakBytes).toBeLessThanOrEqual(BOUND);
        expect(maxTotal).toBeLessThanOrEqual(6 * BOUND); // five readers and the sender
        // Closed sockets stop counting: nothing is left queued once the sender is idle.
        await until(() => stats.sendQueuedBytes === 0, 5000, 'the send queue gauge back to 0');
        // The sender was served throughout and still is.
        a.ping();
        await a.next('pong');
      } finally {
        await srv.close();
      }
    });

    it('closes a socket whose frame before login passes preLoginFrameBytes with 1009, even when pipelined after AUTH', async () => {
      const srv = await startServer(ctx.database, { limits: { preLoginFrameBytes: 4096 } });
      try {
        await srv.user('early');
        const ws = new WebSocket(srv.url);
        ws.on('error', () => undefined);
        await new Promise((r) => ws.once('open', r));
        const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
        ws.send(encodeClientFrame(TimType.AUTH, JSON.stringify({ name: 'early', pwd: 'secret-early' })));
        ws.send(Buffer.alloc(5000, 0x8d)); // sent before the login ack: still a pre-login frame
        expect(await within(closed, 5000, 'the close')).toBe(1009);
        // A frame within the bound before login is fine, and after login the bound is lifted.
        const c = await srv.client();
        c.sendRaw(Buffer.from([0x8d, ...Buffer.alloc(4000)])); // PING before login: ignored
        await c.login('early', 'secret-early');
        c.sendRaw(encodeClientFrame(TimType.AUTH, JSON.stringify({ pad: 'x'.repeat(64 * 1024) })));
        c.ping();
        await c.next('pong');
        expect(c.connected).toBe(true);
      } finally {
        await srv.close();
      }
    });

    it('refuses the connection past maxConnections with 503 and admits again once one closes', async () => {
      const srv = await startServer(ctx.database, { limits: { maxConnections: 3, maxConnectionsPerIp: 0 } });
      try {
        // Failed handshakes (ws answers 400 after the limit check) give their slots back.
        for (let i = 0; i < 5; i++) expect(await badHandshake(srv)).toMatch(/^HTTP\/1\.1 400/);
        const open = await Promise.all([0, 1, 2].map(() => attempt(srv.url)));
        expect(open.map((o) => o.status)).toEqual([101, 101, 101]);
        const refused = await attempt(srv.url);
        expect(refused.status).toBe(503);
        expect(refused.body).toEqual({ error: expect.stringContaining('limits.maxConnections') });
        expect(await attempt(srv.url)).toMatchObject({ status: 503 }); // refusals take no slot either
        open[0].ws!.close();
        const again = await admitted(srv.url);
        expect((await attempt(srv.url)).status).toBe(503);
        for (const o of [again, open[1], open[2]]) await closeWs(o.ws!);
        const all = await Promise.all([0, 1, 2].map(() => attempt(srv.url)));
        expect(all.map((o) => o.status)).toEqual([101, 101, 101]);
        for (const o of all) await closeWs(o.ws!);
      } finally {
        await srv.close();
      }
    });

    it('refuses the connection past maxConnectionsPerIp with 429 and admits again once one closes', async () => {
      const srv = await startServer(ctx.database, { limits: { maxConnections: 100, maxConnectionsPerIp: 2 } });
      try {
        const open = await Promise.all([0, 1].map(() => attempt(srv.url)));
        expect(open.map((o) => o.status)).toEqual([101, 101]);
        const refused = await attempt(srv.url);
        expect(refused.status).toBe(429);
        expect(refused.body).toEqual({ error: expect.stringContaining('limits.maxConnectionsPerIp') });
        // A logged-in session closed by the server gives its slot back too.
        await closeWs(open[0].ws!);
        const c = await srv.login('kicked');
        expect((await attempt(srv.url)).status).toBe(429);
        const closed = c.next('close');
        expect(srv.app.core.kick(c.node as string, false)).toBe(1);
        await closed;
        const again = await admitted(srv.url);
        await closeWs(again.ws!);
        await closeWs(open[1].ws!);
      } finally {
        await srv.close();
      }
    });
  },
  { clients: ['sqlite'] },
);

interface StalledReader {
  node: string;
  /** the close code the client saw */
  closed: Promise<number>;
  resumed: boolean;
  resume(): void;
}

/** A raw ws client logged in as `name` that then stops reading its TCP socket. */
async function stalledReader(srv: TestServer, name: string, node: string): Promise<StalledReader> {
  const ws = new WebSocket(srv.url);
  ws.on('error', () => undefined);
  await new Promise((r) => ws.once('open', r));
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
  ws.send(encodeClientFrame(TimType.AUTH, JSON.stringify({ name, pwd: 'secret-' + name })));
  await until(() => srv.app.core.registry.sessionsOf(node).length > 0, 5000, `${name} online`);
  const tcp = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  tcp.pause();
  const reader: StalledReader = {
    node,
    closed,
    resumed: false,
    resume() {
      reader.resumed = true;
      tcp.resume();
    },
  };
  return reader;
}

const ZEROS = Buffer.alloc(MiB);

/**
 * Upgrades a raw TCP connection, sends one binary frame header announcing `size` bytes (masked with
 * a zero key, so the payload is plain zeros) and streams the payload from one shared buffer until
 * the server answers. Resolves with the close code of the server's first frame, or a description
 * of what came instead.
 */
function oversizedPreLoginFrame(port: number, size: number): Promise<number | string> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let upgraded = false;
    const done = (v: number | string) => {
      resolve(v);
      sock.destroy();
    };
    sock.on('error', () => undefined);
    sock.on('close', () => resolve('closed without a close frame'));
    sock.on('connect', () => sock.write(upgradeRequest(port)));
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        if (!head.startsWith('HTTP/1.1 101')) return done(head.split('\r\n')[0]);
        upgraded = true;
        buf = buf.subarray(end + 4);
        const header = Buffer.alloc(14);
        header[0] = 0x82; // FIN, binary
        header[1] = 0x80 | 127; // masked, 64-bit length
        header.writeBigUInt64BE(BigInt(size), 2); // mask key: bytes 10-13, zero
        sock.write(header);
        for (let sent = 0; sent < size; sent += ZEROS.length) sock.write(ZEROS);
      }
      if (buf.length < 4) return;
      done(buf[0] === 0x88 ? buf.readUInt16BE(2) : `frame 0x${buf[0].toString(16)}`);
    });
  });
}

function upgradeRequest(port: number, version = 13): string {
  return (
    `GET /tim HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: ${version}\r\n\r\n`
  );
}

/** An upgrade request ws refuses (unsupported version); the status line of the answer. */
function badHandshake(srv: TestServer): Promise<string> {
  const port = Number(new URL(srv.url).port);
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write(upgradeRequest(port, 99)));
    let text = '';
    sock.on('data', (d: Buffer) => (text += d.toString('latin1')));
    sock.on('error', () => undefined);
    sock.on('close', () => resolve(text.split('\r\n')[0]));
  });
}

interface Attempt {
  status: number;
  body?: unknown;
  ws?: WebSocket;
}

/** One WebSocket connection attempt: 101 with the open socket, or the HTTP status and JSON body. */
function attempt(url: string): Promise<Attempt> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => resolve({ status: 101, ws }));
    ws.on('unexpected-response', (req, res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
      });
    });
    ws.on('error', reject);
  });
}

/** Retries until an attempt is admitted (the server handles a close asynchronously). */
async function admitted(url: string): Promise<Attempt> {
  let last: Attempt | undefined;
  await until(
    async () => {
      last = await attempt(url);
      return last.status === 101;
    },
    5000,
    'a connection admitted again',
  );
  return last!;
}

/** `p`, or a clear failure after `ms`. */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

function closeWs(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((r) => {
    ws.once('close', () => r());
    ws.close();
  });
}
