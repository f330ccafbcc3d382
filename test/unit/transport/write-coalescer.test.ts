// The write coalescer corks a socket for the rest of the event-loop iteration, once, and the
// frames written meanwhile leave together when it uncorks.

import net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { hold } from '../../../src/transport/write-coalescer.js';

const open: net.Socket[] = [];
const servers: net.Server[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.destroy();
  for (const s of servers.splice(0)) s.close();
});

/** A connected pair of real TCP sockets on 127.0.0.1. */
async function pair(): Promise<[net.Socket, net.Socket]> {
  const server = net.createServer();
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await new Promise<void>((r) => client.once('connect', () => r()));
  const peer = await accepted;
  open.push(client, peer);
  return [peer, client];
}

const nextIteration = () => new Promise<void>((r) => setImmediate(() => setImmediate(r)));

it('corks once per iteration however often it is held, and uncorks in the same iteration', async () => {
  const [a, b] = await pair();
  hold(a);
  hold(a);
  hold(b);
  expect(a.writableCorked).toBe(1);
  expect(b.writableCorked).toBe(1);
  let uncorkedInCheckPhase = -1;
  setImmediate(() => (uncorkedInCheckPhase = a.writableCorked));
  await nextIteration();
  expect(uncorkedInCheckPhase).toBe(0);
  expect(b.writableCorked).toBe(0);
  // a later iteration corks again
  hold(a);
  expect(a.writableCorked).toBe(1);
  await nextIteration();
  expect(a.writableCorked).toBe(0);
});

it('sends what was written while held, in order, once released', async () => {
  const [server, client] = await pair();
  let received = '';
  client.on('data', (d) => (received += d.toString()));
  hold(server);
  for (let i = 0; i < 5; i++) server.write(`f${i};`);
  expect(server.writableLength).toBeGreaterThan(0); // buffered, not written
  await nextIteration();
  const end = Date.now() + 5000;
  while (received.length < 15 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  expect(received).toBe('f0;f1;f2;f3;f4;');
});

it('leaves a destroyed socket alone', async () => {
  const [a] = await pair();
  a.destroy();
  hold(a);
  expect(a.writableCorked).toBe(0);
  await nextIteration();
  expect(a.writableCorked).toBe(0);
});
