import type { TimCore } from '../core/tim-core.js';
import type { BusMessage } from './bus.js';
import type { Cluster } from './cluster.js';
export declare class ClusterVrooms {
    private readonly cluster;
    private readonly refreshedAt;
    constructor(cluster: Cluster);
    /** Redis answers again (it may have restarted empty): marks again the vrooms this node is home
     *  to or has subscribers of. */
    remark(core: TimCore): void;
    /** A vroom was registered on this node. Resolves once other nodes can find it (never rejects). */
    created(vnode: string): Promise<void>;
    /** Its founder removed it. */
    removed(vnode: string): void;
    /** A socket of this node subscribed to `vnode`. Resolves once the home's pushes will come here
     *  (never rejects; with Redis down, they will not). */
    subscribed(vnode: string): Promise<void>;
    /** A push accepted on this node (its home): to the other nodes with subscribers. */
    pushed(vnode: string, from: string, body: Buffer, dtype: number | undefined): void;
    /**
     * A push this node cannot authorise (the vroom is not registered here): null on a single node
     * (refuse at once), else resolves true when the home accepted and fanned it out.
     */
    forwardPush(vnode: string, from: string, body: Buffer, dtype: number | undefined): Promise<boolean> | null;
    receive(core: TimCore, msg: Extract<BusMessage, {
        kind: 'vroom' | 'vpush';
    }>, from: string): void;
    private due;
    private stamp;
}
