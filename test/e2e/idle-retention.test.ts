// What an open /tim connection keeps alive (issue 18, idle memory: docs/performance.md). Once the
// WebSocket upgrade is done nothing may hold the upgrade's HTTP request any more: neither the
// ServerResponse @fastify/websocket assigns to the TCP socket nor fastify's request and reply in
// the 'error' listener it adds (src/transport/upgrade-release.ts). The 'error' listener that
// replaced theirs still logs a peer's protocol error at debug, with its session, and closes the
// socket. Not database specific: SQLite only.

import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { encodeClientFrame } from '../../src/protocol/frame-codec.js';
import { TimType } from '../../src/protocol/timtype.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { capturedLogger, LEVEL } from '../helpers/log-lines.js';
import { startServer, until, type TestServer } from '../helpers/tim-server.js';

// A full garbage collection on demand: the flag lets a new context see V8's gc().
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

await describeEachDatabase(
  'what an open connection keeps',
  (ctx) => {
    let srv: TestServer;
    const { logger, lines } = capturedLogger('debug');

    beforeAll(async () => {
      srv = await startServer(ctx.database, { logLevel: 'debug', limits: { preLoginFrameBytes: 4096 } }, { logger });
    });
    afterAll(() => srv?.close());

    it('lets the upgrade request go while its connection stays open and logged in', async () => {
      await srv.login('first');
      // The HTTP server, reached through the TCP socket of the open session (WsPort's `tcp`).
      const [session] = [...srv.app.core.registry.sessions()];
      const server = (session.socket as unknown as { tcp: Socket & { server: NodeJS.EventEmitter } }).tcp.server;
      const upgrades: WeakRef<IncomingMessage>[] = [];
      const record = (req: IncomingMessage) => void upgrades.push(new WeakRef(req));
      server.prependListener('upgrade', record);
      const clients = [];
      try {
        for (const name of ['idle-a', 'idle-b', 'idle-c']) clients.push(await srv.login(name));
      } finally {
        server.removeListener('upgrade', record);
      }
      expect(upgrades).toHaveLength(3);
      let control: object | undefined = {};
      const collected = new WeakRef(control);
      control = undefined;
      // WeakRefs keep their targets until the current job ends: collect in a later turn.
      await new Promise((r) => setImmediate(r));
      gc();
      expect(collected.deref()).toBeUndefined();
      expect(clients.every((c) => c.connected)).toBe(true);
      expect(upgrades.filter((r) => r.deref() !== undefined)).toHaveLength(0);
      // The connections still work after the release.
      clients[0].ping();
      await clients[0].next('pong');
    });

    it("logs a peer's protocol error at debug with its session, not as an error, and closes the socket", async () => {
      const ws = new WebSocket(srv.url);
      ws.on('error', () => undefined);
      await new Promise((r) => ws.once('open', r));
      const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
      ws.send(encodeClientFrame(TimType.PING, 'x'.repeat(5000))); // past preLoginFrameBytes
      expect(await closed).toBe(1009);
      const find = () => lines.find((l) => l.msg === 'websocket protocol error from the peer');
      await until(() => find() !== undefined, 3000, 'the protocol error line');
      expect(find()).toMatchObject({ level: LEVEL.DEBUG, code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', session: expect.any(Number) });
      const opened = lines.find((l) => l.msg === 'connection opened' && l.session === find()?.session);
      expect(opened).toBeDefined();
      expect(lines.filter((l) => l.level >= LEVEL.ERROR)).toEqual([]);
    });
  },
  { clients: ['sqlite'] },
);
