// Request/response over a child process's IPC channel, both ends. The runner calls `request`; a
// child answers with `serve`. Besides answers, a child may `emit` events (the load generator's
// window marks) that the runner receives with `on`.

import type { ChildProcess } from 'node:child_process';

type Msg =
  | { kind: 'req'; id: number; cmd: string; args: unknown }
  | { kind: 'res'; id: number; ok: true; value: unknown }
  | { kind: 'res'; id: number; ok: false; error: string }
  | { kind: 'event'; name: string; data: unknown };

export type Handler = (args: never) => unknown;

/** The runner's side of one child. */
export class ChildPeer {
  private seq = 0;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly listeners = new Map<string, ((data: unknown) => void)[]>();
  private exitError: Error | undefined;

  constructor(
    readonly child: ChildProcess,
    readonly name: string,
  ) {
    child.on('message', (raw) => {
      const m = raw as Msg;
      if (m.kind === 'res') {
        const w = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (!w) return;
        if (m.ok) w.resolve(m.value);
        else w.reject(new Error(`${name}: ${m.error}`));
      } else if (m.kind === 'event') {
        for (const fn of this.listeners.get(m.name) ?? []) fn(m.data);
      }
    });
    child.on('exit', (code, signal) => {
      this.exitError = new Error(`${name} exited (code ${code}, signal ${signal})`);
      for (const w of this.waiting.values()) w.reject(this.exitError);
      this.waiting.clear();
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  request<T = unknown>(cmd: string, args: unknown = {}, timeoutMs = 300_000): Promise<T> {
    if (this.exitError) return Promise.reject(this.exitError);
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.name}: '${cmd}' did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send({ kind: 'req', id, cmd, args } satisfies Msg);
    });
  }

  on(name: string, fn: (data: unknown) => void): () => void {
    const list = this.listeners.get(name) ?? [];
    list.push(fn);
    this.listeners.set(name, list);
    return () => {
      const l = this.listeners.get(name) ?? [];
      const i = l.indexOf(fn);
      if (i >= 0) l.splice(i, 1);
    };
  }

  /** Waits for the child to exit, killing it (by its own pid) after `ms`. */
  async stop(ms = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), ms);
    try {
      await this.request('stop', {}, ms).catch(() => undefined);
      await exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The child's side: answers requests with `handlers`; 'stop' is answered, then the process exits. */
export function serve(handlers: Record<string, Handler>, onStop: () => Promise<void> = async () => undefined): void {
  if (!process.send) throw new Error('this script runs as a child of bench/run.ts (no IPC channel)');
  process.on('message', (raw) => {
    const m = raw as Msg;
    if (m.kind !== 'req') return;
    void (async () => {
      try {
        if (m.cmd === 'stop') {
          await onStop();
          process.send!({ kind: 'res', id: m.id, ok: true, value: null } satisfies Msg);
          // Let the answer leave before exiting (a --cpu-prof profile is written on exit).
          setTimeout(() => process.exit(0), 50);
          return;
        }
        const h = handlers[m.cmd];
        if (!h) throw new Error(`unknown command ${m.cmd}`);
        const value = await (h as (a: unknown) => unknown)(m.args);
        process.send!({ kind: 'res', id: m.id, ok: true, value } satisfies Msg);
      } catch (e) {
        process.send!({ kind: 'res', id: m.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies Msg);
      }
    })();
  });
  // The runner went away: do not linger.
  process.on('disconnect', () => process.exit(0));
}

export function emit(name: string, data: unknown = null): void {
  process.send?.({ kind: 'event', name, data } satisfies Msg);
}
