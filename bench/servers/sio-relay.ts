// What a Node developer would pick instead: a Socket.IO relay (WebSocket transport only, no
// compression) doing the same minimal work as the ws relay with Socket.IO's own means: a `login`
// event with an ack that registers the name and joins rooms, an `m` event relayed to a socket or
// broadcast to a room; with `p: 1`, an echo plus copies sent with Socket.IO acknowledgements (each
// with a timeout, as tim's reliable delivery has).

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { ready, serveServer } from './child.js';
import { ACK_TIMEOUT_MS, type Up } from './relay-messages.js';

const byName = new Map<string, Socket>();
const noop = () => undefined;

const server = http.createServer();
const io = new Server(server, {
  transports: ['websocket'],
  serveClient: false,
  perMessageDeflate: false,
  httpCompression: false,
  maxHttpBufferSize: 16 * 1024 * 1024,
});

io.on('connection', (socket) => {
  let name = '';
  socket.on('login', (msg: Up, ack: (r: unknown) => void) => {
    name = msg.name ?? '';
    byName.set(name, socket);
    for (const r of msg.rooms ?? []) void socket.join(r);
    ack({ ok: true });
  });
  socket.on('m', (msg: Up) => {
    if (name === '') return;
    const out = { from: name, to: msg.to, room: msg.room, body: msg.body, ts: Date.now() };
    if (msg.room !== undefined) {
      if (msg.p) io.to(msg.room).timeout(ACK_TIMEOUT_MS).emit('m', out, noop);
      else io.to(msg.room).emit('m', out);
      return;
    }
    const peer = msg.to !== undefined ? byName.get(msg.to) : undefined;
    if (msg.p) {
      socket.emit('m', out);
      peer?.timeout(ACK_TIMEOUT_MS).emit('m', out, noop);
    } else {
      peer?.emit('m', out);
    }
  });
  socket.on('disconnect', () => {
    if (byName.get(name) === socket) byName.delete(name);
  });
});

server.listen(0, '127.0.0.1', () => {
  serveServer(
    () => io.engine.clientsCount,
    {},
    async () => {
      io.disconnectSockets(true);
      await new Promise<void>((r) => io.close(() => r()));
    },
  );
  ready((server.address() as AddressInfo).port);
});
