// The Thrift-compact side of one /tim connection (docs/thrift.md). The core speaks JSON frames
// only; this edge converts a Thrift client's frames on their way in and the core's frames on
// their way out (protocol/thrift-frames.ts), so the core never knows which encoding a session
// uses and JSON and Thrift users talk to each other.
//
// Which encoding the server answers in follows tim: each AUTH before login is answered in its
// own encoding (an AUTH's error ack comes as that AUTH came), and the AUTH that logs the connection
// in fixes the encoding of everything after (bit 0x80 clear: Thrift). Inbound, every frame is read
// by its own bit, as tim does, whatever the connection's encoding.
//
// Left untouched on the way in: big-data frames and every message while a big-data frame is being
// reassembled (raw bytes, whatever byte 0 holds), and frames beyond limits.maxFrameBytes (the
// dispatcher refuses those with 4114 before reading them).
import { bigDataPending, isBigDataType } from '../core/handlers/big-data.js';
import { clientFrameToJson, serverFrameToThrift } from '../protocol/thrift-frames.js';
import { JSON_FLAG, TimType, TYPE_MASK } from '../protocol/timtype.js';
export class ThriftEdge {
    maxFrameBytes;
    onDropped;
    /** after login: the server's frames to this connection are converted to Thrift */
    thrift = false;
    /** before login: the encoding (true: Thrift) of each AUTH not answered yet, oldest first */
    authQueue = [];
    session;
    /** `onDropped` hears of a core frame that could not be converted (its JSON body does not decode:
     *  the core never writes one, but stored stanzas of external databases are not checked by us);
     *  such a frame is not written. */
    constructor(maxFrameBytes, onDropped) {
        this.maxFrameBytes = maxFrameBytes;
        this.onDropped = onDropped;
    }
    /** The frame to hand to the core for one inbound WebSocket message of session `s`. */
    inbound(s, frame) {
        this.session = s;
        if (frame.length === 0 || frame.length > this.maxFrameBytes)
            return frame;
        if (s.authed && (bigDataPending(s) || isBigDataType(frame[0])))
            return frame;
        const json = (frame[0] & JSON_FLAG) !== 0;
        if (!s.authed && (frame[0] & TYPE_MASK) === TimType.AUTH)
            this.authQueue.push(!json);
        return json ? frame : clientFrameToJson(frame);
    }
    /** The frame to write for one frame of the core; undefined when it is dropped. */
    outbound(frame) {
        let thrift = this.thrift;
        if (this.authQueue.length > 0) {
            // Before login only AUTHs are answered, each with one ack; the first ack written once the
            // session is logged in is its login's, which fixes the encoding from then on.
            thrift = this.authQueue[0];
            if (frame.length > 0 && (frame[0] & TYPE_MASK) === TimType.ACK) {
                this.authQueue.shift();
                if (this.session?.authed) {
                    this.thrift = thrift;
                    this.authQueue.length = 0;
                }
            }
        }
        if (!thrift)
            return frame;
        try {
            return serverFrameToThrift(frame);
        }
        catch (err) {
            this.onDropped(err, frame[0] & TYPE_MASK);
            return undefined;
        }
    }
}
//# sourceMappingURL=thrift-edge.js.map