// The offline drain, part of the core's delivery (docs/protocol.md 6.12, decision 5): batches of
// limits.offlineBatch rows are sent reliably to one session; a batch's rows are deleted only after
// that session acknowledged it; when none remain, OFFLINEMSGEND (0x12). A batch that is never
// acknowledged ends the drain and leaves its rows in place. Started by an OFFLINEMSG request
// (handlers/offline.ts) and by delivery itself for sessions that logged in while a delivery was
// failing (TimCore, and other nodes through LocalNode.drainOffline).

import { ErrorCode } from '../protocol/error-codes.js';
import { encodeFrame } from '../protocol/frame-codec.js';
import { TimType } from '../protocol/timtype.js';
import { StoreError } from '../store/errors.js';
import { logDatabaseError } from './frame-error.js';
import type { Session } from './session.js';
import type { CoreContext } from './core-context.js';

const END = encodeFrame(TimType.OFFLINEMSGEND);

export async function drainOffline(core: CoreContext, s: Session): Promise<void> {
  if (s.draining || s.closed) return;
  s.draining = true;
  try {
    for (;;) {
      const rows = await core.store.getOffline(s.node, core.limits.offlineBatch);
      if (s.closed) return;
      if (rows.length === 0) {
        core.write(s, END);
        s.drained = true;
        return;
      }
      const entries: string[] = [];
      const ids: (number | string)[] = [];
      const live: Promise<unknown>[] = [];
      for (const r of rows) {
        const state = core.delivery.liveState(s.node, stanzaMid(r.stanza));
        if (state !== undefined && state !== 'acked') {
          // Being delivered live right now (durable delivery): left to that delivery.
          live.push(state);
          continue;
        }
        ids.push(r.id);
        if (state === 'acked') continue; // a device has it: the row only waits for its delete
        const e = markOffline(r.stanza);
        if (e === null) core.log.error({ node: s.node, id: r.id }, 'offline row holds no JSON object; dropping it');
        else entries.push(e);
      }
      if (ids.length === 0) {
        // Every row of the page is in flight: once those deliveries end, their rows are gone
        // (acknowledged) or theirs to send (not acknowledged).
        await Promise.allSettled(live);
        if (s.closed) return;
        continue;
      }
      if (entries.length > 0) {
        const body = Buffer.from(`{"id":${core.ids.next()},"messageList":[${entries.join(',')}]}`);
        if (!(await core.delivery.toSession(s, TimType.OFFLINEMSG, body))) return;
      }
      await core.store.deleteOffline(s.node, ids);
      core.stats.offlineDrained += ids.length;
    }
  } catch (err) {
    // The rows stay stored (nothing unacknowledged is deleted); the client is told, and may ask again.
    if (err instanceof StoreError) logDatabaseError(core, err, 'offline drain', { node: s.node });
    else core.log.error({ err, node: s.node }, 'offline drain failed');
    if (!s.closed) core.errorAck(s, TimType.OFFLINEMSG, ErrorCode.DATABASE);
  } finally {
    s.draining = false;
  }
}

/** The top-level `mid` of a stored stanza (0 when there is none), read without parsing it: the
 *  server writes `mid` before any client-given field, and a key inside a string value has its
 *  quotes escaped, so the first `"mid":<digits>` is the message's. */
export function stanzaMid(stanza: string): number {
  const m = /"mid":(\d{1,16})[,}]/.exec(stanza);
  return m === null ? 0 : Number(m[1]);
}

/**
 * Adds `"isOffline":true` to a stored stanza without re-parsing it, so its exact digits (the
 * nanosecond timestamp beyond 2^53) survive. Returns null for text that is not a JSON object.
 */
export function markOffline(stanza: string): string | null {
  const t = stanza.trim();
  if (t.length < 2 || t[0] !== '{' || t[t.length - 1] !== '}') return null;
  const inner = t.slice(1, -1).trim();
  return inner.length === 0 ? '{"isOffline":true}' : `{"isOffline":true,${inner}}`;
}
