// Byte-level helpers for end-to-end tests: record every raw frame a client receives and wait for
// one matching a predicate, and read the parts of a server frame.

import type { TimClient } from '../../src/client/tim-client.js';

export interface FrameLog {
  readonly frames: Buffer[];
  /** the next frame (already received or future) matching `pred`, after index `from` */
  wait(pred: (f: Buffer) => boolean, ms?: number): Promise<Buffer>;
  count(pred: (f: Buffer) => boolean): number;
}

export function recordFrames(c: TimClient): FrameLog {
  const frames: Buffer[] = [];
  const waiters: { pred: (f: Buffer) => boolean; resolve: (f: Buffer) => void }[] = [];
  c.on('frame', (u) => {
    const f = Buffer.from(u);
    frames.push(f);
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i].pred(f)) {
        waiters[i].resolve(f);
        waiters.splice(i, 1);
      }
    }
  });
  return {
    frames,
    wait(pred, ms = 5000) {
      const hit = frames.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve: (f: Buffer) => (clearTimeout(t), resolve(f)) };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no matching frame within ${ms} ms; got types ${frames.map((x) => x[0].toString(16)).join(',')}`));
        }, ms);
        waiters.push(w);
      });
    },
    count(pred) {
      return frames.filter(pred).length;
    },
  };
}

/** The JSON body of a server frame: after 5 bytes when the ack flag is set, else after 1. */
export function bodyOf(f: Buffer): any {
  const start = f[0] & 0x80 ? 5 : 1;
  return JSON.parse(f.subarray(start).toString('utf8'));
}

export const isType = (type: number, reliable?: boolean) => (f: Buffer) =>
  (f[0] & 0x7f) === type && (reliable === undefined || Boolean(f[0] & 0x80) === reliable);

/** An error ack frame (type 12) with this timType and code. */
export const isErrorAck = (timType: number, code: number) => (f: Buffer) => {
  if (f[0] !== 0x0c) return false;
  const a = bodyOf(f);
  return a.ok === false && a.timType === timType && a.error?.code === code;
};
