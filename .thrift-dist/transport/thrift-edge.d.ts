import type { Session } from '../core/session.js';
export declare class ThriftEdge {
    private readonly maxFrameBytes;
    private readonly onDropped;
    /** after login: the server's frames to this connection are converted to Thrift */
    thrift: boolean;
    /** before login: the encoding (true: Thrift) of each AUTH not answered yet, oldest first */
    private readonly authQueue;
    private session;
    /** `onDropped` hears of a core frame that could not be converted (its JSON body does not decode:
     *  the core never writes one, but stored stanzas of external databases are not checked by us);
     *  such a frame is not written. */
    constructor(maxFrameBytes: number, onDropped: (err: unknown, type: number) => void);
    /** The frame to hand to the core for one inbound WebSocket message of session `s`. */
    inbound(s: Session, frame: Buffer): Buffer;
    /** The frame to write for one frame of the core; undefined when it is dropped. */
    outbound(frame: Buffer): Buffer | undefined;
}
