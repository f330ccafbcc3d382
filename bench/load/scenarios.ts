// The load generator's scenarios. Each is closed-loop (a new message only when an earlier one has
// arrived), bounded in time and in count, and measures over a window that starts after a warm-up.
// Times are taken with performance.now() in this process; the server's CPU is read from /proc at
// the window's edges.

import { performance } from 'node:perf_hooks';
import http from 'node:http';
import { BenchClient, directFrame, roomFrame, withTimeout, type Target } from './bench-client.js';
import { BENCH_PASSWORD, userName } from '../lib/users.js';
import { cpuSeconds } from '../lib/proc.js';
import { Latencies } from '../lib/stats.js';

export interface Window {
  /** seconds */
  seconds: number;
  serverCpu: number;
  loadCpu: number;
}

export interface ThroughputResult extends Window {
  /** messages (1:1) or deliveries (fan-out) per second in the window */
  rate: number;
  count: number;
  /** per message: send -> delivery (1:1), send -> last member's copy (fan-out); ms */
  p50: number;
  p99: number;
  echoes: number;
  errors: number;
  lastError: string;
  /** messages still in flight when the drain gave up */
  lost: number;
}

export interface LoginResult extends Window {
  rate: number;
  count: number;
  p50: number;
  p99: number;
  errors: number;
  /** tim only: TOKEN requests over POST /tim2 per second, before the window */
  tokenRate?: number;
}

interface Phased {
  target: Target;
  serverPid: number;
  warmMs: number;
  measureMs: number;
}

export interface DirectJob extends Phased {
  pairs: number;
  inflight: number;
  persisted: boolean;
  maxMessages: number;
}

export interface FanoutJob extends Phased {
  members: number;
  inflight: number;
  persisted: boolean;
  maxDeliveries: number;
}

export interface LoginJob extends Phased {
  concurrency: number;
  maxLogins: number;
  /** logins cycle over users 0..users-1 */
  users: number;
  /** first user index of the cycle */
  firstUser: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs `fn(i)` for i in [0, n) with at most `limit` at a time. */
export async function pool(n: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < n) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(n, limit) }, worker));
}

/** Marks the measured window: CPU of the server and of this process, wall time. */
class WindowClock {
  private t0 = 0;
  private s0 = 0;
  private l0 = 0;
  open = false;
  done = false;

  constructor(private readonly serverPid: number) {}

  start(): void {
    this.t0 = performance.now();
    this.s0 = cpuSeconds(this.serverPid);
    this.l0 = cpuUsed();
    this.open = true;
  }

  end(): Window {
    this.open = false;
    this.done = true;
    const seconds = (performance.now() - this.t0) / 1000;
    return {
      seconds,
      serverCpu: (cpuSeconds(this.serverPid) - this.s0) / seconds,
      loadCpu: (cpuUsed() - this.l0) / seconds,
    };
  }
}

function cpuUsed(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function openAll(
  target: Target,
  n: number,
  user: (i: number) => number,
  rooms: string[] = [],
  concurrency = 64,
): Promise<BenchClient[]> {
  const out: BenchClient[] = new Array(n);
  await pool(n, concurrency, async (i) => {
    const c = await BenchClient.open(target, i);
    await c.login(user(i), { rooms });
    out[i] = c;
  });
  return out;
}

/** Closes every client and waits (bounded) until the server has closed them all. */
export async function closeAll(clients: BenchClient[], ms = 20_000): Promise<void> {
  let open = 0;
  let resolveAll: () => void = () => undefined;
  const all = new Promise<void>((r) => {
    resolveAll = r;
  });
  for (const c of clients) {
    if (!c || c.ws.closed) continue;
    open++;
    c.onClosed = () => {
      if (--open === 0) resolveAll();
    };
  }
  if (open === 0) return;
  for (const c of clients) if (c && !c.ws.closed) c.close();
  await Promise.race([all, sleep(ms)]);
  for (const c of clients) if (c && !c.ws.closed) c.ws.destroy();
}

/** A promise and the function that resolves it (a scenario's "maximum count reached"). */
function latch(): [Promise<void>, () => void] {
  let fire: () => void = () => undefined;
  const reached = new Promise<void>((r) => {
    fire = r;
  });
  return [reached, fire];
}

/** The clients' protocol errors in all, and the last one's text (for the details table). */
export function errorsOf(clients: readonly BenchClient[]): { errors: number; lastError: string } {
  return {
    errors: clients.reduce((n, c) => n + c.errors, 0),
    lastError: clients.find((c) => c.errors > 0)?.lastError ?? '',
  };
}

/** Runs warm-up, window and drain; `setStop` is told when to stop sending. */
async function phases(
  job: Phased,
  clock: WindowClock,
  outstanding: () => number,
  stopEarly: () => Promise<void>,
): Promise<Window> {
  await sleep(job.warmMs);
  clock.start();
  await Promise.race([sleep(job.measureMs), stopEarly()]);
  const w = clock.end();
  const until = performance.now() + 5000;
  while (outstanding() > 0 && performance.now() < until) await sleep(5);
  return w;
}

/** Scenarios 1 and 2: pair p = users (2p, 2p+1); 2p sends to 2p+1 with `inflight` messages in flight. */
export async function runDirect(job: DirectJob): Promise<ThroughputResult> {
  const { pairs, inflight, target } = job;
  const clients = await openAll(target, pairs * 2, (i) => i);
  const clock = new WindowClock(job.serverPid);
  const lat = new Latencies();
  const sentAt = new Float64Array(pairs * inflight);
  const head = new Int32Array(pairs);
  const tail = new Int32Array(pairs);
  let outstanding = 0;
  let count = 0;
  let echoes = 0;
  let sending = true;
  const [maxReached, reachedMax] = latch();

  const frames = Array.from({ length: pairs }, (_, p) => directFrame(target, 2 * p + 1, job.persisted));
  const send = (p: number) => {
    sentAt[p * inflight + (tail[p]++ % inflight)] = performance.now();
    outstanding++;
    clients[2 * p].send(frames[p]);
  };
  for (let p = 0; p < pairs; p++) {
    const sender = clients[2 * p];
    const receiver = clients[2 * p + 1];
    sender.onMsg = () => {
      if (clock.open) echoes++;
    };
    receiver.onMsg = () => {
      const now = performance.now();
      const at = sentAt[p * inflight + (head[p]++ % inflight)];
      outstanding--;
      if (clock.open) {
        count++;
        lat.add(now - at);
        if (count >= job.maxMessages) reachedMax();
      }
      if (sending && !clock.done) send(p);
    };
  }
  for (let p = 0; p < pairs; p++) for (let k = 0; k < inflight; k++) send(p);
  const w = await phases(job, clock, () => outstanding, () => maxReached);
  sending = false;
  const lost = outstanding;
  const [p50, p99] = lat.percentiles([50, 99]);
  const { errors, lastError } = errorsOf(clients);
  await closeAll(clients);
  return { ...w, rate: count / w.seconds, count, p50, p99, echoes, errors, lastError, lost };
}

/** Scenario 3: users 0..members-1 are the room; user 0 sends; a message is done when every member has its copy. */
export async function runFanout(job: FanoutJob): Promise<ThroughputResult> {
  const { members, inflight, target } = job;
  const clients = await openAll(target, members, (i) => i, [target.room]);
  const clock = new WindowClock(job.serverPid);
  const lat = new Latencies();
  const sentAt = new Float64Array(inflight);
  const remaining = new Int32Array(inflight);
  const got = new Int32Array(members);
  let seq = 0;
  let outstanding = 0;
  let deliveries = 0;
  let sending = true;
  const [maxReached, reachedMax] = latch();
  const frame = roomFrame(target, job.persisted);
  const sender = clients[0];
  const send = () => {
    const slot = seq++ % inflight;
    sentAt[slot] = performance.now();
    remaining[slot] = members;
    outstanding++;
    sender.send(frame);
  };
  for (let m = 0; m < members; m++) {
    clients[m].onMsg = () => {
      const slot = got[m]++ % inflight;
      if (clock.open) {
        deliveries++;
        if (deliveries >= job.maxDeliveries) reachedMax();
      }
      if (--remaining[slot] === 0) {
        outstanding--;
        if (clock.open) lat.add(performance.now() - sentAt[slot]);
        if (sending && !clock.done) send();
      }
    };
  }
  for (let k = 0; k < inflight; k++) send();
  const w = await phases(job, clock, () => outstanding, () => maxReached);
  sending = false;
  const lost = outstanding;
  const [p50, p99] = lat.percentiles([50, 99]);
  const { errors, lastError } = errorsOf(clients);
  await closeAll(clients);
  return { ...w, rate: deliveries / w.seconds, count: deliveries, p50, p99, echoes: 0, errors, lastError, lost };
}

let idle: BenchClient[] = [];

/** Scenario 4, first half: `count` logged-in connections that then stay silent. */
export async function openIdle(job: { target: Target; count: number }): Promise<{ seconds: number }> {
  const t0 = performance.now();
  idle = await openAll(job.target, job.count, (i) => i, [], 256);
  return { seconds: (performance.now() - t0) / 1000 };
}

export async function closeIdle(): Promise<{ seconds: number }> {
  const t0 = performance.now();
  await closeAll(idle, 60_000);
  idle = [];
  return { seconds: (performance.now() - t0) / 1000 };
}

/** TOKEN over POST /tim2 (tim only): one-time tokens for users, in order. */
async function issueTokens(port: number, users: number[]): Promise<string[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const tokens: string[] = new Array(users.length);
  try {
    await pool(users.length, 16, async (i) => {
      const body = Buffer.concat([Buffer.from([0x8f]), Buffer.from(JSON.stringify({ name: userName(users[i]), pwd: BENCH_PASSWORD }))]);
      const answer = await post(agent, port, body);
      const ack = JSON.parse(answer.toString('utf8', 1)) as { ok: boolean; n?: string };
      if (!ack.ok || !ack.n) throw new Error(`TOKEN refused: ${answer.toString('utf8', 1)}`);
      tokens[i] = ack.n;
    });
  } finally {
    agent.destroy();
  }
  return tokens;
}

function post(agent: http.Agent, port: number, body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/tim2', method: 'POST', agent, headers: { 'content-type': 'application/octet-stream', 'content-length': body.length } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve(Buffer.concat(parts)));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let issued: { port: number; tokens: string[]; rate: number } | undefined;

/** Scenario 5's tokens (tim only): TOKEN over POST /tim2 for each login the job may make. Kept
 *  for the next runLogin on the same port, so a profile of the logins can leave this part out. */
export async function issueLoginTokens(job: LoginJob): Promise<{ rate: number }> {
  const t0 = performance.now();
  const users = Array.from({ length: job.maxLogins }, (_, i) => job.firstUser + (i % job.users));
  const tokens = await issueTokens(job.target.port, users);
  issued = { port: job.target.port, tokens, rate: job.maxLogins / ((performance.now() - t0) / 1000) };
  return { rate: issued.rate };
}

/** Scenario 5: connect + login (tim: with a token issued beforehand), then close; `concurrency` loops. */
export async function runLogin(job: LoginJob): Promise<LoginResult> {
  const { target } = job;
  const userOf = (i: number) => job.firstUser + (i % job.users);
  let tokens: string[] | undefined;
  let tokenRate: number | undefined;
  if (target.kind === 'tim') {
    if (issued?.port !== target.port || issued.tokens.length < job.maxLogins) await issueLoginTokens(job);
    ({ tokens, rate: tokenRate } = issued!);
    issued = undefined; // one-time tokens
  }
  const clock = new WindowClock(job.serverPid);
  const lat = new Latencies();
  let next = 0;
  let count = 0;
  let errors = 0;
  let stop = false;
  const closing: BenchClient[] = [];
  const worker = async () => {
    while (!stop && next < job.maxLogins) {
      const i = next++;
      const t0 = performance.now();
      try {
        const c = await BenchClient.open(target, i);
        await c.login(userOf(i), { token: tokens?.[i] });
        if (clock.open) {
          count++;
          lat.add(performance.now() - t0);
        }
        closing.push(c);
        c.close();
      } catch {
        errors++;
      }
    }
  };
  const workers = Promise.all(Array.from({ length: job.concurrency }, worker));
  await sleep(job.warmMs);
  clock.start();
  await Promise.race([sleep(job.measureMs), workers]);
  const w = clock.end();
  stop = true;
  await withTimeout(workers, 30_000, 'login workers').catch(() => undefined);
  await closeAll(closing);
  const [p50, p99] = lat.percentiles([50, 99]);
  return { ...w, rate: count / w.seconds, count, p50, p99, errors, tokenRate };
}
