import type { TimCore } from '../core/tim-core.js';
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
/** This node's logged-in sockets (of `user` when given) with sid > `after`, by sid, at most `limit`. */
export declare function localPage(core: TimCore, q: {
    user?: string;
    after: number;
    limit: number;
}): LocalPage;
/** A server PING on every socket of `users` on this node (dead ones fail and close); the count. */
export declare function pingLocal(core: TimCore, users: readonly string[]): number;
/** A peer's `sessions` answer, checked enough that a malformed one cannot break the merge. */
export declare function parsePage(data: Buffer | undefined): LocalPage | null;
/** A cursor position: after socket `sid` of `server`. */
export interface SessionCursor {
    server: string;
    sid: number;
}
/** One node's place relative to `cursor`: its sockets above `after`, or none (it sorts before). */
export declare function afterFor(server: string, cursor: SessionCursor | undefined): number | null;
