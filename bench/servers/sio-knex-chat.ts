// What a Node developer would write for a persisted chat: Socket.IO 4 (WebSocket transport only,
// no compression) and knex on SQLite (better-sqlite3, WAL as tim's builtin SQLite, knex's single
// connection). A persisted message (`p: 1`) is stored in its own transaction, written with
// async/await and knex's query builder, no batching: the message row (body and the sent JSON) and
// one pending row per recipient, the same tables as tim's tim_message and tim_offline. Then the
// sender gets its echo (1:1) and every recipient a copy with a Socket.IO acknowledgement (10 s
// timeout) whose arrival deletes that recipient's pending row. Stream messages (`p: 0`) are
// relayed as sio-relay.ts does. Login: a `login` event with an ack that registers the name and
// joins rooms.
//
// `node --import tsx bench/servers/sio-knex-chat.ts <sqlite file>`

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import knexFactory from 'knex';
import { Server, type Socket } from 'socket.io';
import { ready, serveServer } from './child.js';
import { ACK_TIMEOUT_MS, type Up } from './relay-messages.js';

const file = process.argv[2];
if (!file) throw new Error('usage: sio-knex-chat.ts <sqlite file>');

const knex = knexFactory({
  client: 'better-sqlite3',
  connection: { filename: file },
  useNullAsDefault: true,
  pool: { afterCreate: (conn: { pragma(s: string): unknown }, done: () => void) => (conn.pragma('journal_mode = WAL'), done()) },
});

await knex.schema.createTable('messages', (t) => {
  t.bigInteger('mid').primary();
  t.string('chat', 140).notNullable();
  t.string('sender', 64).notNullable();
  t.string('receiver', 64);
  t.string('room', 64);
  t.text('body');
  t.text('stanza').notNullable();
  t.bigInteger('created_at').notNullable();
  t.index(['chat', 'mid']);
});
await knex.schema.createTable('pending', (t) => {
  t.increments('id');
  t.string('node', 64).notNullable();
  t.bigInteger('mid');
  t.text('stanza').notNullable();
  t.bigInteger('created_at').notNullable();
  t.index(['node', 'id']);
  t.index(['mid']);
});

const byName = new Map<string, Socket>();
const rooms = new Map<string, Set<string>>();
let lastMid = 0;

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
    for (const r of msg.rooms ?? []) {
      void socket.join(r);
      if (!rooms.has(r)) rooms.set(r, new Set());
      rooms.get(r)!.add(name);
    }
    ack({ ok: true });
  });

  socket.on('m', async (msg: Up) => {
    if (name === '') return;
    if (!msg.p) {
      const out = { from: name, to: msg.to, room: msg.room, body: msg.body, ts: Date.now() };
      if (msg.room !== undefined) io.to(msg.room).emit('m', out);
      else if (msg.to !== undefined) byName.get(msg.to)?.emit('m', out);
      return;
    }
    const createdAt = Date.now();
    lastMid = Math.max(lastMid + 1, createdAt * 1000);
    const mid = lastMid;
    const out = { mid, from: name, to: msg.to, room: msg.room, body: msg.body, ts: createdAt };
    const stanza = JSON.stringify(out);
    const recipients = msg.room !== undefined ? [...(rooms.get(msg.room) ?? [])] : [msg.to ?? ''];
    const chat = msg.room !== undefined ? `r:${msg.room}` : [name, msg.to].sort().join(',');
    try {
      await knex.transaction(async (trx) => {
        await trx('messages').insert({ mid, chat, sender: name, receiver: msg.to ?? null, room: msg.room ?? null, body: msg.body, stanza, created_at: createdAt });
        await trx('pending').insert(recipients.map((node) => ({ node, mid, stanza, created_at: createdAt })));
      });
    } catch (e) {
      socket.emit('failed', { error: (e as Error).message });
      return;
    }
    if (msg.room === undefined) socket.emit('m', out);
    for (const node of recipients) {
      byName
        .get(node)
        ?.timeout(ACK_TIMEOUT_MS)
        .emit('m', out, async (err: Error | null) => {
          if (err) return;
          await knex('pending').where({ mid, node }).del();
        });
    }
  });

  socket.on('disconnect', () => {
    if (byName.get(name) === socket) byName.delete(name);
    for (const members of rooms.values()) members.delete(name);
  });
});

server.listen(0, '127.0.0.1', () => {
  serveServer(
    () => io.engine.clientsCount,
    {},
    async () => {
      io.disconnectSockets(true);
      await new Promise<void>((r) => io.close(() => r()));
      await knex.destroy();
    },
  );
  ready((server.address() as AddressInfo).port);
});
