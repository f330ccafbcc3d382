// What @fastify/websocket leaves attached to an upgraded /tim socket, and its release.
//
// To route the upgrade request through fastify (hooks, 403/429/503 answers), @fastify/websocket
// assigns a ServerResponse to the TCP socket (`socket._httpMessage`, which holds the request too),
// and after the upgrade it adds an 'error' listener to the WebSocket whose closure holds fastify's
// request and reply (with a pino child logger, the headers, the upgrade's head buffer). Nothing
// uses either once the upgrade succeeded, yet both lived as long as the socket: about 2 KB of heap
// per idle connection (docs/performance.md, idle connections).
//
// Contract: called synchronously in the route's WebSocket handler, which must add its own 'error'
// listener in the same turn (a WebSocket 'error' with no listener throws). Afterwards nothing
// reachable from the socket refers to the upgrade's request or reply.
// test/e2e/idle-retention.test.ts fails when either comes back.

import { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** Detaches the upgrade's ServerResponse from `tcp` and removes every 'error' listener of `ws`. */
export function releaseUpgrade(ws: WebSocket, tcp: Socket): void {
  // `_httpMessage` is how node's http server links a socket to its current response (since node
  // 0.x); detachSocket is the response's own way of letting go of it.
  const res = (tcp as { _httpMessage?: unknown })._httpMessage;
  if (res instanceof ServerResponse) res.detachSocket(tcp);
  ws.removeAllListeners('error');
}
