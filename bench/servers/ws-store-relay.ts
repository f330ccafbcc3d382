// The practical ceiling for a Node process doing tim's persisted job: the corked ws relay
// (ws-relay.ts --cork, same framing and wire traffic) that also STORES every persisted message
// (`p: 1`) before its echo, with the storage tim's durable delivery does: one message row (body
// and the sent JSON) plus one pending row per recipient copy (the full JSON), all in one
// transaction per batch; a pending row is deleted when its copy is acknowledged (0x8C), those
// deletes batched the same way. Stream messages (`p: 0`) are relayed as ws-relay.ts does.
//
// Batching: the messages and acks of one event-loop turn, and those that arrive while a batch
// commits, go in one batch. Echoes and copies leave only after their batch committed, batches
// finish in the order they were taken, so every sender's order holds.
//
//   --store=sqlite:<file>  better-sqlite3, WAL (as tim's builtin SQLite), one prepared single-row
//                          statement per row inside `db.transaction`; synchronous, so one batch at a time.
//   --store=pg:<url>       pg, one statement per batch (a WITH of INSERT ... SELECT FROM unnest(...)
//                          for both tables and the acks' DELETE), up to 4 batches in flight on 4
//                          connections, finished in order.
//
// Tables: the same columns and indexes as tim's tim_message and tim_offline.

import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import Database from 'better-sqlite3';
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';
import { hold } from '../../src/transport/write-coalescer.js';
import { ready, serveServer } from './child.js';
import { ACK_TIMEOUT_MS, type Up } from './relay-messages.js';

const storeArg = process.argv.find((a) => a.startsWith('--store='))?.slice('--store='.length) ?? '';
const [kind, ...rest] = storeArg.split(':');
const where = rest.join(':');
if ((kind !== 'sqlite' && kind !== 'pg') || !where) throw new Error('usage: ws-store-relay.ts --store=sqlite:<file>|pg:<url>');

const ACK = 12;
const AUTH = 16;
const MESSAGE = 90;
const LOGIN_OK = Buffer.concat([Buffer.from([ACK]), Buffer.from('{"ok":true}')]);

/** One stored message: its row, the sockets it goes to once stored. */
interface Job {
  mid: number;
  chat: string;
  sender: string;
  receiver: string | null;
  room: string | null;
  body: string;
  out: string;
  at: number;
  /** the sender's socket for the echo (1:1), or null (room: the sender is a member) */
  echo: WebSocket | null;
  nodes: string[];
  peers: (WebSocket | undefined)[];
}
interface Pending {
  timer: NodeJS.Timeout;
  mid: number;
  node: string;
}

const byName = new Map<string, WebSocket>();
const rooms = new Map<string, Map<string, WebSocket>>();
const pending = new Map<number, Pending>();
const tcpOf = new WeakMap<WebSocket, Socket>();
let ackSeq = 0;
let lastMid = 0;

function nextMid(): number {
  lastMid = Math.max(lastMid + 1, Date.now() * 1000);
  return lastMid;
}

function send(ws: WebSocket, frame: Buffer): void {
  hold(tcpOf.get(ws)!);
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

function sendReliable(ws: WebSocket, json: string, mid: number, node: string): void {
  ackSeq = ackSeq >= 0x7fffffff ? 1 : ackSeq + 1;
  const id = ackSeq;
  const out = Buffer.allocUnsafe(5 + Buffer.byteLength(json));
  out[0] = MESSAGE | 0x80;
  out.writeInt32BE(id, 1);
  out.write(json, 5);
  pending.set(id, { timer: setTimeout(expire, ACK_TIMEOUT_MS, id), mid, node });
  send(ws, out);
}

function finish(jobs: Job[]): void {
  for (const j of jobs) {
    if (j.echo && j.echo.readyState === 1) send(j.echo, plain(j.out));
    for (let i = 0; i < j.nodes.length; i++) {
      const peer = j.peers[i];
      if (peer && peer.readyState === 1) sendReliable(peer, j.out, j.mid, j.nodes[i]);
    }
  }
}

// ---- storage: a batch is the jobs and acked (mid, node) pairs queued since the last one ----

let jobs: Job[] = [];
let ackMids: number[] = [];
let ackNodes: string[] = [];
let scheduled = false;
let write: (batch: Job[], mids: number[], nodes: string[]) => void;
let closeStore: () => Promise<void>;

function schedule(): void {
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
}

function flush(): void {
  scheduled = false;
  if (jobs.length === 0 && ackMids.length === 0) return;
  const batch = jobs;
  const mids = ackMids;
  const nodes = ackNodes;
  jobs = [];
  ackMids = [];
  ackNodes = [];
  write(batch, mids, nodes);
}

const DDL = (big: string, auto: string) => [
  `CREATE TABLE IF NOT EXISTS messages (mid ${big} PRIMARY KEY, chat VARCHAR(140) NOT NULL, sender VARCHAR(64) NOT NULL,
     receiver VARCHAR(64), room VARCHAR(64), body TEXT, stanza TEXT NOT NULL, created_at ${big} NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS messages_chat_mid ON messages (chat, mid)`,
  `CREATE TABLE IF NOT EXISTS pending (id ${auto}, node VARCHAR(64) NOT NULL, mid ${big}, stanza TEXT NOT NULL, created_at ${big} NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS pending_node_id ON pending (node, id)`,
  `CREATE INDEX IF NOT EXISTS pending_mid ON pending (mid)`,
];

async function openStore(): Promise<void> {
  if (kind === 'sqlite') {
    const db = new Database(where);
    db.pragma('journal_mode = WAL');
    for (const s of DDL('BIGINT', 'INTEGER PRIMARY KEY AUTOINCREMENT')) db.exec(s);
    const insMsg = db.prepare('INSERT INTO messages (mid, chat, sender, receiver, room, body, stanza, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const insPending = db.prepare('INSERT INTO pending (node, mid, stanza, created_at) VALUES (?, ?, ?, ?)');
    const delPending = db.prepare('DELETE FROM pending WHERE mid = ? AND node = ?');
    const tx = db.transaction((batch: Job[], mids: number[], nodes: string[]) => {
      for (const j of batch) {
        insMsg.run(j.mid, j.chat, j.sender, j.receiver, j.room, j.body, j.out, j.at);
        for (const n of j.nodes) insPending.run(n, j.mid, j.out, j.at);
      }
      for (let i = 0; i < mids.length; i++) delPending.run(mids[i], nodes[i]);
    });
    write = (batch, mids, nodes) => {
      tx(batch, mids, nodes);
      finish(batch);
    };
    closeStore = async () => void db.close();
    return;
  }
  const pool = new pg.Pool({ connectionString: where, max: 4 });
  for (const s of DDL('BIGINT', 'BIGSERIAL PRIMARY KEY')) await pool.query(s);
  const text = `WITH m AS (INSERT INTO messages (mid, chat, sender, receiver, room, body, stanza, created_at)
      SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[])),
    d AS (DELETE FROM pending WHERE (mid, node) IN (SELECT * FROM unnest($13::bigint[], $14::text[])))
    INSERT INTO pending (node, mid, stanza, created_at) SELECT * FROM unnest($9::text[], $10::bigint[], $11::text[], $12::bigint[])`;
  let inFlight = 0;
  let tail: Promise<unknown> = Promise.resolve();
  write = (batch, mids, nodes) => {
    if (inFlight >= 4) {
      // Put the batch back in front of what queued meanwhile; the next finished batch flushes it.
      jobs = batch.concat(jobs);
      ackMids = mids.concat(ackMids);
      ackNodes = nodes.concat(ackNodes);
      return;
    }
    inFlight++;
    const cols: unknown[][] = Array.from({ length: 12 }, () => []);
    for (const j of batch) {
      cols[0].push(j.mid), cols[1].push(j.chat), cols[2].push(j.sender), cols[3].push(j.receiver);
      cols[4].push(j.room), cols[5].push(j.body), cols[6].push(j.out), cols[7].push(j.at);
      for (const n of j.nodes) cols[8].push(n), cols[9].push(j.mid), cols[10].push(j.out), cols[11].push(j.at);
    }
    const done = pool.query({ name: 'batch', text, values: [...cols, mids, nodes] });
    // Batches finish in the order they were taken, whichever commits first.
    tail = Promise.all([tail, done]).then(
      () => {
        inFlight--;
        finish(batch);
        schedule();
      },
      (e: Error) => {
        inFlight--;
        process.stderr.write(`batch failed: ${e.message}\n`);
        schedule();
      },
    );
  };
  closeStore = () => pool.end();
}

// ---- the relay ----

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
      const p = pending.get(id);
      if (p !== undefined) {
        clearTimeout(p.timer);
        pending.delete(id);
        ackMids.push(p.mid);
        ackNodes.push(p.node);
        schedule();
      }
      return;
    }
    const msg = JSON.parse(data.toString('utf8', 1)) as Up;
    if (type === AUTH && msg.name) {
      name = msg.name;
      byName.set(name, ws);
      for (const r of msg.rooms ?? []) {
        let members = rooms.get(r);
        if (!members) rooms.set(r, (members = new Map()));
        members.set(name, ws);
        joined.push(r);
      }
      send(ws, LOGIN_OK);
      return;
    }
    if (type !== MESSAGE || name === '') return;
    const at = Date.now();
    if (!msg.p) {
      const out = JSON.stringify({ from: name, to: msg.to, room: msg.room, body: msg.body, ts: at });
      if (msg.room !== undefined) {
        const frame = plain(out);
        for (const m of rooms.get(msg.room)?.values() ?? []) send(m, frame);
      } else {
        const peer = msg.to !== undefined ? byName.get(msg.to) : undefined;
        if (peer) send(peer, plain(out));
      }
      return;
    }
    const mid = nextMid();
    const out = JSON.stringify({ mid, from: name, to: msg.to, room: msg.room, body: msg.body, ts: at });
    if (msg.room !== undefined) {
      const members = rooms.get(msg.room);
      if (!members) return;
      jobs.push({ mid, chat: `r:${msg.room}`, sender: name, receiver: null, room: msg.room, body: msg.body ?? '', out, at, echo: null, nodes: [...members.keys()], peers: [...members.values()] });
    } else {
      const to = msg.to ?? '';
      const chat = name < to ? `u:${name},${to}` : `u:${to},${name}`;
      jobs.push({ mid, chat, sender: name, receiver: to, room: null, body: msg.body ?? '', out, at, echo: ws, nodes: [to], peers: [byName.get(to)] });
    }
    schedule();
  });
  ws.on('close', () => {
    if (byName.get(name) === ws) byName.delete(name);
    for (const r of joined) rooms.get(r)?.delete(name);
  });
});

await openStore();
server.listen(0, '127.0.0.1', () => {
  serveServer(
    () => wss.clients.size,
    {},
    async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => server.close(() => r()));
      await closeStore();
    },
  );
  ready((server.address() as AddressInfo).port);
});
