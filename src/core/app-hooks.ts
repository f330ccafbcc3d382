// HTTP callbacks to the application's backend that tim makes (config hooks.*,
// docs/migrating-from-tim.md "Callbacks"):
//
//  - connectAuth (tim's security.connectauth_url): before an AUTH frame is checked, its TimAuth is
//    POSTed as JSON (the fields as the client sent them: name, pwd, token, domain, resource,
//    termtyp, extend). A 2xx answer whose body starts with the byte 0x01 (what tim tests) or is
//    the text "1" admits the login; anything else refuses it: another answer, a network error or
//    no answer within timeoutMs (fail closed, as tim). Only the first ANSWER_BYTES of the body are
//    read, so a long or endless body neither fills memory nor holds the login until the timeout. The refusal is 4105 and the socket closes
//    (auth.ts); tim closes it without an ack.
//  - loginStatus (tim's loginstat.url, webtim's /loginstat): {node, active, tid, wsId} POSTed as
//    JSON when a session logs in (active true, every login, as tim) and when a user's last session
//    anywhere closed (active false). Fire and forget: at most MAX_IN_FLIGHT calls at once, at most
//    MAX_QUEUED waiting, beyond that a call is dropped and counted; failures are not retried and
//    are logged at most once per LOG_EVERY_MS with their count.

import type { HookTarget } from '../config/types.js';
import { encodeJson } from '../protocol/json-codec.js';
import type { Tid, TimAuth } from '../protocol/wire-types.js';
import type { Logger } from './ports.js';
import type { OnlineListener } from './tim-core.js';

const MAX_IN_FLIGHT = 32;
const MAX_QUEUED = 10_000;
const LOG_EVERY_MS = 10_000;

/** At most one warning line per LOG_EVERY_MS, carrying how many failures it stands for. */
class FailureLog {
  private lastAt = Number.NEGATIVE_INFINITY;
  private unreported = 0;
  constructor(
    private readonly log: Logger,
    private readonly what: string,
  ) {}

  failed(reason: string): void {
    this.unreported++;
    const now = Date.now();
    if (now - this.lastAt < LOG_EVERY_MS) return;
    this.log.warn({ hook: this.what, failures: this.unreported, reason }, `${this.what} callback failed`);
    this.lastAt = now;
    this.unreported = 0;
  }
}

/** connectAuth reads at most this much of an answer (0x01, or "1" with some white space), so a
 *  backend answering a long or endless body costs neither memory nor the whole timeout. */
export const ANSWER_BYTES = 64;

/** The first `max` bytes of the body (all of it when shorter); the rest is not read. */
async function bodyPrefix(res: Response, max: number): Promise<Uint8Array> {
  if (res.body === null) return new Uint8Array(0);
  const reader = res.body.getReader();
  const out = new Uint8Array(max);
  let n = 0;
  try {
    while (n < max) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = Math.min(value.length, max - n);
      out.set(value.subarray(0, take), n);
      n += take;
      if (out[0] === 0x01) break; // admitted: the rest does not matter
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return out.subarray(0, n);
}

async function post(target: HookTarget, body: string): Promise<Response> {
  return fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(target.timeoutMs),
    redirect: 'manual',
  });
}

/** hooks.connectAuth as a predicate over a decoded TimAuth; never rejects. */
export function connectAuthHook(target: HookTarget, log: Logger): (auth: TimAuth) => Promise<boolean> {
  const failures = new FailureLog(log, 'hooks.connectAuth');
  return async (auth) => {
    try {
      const res = await post(target, encodeJson(auth));
      if (!res.ok) {
        void res.body?.cancel().catch(() => undefined);
        failures.failed(`HTTP ${res.status}`);
        return false;
      }
      const body = await bodyPrefix(res, ANSWER_BYTES);
      return body[0] === 0x01 || (body.length < ANSWER_BYTES && new TextDecoder().decode(body).trim() === '1');
    } catch (err) {
      failures.failed((err as Error).name === 'TimeoutError' ? `no answer within ${target.timeoutMs} ms` : (err as Error).message);
      return false;
    }
  };
}

/** hooks.loginStatus as a core online listener, with its bounded queue. */
export function loginStatusHook(target: HookTarget, log: Logger): OnlineListener & { idle(): Promise<void>; dropped(): number } {
  const failures = new FailureLog(log, 'hooks.loginStatus');
  const queue: string[] = [];
  let inFlight = 0;
  let dropped = 0;
  let idleWaiters: (() => void)[] = [];

  const pump = (): void => {
    while (inFlight < MAX_IN_FLIGHT && queue.length > 0) {
      const body = queue.shift()!;
      inFlight++;
      void post(target, body)
        .then(async (res) => {
          await res.arrayBuffer().catch(() => undefined);
          if (!res.ok) failures.failed(`HTTP ${res.status}`);
        })
        .catch((err: Error) => failures.failed(err.name === 'TimeoutError' ? `no answer within ${target.timeoutMs} ms` : err.message))
        .finally(() => {
          inFlight--;
          pump();
        });
    }
    if (inFlight === 0 && queue.length === 0) {
      const w = idleWaiters;
      idleWaiters = [];
      for (const f of w) f();
    }
  };

  const listener = (node: string, online: boolean, session: { id: number; tid?: Tid }): void => {
    if (queue.length >= MAX_QUEUED) {
      dropped++;
      failures.failed('queue full: call dropped');
      return;
    }
    // tim's shape: node, active, tid (the session's Tid), wsId (the connection's id).
    queue.push(encodeJson({ node, active: online, tid: session.tid ?? { node }, wsId: session.id }));
    pump();
  };
  return Object.assign(listener, {
    /** resolves once nothing is queued or in flight (shutdown, tests) */
    idle: () => (inFlight === 0 && queue.length === 0 ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r))),
    dropped: () => dropped,
  });
}
