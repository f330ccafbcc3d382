// Logged-in sockets listed and pinged across the cluster, for the admin connection list, /timOnline
// and detect. Each node answers for its own sockets (bus requests `sessions` and `detect`; this node
// directly), so an item carries what only the holding node knows (address, resource, extend), and
// nothing scans the shared registry.
//
// Order of a cluster-wide listing: by server (cluster node id, as strings compare), then by session
// id on that server; a cursor is the last (server, sid) returned. A socket open during the whole
// listing is returned exactly once; one that opens or closes meanwhile may or may not be. A node
// that does not answer in time is left out and the page says `partial`.

import type { LocalNode } from '../core/peers.js';
import { encodeFrame } from '../protocol/frame-codec.js';
import { TimType } from '../protocol/timtype.js';
import type { Tid } from '../protocol/wire-types.js';

/** One logged-in socket, as its node describes it. */
export interface SessionInfo {
  /** its session id on its node (increasing with connection order there) */
  sid: number;
  node: string;
  /** the Tid it logged in with (node, domain, resource, termtyp, extend) */
  tid: Tid;
  termtyp: number;
  /** login time, ms since the epoch */
  authedAt: number;
  remote: string;
}

/** One node's part of a page. */
export interface LocalPage {
  /** sockets matching the filter on that node */
  total: number;
  /** of those, how many come after the cursor (`items` is the first `limit` of them) */
  rest: number;
  items: SessionInfo[];
}

const PING = encodeFrame(TimType.PING);

/** This node's logged-in sockets (of `user` when given) with sid > `after`, by sid, at most `limit`. */
export function localPage(core: Pick<LocalNode, 'registry'>, q: { user?: string; after: number; limit: number }): LocalPage {
  const source = q.user !== undefined ? core.registry.sessionsOf(q.user) : [...core.registry.sessions()];
  const all = source.filter((s) => s.authed && !s.closed);
  const after = all.filter((s) => s.id > q.after).sort((a, b) => a.id - b.id);
  const items = after.slice(0, Math.max(0, q.limit)).map(
    (s): SessionInfo => ({ sid: s.id, node: s.node, tid: s.tid ?? { node: s.node }, termtyp: s.termtyp, authedAt: s.authedAt, remote: s.socket.remote }),
  );
  return { total: all.length, rest: after.length, items };
}

/** A server PING on every socket of `users` on this node (dead ones fail and close); the count. */
export function pingLocal(core: Pick<LocalNode, 'registry' | 'write'>, users: readonly string[]): number {
  let n = 0;
  for (const user of users) {
    for (const s of core.registry.sessionsOf(user)) {
      core.write(s, PING);
      n++;
    }
  }
  return n;
}

/** A peer's `sessions` answer, checked enough that a malformed one cannot break the merge. */
export function parsePage(data: Buffer | undefined): LocalPage | null {
  if (data === undefined) return null;
  try {
    const p = JSON.parse(data.toString('utf8')) as Partial<LocalPage>;
    if (typeof p.total !== 'number' || typeof p.rest !== 'number' || !Array.isArray(p.items)) return null;
    const items = p.items.filter((i): i is SessionInfo => typeof i?.sid === 'number' && typeof i.node === 'string');
    return { total: p.total, rest: p.rest, items };
  } catch {
    return null;
  }
}

/** A cursor position: after socket `sid` of `server`. */
export interface SessionCursor {
  server: string;
  sid: number;
}

/** One node's place relative to `cursor`: its sockets above `after`, or none (it sorts before). */
export function afterFor(server: string, cursor: SessionCursor | undefined): number | null {
  if (cursor === undefined || server > cursor.server) return 0;
  return server === cursor.server ? cursor.sid : null;
}
