// The ceiling: a bare `ws` relay doing the minimal equivalent of the project's work per frame, in
// the same framing as tim (byte 0 = type, then JSON): parse, look up the recipient (or the room's
// members), send. Login (type 16) registers a name and joins rooms, answered by an ack (type 12).
// With `p: 1` a message is treated like a persisted one minus the database: an echo to the sender,
// and each copy sent with a 4-byte ack id that the recipient must acknowledge (0x8C), with a
// timer per copy as tim's reliable delivery has.
//
// With `--cork` (server id `ws-cork`) the relay coalesces each socket's frames of one event-loop
// turn into one write, with the same module tim-ts uses (src/transport/write-coalescer.ts): the
// ceiling for a server that does that too.

import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { hold } from '../../src/transport/write-coalescer.js';
import { ready, serveServer } from './child.js';
import { ACK_TIMEOUT_MS, type Up } from './relay-messages.js';

const CORK = process.argv.includes('--cork');

const ACK = 12;
const AUTH = 16;
const MESSAGE = 90;
const LOGIN_OK = Buffer.concat([Buffer.from([ACK]), Buffer.from('{"ok":true}')]);

const byName = new Map<string, WebSocket>();
const rooms = new Map<string, Set<WebSocket>>();
const pending = new Map<number, NodeJS.Timeout>();
const tcpOf = new WeakMap<WebSocket, Socket>();
let ackSeq = 0;

function send(ws: WebSocket, frame: Buffer): void {
  if (CORK) hold(tcpOf.get(ws)!);
  ws.send(frame);
}

function plain(json: string): Buffer {
  const out = Buffer.allocUnsafe(1 + Buffer.byteLength(json));
  out[0] = MESSAGE;
  out.write(json, 1);
  return out;
}

function expire(id: number): void {
  pending.delete(id);
}

function sendReliable(ws: WebSocket, json: string): void {
  ackSeq = ackSeq >= 0x7fffffff ? 1 : ackSeq + 1;
  const id = ackSeq;
  const out = Buffer.allocUnsafe(5 + Buffer.byteLength(json));
  out[0] = MESSAGE | 0x80;
  out.writeInt32BE(id, 1);
  out.write(json, 5);
  // A named top-level callback, not a closure: under tsx (esbuild keepNames) every closure created
  // per message would cost a defineProperty call that the compiled server does not pay.
  pending.set(id, setTimeout(expire, ACK_TIMEOUT_MS, id));
  send(ws, out);
}

const server = http.createServer();
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 16 * 1024 * 1024 });

wss.on('connection', (ws, req) => {
  tcpOf.set(ws, req.socket);
  let name = '';
  const joined: string[] = [];
  ws.on('message', (data: Buffer) => {
    const type = data[0] & 0x7f;
    if (type === ACK) {
      if (data.length < 5) return;
      const id = data.readInt32BE(1);
      const t = pending.get(id);
      if (t !== undefined) {
        clearTimeout(t);
        pending.delete(id);
      }
      return;
    }
    const msg = JSON.parse(data.toString('utf8', 1)) as Up;
    if (type === AUTH && msg.name) {
      name = msg.name;
      byName.set(name, ws);
      for (const r of msg.rooms ?? []) {
        let set = rooms.get(r);
        if (!set) rooms.set(r, (set = new Set()));
        set.add(ws);
        joined.push(r);
      }
      send(ws, LOGIN_OK);
      return;
    }
    if (type !== MESSAGE || name === '') return;
    const out = JSON.stringify({ from: name, to: msg.to, room: msg.room, body: msg.body, ts: Date.now() });
    if (msg.room !== undefined) {
      const members = rooms.get(msg.room);
      if (!members) return;
      if (msg.p) {
        for (const m of members) sendReliable(m, out);
      } else {
        const frame = plain(out);
        for (const m of members) send(m, frame);
      }
      return;
    }
    const peer = msg.to !== undefined ? byName.get(msg.to) : undefined;
    if (msg.p) {
      send(ws, plain(out));
      if (peer) sendReliable(peer, out);
    } else if (peer) {
      send(peer, plain(out));
    }
  });
  ws.on('close', () => {
    if (byName.get(name) === ws) byName.delete(name);
    for (const r of joined) rooms.get(r)?.delete(ws);
  });
});

server.listen(0, '127.0.0.1', () => {
  serveServer(
    () => wss.clients.size,
    {},
    async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => server.close(() => r()));
    },
  );
  ready((server.address() as AddressInfo).port);
});
