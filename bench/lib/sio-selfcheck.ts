// Before the Socket.IO relay is measured with the load generator's hand-built engine.io packets,
// one exchange with the real socket.io-client shows that the relay speaks Socket.IO as a Node
// developer's client would: login with an ack, a relayed message, and a copy that wants an ack.

import { io, type Socket } from 'socket.io-client';

function connect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false, timeout: 5000 });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

export async function socketIoSelfCheck(port: number): Promise<void> {
  const [a, b] = await Promise.all([connect(port), connect(port)]);
  try {
    for (const [s, name] of [[a, 'check-a'], [b, 'check-b']] as const) {
      const res = (await s.timeout(5000).emitWithAck('login', { name, rooms: [] })) as { ok?: boolean };
      if (res.ok !== true) throw new Error(`login answered ${JSON.stringify(res)}`);
    }
    const plain = new Promise<{ body: string }>((resolve) => b.once('m', resolve));
    a.emit('m', { to: 'check-b', body: 'plain', p: 0 });
    if ((await plain).body !== 'plain') throw new Error('relayed message altered');
    const acked = new Promise<void>((resolve) =>
      b.once('m', (_msg: unknown, ack?: () => void) => {
        if (typeof ack !== 'function') throw new Error('a reliable copy came without an ack callback');
        ack();
        resolve();
      }),
    );
    a.emit('m', { to: 'check-b', body: 'reliable', p: 1 });
    await acked;
  } finally {
    a.close();
    b.close();
  }
}
