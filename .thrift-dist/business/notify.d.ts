import type { TimCore } from '../core/tim-core.js';
import type { Tid } from '../protocol/wire-types.js';
export interface Notice {
    bnType: number;
    fromTid?: Tid;
    toTid?: Tid;
    roomTid?: Tid;
    dataString?: string;
}
/** Sends one notification (one id) to each of `recipients`. */
export declare function notify(core: TimCore, recipients: string[], n: Notice): void;
/** Tid of a node as notifications address it: the node alone. */
export declare const tidOf: (node: string) => Tid;
