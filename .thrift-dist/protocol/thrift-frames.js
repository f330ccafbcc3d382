// Frames of a Thrift-compact connection, turned into the JSON frames the core speaks and back
// (docs/thrift.md). The frame layout is the same in both encodings (frame-codec.ts); only the body
// of the struct-carrying types differs, and it maps one to one: both encodings decode to the same
// objects (wire-types.ts), through json-codec.ts and thrift-codec.ts.
//
//  * Client -> server (clientFrameToJson): a frame whose byte 0 has bit 0x80 clear carries a
//    compact body; it becomes the same frame with the bit set and the body as JSON. ACK, PING and
//    the big-data types carry no struct and are left as they are; so is a frame with the bit set.
//  * Server -> client (serverFrameToThrift): the JSON body of a plain or reliable frame becomes
//    its compact body, header bytes (type, ack id) unchanged. Frames without a struct body (PING,
//    OFFLINEMSGEND, LOGOUT, big data, empty bodies) are left as they are.
//
// Pure; one remembered conversion (the last server body) so that a frame fanned out to many
// Thrift sessions (a room) is converted once.
import { ErrorCode } from './error-codes.js';
import { ProtocolError } from './frame-codec.js';
import { decodeAck, decodeMessage, decodeMessageList, decodeNodes, decodePresence, decodeStream, encodeAuth, encodeMessage, encodeNodes, encodePresence, encodeReq, encodeStream, } from './json-codec.js';
import { thriftDecode, thriftEncodeWithHeader } from './thrift-codec.js';
import { T_ACK, T_AUTH, T_MESSAGE, T_MESSAGE_LIST, T_NODES, T_PRESENCE, T_REQ, T_STREAM } from './thrift-structs.js';
import { JSON_FLAG, TimType, TYPE_MASK } from './timtype.js';
function clientBody(struct, toJson) {
    return { struct, toJson, refused: `{"${struct.schema.fields[0].name}":[]}` };
}
/** The struct in the body of each client frame type that carries one (tim's handlers decode
 *  these; OFFLINEMSG's body is ignored, LOGOUT and unknown types are refused whatever they hold). */
const CLIENT_BODIES = new Map([
    [TimType.AUTH, clientBody(T_AUTH, encodeAuth)],
    [TimType.REGISTER, clientBody(T_AUTH, encodeAuth)],
    [TimType.TOKEN, clientBody(T_AUTH, encodeAuth)],
    [TimType.MESSAGE, clientBody(T_MESSAGE, encodeMessage)],
    [TimType.REVOKEMESSAGE, clientBody(T_MESSAGE, encodeMessage)],
    [TimType.BURNMESSAGE, clientBody(T_MESSAGE, encodeMessage)],
    [TimType.PRESENCE, clientBody(T_PRESENCE, encodePresence)],
    [TimType.BROADPRESENCE, clientBody(T_PRESENCE, encodePresence)],
    [TimType.PULLMESSAGE, clientBody(T_REQ, encodeReq)],
    [TimType.BUSINESS, clientBody(T_REQ, encodeReq)],
    [TimType.VROOM, clientBody(T_REQ, encodeReq)],
    [TimType.NODES, clientBody(T_NODES, encodeNodes)],
    [TimType.STREAM, clientBody(T_STREAM, encodeStream)],
]);
/** Client frame types whose bytes are the same in both encodings. */
function encodingFree(type) {
    return (type === TimType.ACK || type === TimType.PING || type === TimType.BIGSTRING || type === TimType.BIGBINARY || type === TimType.BIGBINARYSTREAM);
}
/** The struct a client frame's Thrift body holds, for callers that decode it themselves
 *  (POST /tim2); undefined for types without one. */
export function clientBodyStruct(type) {
    return CLIENT_BODIES.get(type & TYPE_MASK)?.struct;
}
/** Byte 0 of a client frame announces a Thrift-compact body (bit 0x80 clear). */
export function isThriftClientFrame(frame) {
    return frame.length > 0 && (frame[0] & JSON_FLAG) === 0;
}
function jsonFrame(type, json) {
    const len = Buffer.byteLength(json, 'utf8');
    const out = Buffer.allocUnsafe(1 + len);
    out[0] = type | JSON_FLAG;
    out.write(json, 1, len, 'utf8');
    return out;
}
/** The frame the core is to see for a client frame (see the contract above). Never throws: a
 *  Thrift body that does not decode becomes a JSON body the core refuses with 4104. */
export function clientFrameToJson(frame) {
    if (frame.length === 0 || (frame[0] & JSON_FLAG) !== 0)
        return frame;
    const type = frame[0] & TYPE_MASK;
    if (encodingFree(type))
        return frame;
    const cb = CLIENT_BODIES.get(type);
    if (cb === undefined) {
        const same = Buffer.from(frame);
        same[0] |= JSON_FLAG;
        return same;
    }
    let json;
    try {
        // tim decodes an empty body as a failed read (4104), unlike an empty JSON body
        if (frame.length === 1)
            throw new ProtocolError(ErrorCode.PARAMS, 'thrift: empty body');
        json = cb.toJson(thriftDecode(cb.struct, frame.subarray(1)));
    }
    catch (err) {
        if (!(err instanceof ProtocolError))
            throw err;
        json = cb.refused;
    }
    return jsonFrame(type, json);
}
/** The decoder of the JSON body of each struct-carrying server frame type, and its struct. */
const SERVER_BODIES = new Map([
    [TimType.ACK, { struct: T_ACK, decode: decodeAck }],
    [TimType.MESSAGE, { struct: T_MESSAGE, decode: decodeMessage }],
    [TimType.REVOKEMESSAGE, { struct: T_MESSAGE, decode: decodeMessage }],
    [TimType.BURNMESSAGE, { struct: T_MESSAGE, decode: decodeMessage }],
    [TimType.PRESENCE, { struct: T_PRESENCE, decode: decodePresence }],
    [TimType.BROADPRESENCE, { struct: T_PRESENCE, decode: decodePresence }],
    [TimType.STREAM, { struct: T_STREAM, decode: decodeStream }],
    [TimType.NODES, { struct: T_NODES, decode: decodeNodes }],
    [TimType.PULLMESSAGE, { struct: T_MESSAGE_LIST, decode: decodeMessageList }],
    [TimType.OFFLINEMSG, { struct: T_MESSAGE_LIST, decode: decodeMessageList }],
]);
/** The last server body converted: its struct, its JSON bytes and its compact bytes. */
let lastStruct;
let lastJson;
let lastThrift;
/** The frame a Thrift session is to receive for a server frame of the core (see the contract
 *  above). Throws ProtocolError when the JSON body does not decode, which the core never writes. */
export function serverFrameToThrift(frame) {
    if (frame.length === 0)
        return frame;
    const type = frame[0] & TYPE_MASK;
    const header = (frame[0] & 0x80) !== 0 ? 5 : 1;
    if (frame.length <= header)
        return frame;
    const sb = SERVER_BODIES.get(type);
    if (sb === undefined)
        return frame;
    const json = frame.subarray(header);
    let out;
    if (lastStruct === sb.struct && lastJson !== undefined && lastThrift !== undefined && lastJson.equals(json)) {
        out = Buffer.allocUnsafe(header + lastThrift.length);
        lastThrift.copy(out, header);
    }
    else {
        out = thriftEncodeWithHeader(sb.struct, sb.decode(json), header);
        lastStruct = sb.struct;
        lastJson = Buffer.from(json); // a copy: the key must not change with the frame it came from
        lastThrift = out.subarray(header);
    }
    frame.copy(out, 0, 0, header);
    return out;
}
//# sourceMappingURL=thrift-frames.js.map