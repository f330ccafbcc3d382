// Admin request fields that carry tim structures (a TimMessage, a TimPresence, a user or room bean)
// are read through the protocol's own JSON codec, so the admin API accepts exactly what the wire
// accepts: case-insensitive keys, base64 or byte-array `dataBinary`/`extra`, Go integer ranges.
// A bad field is a ProtocolError (4104/4113), which http-errors maps to 400.
import { ErrorCode } from '../protocol/error-codes.js';
import { ProtocolError } from '../protocol/frame-codec.js';
import { decodeMessage, decodeNodes, decodePresence, encodeJson, parseJsonText } from '../protocol/json-codec.js';
// encodeJson, not JSON.stringify: legacy bodies may hold exact bigints (ids beyond 2^53).
const bytes = (v) => Buffer.from(encodeJson(v));
/** A plain object, or a JSON string holding one (tim's form bodies nest JSON in fields). */
export function objectField(v, field) {
    const o = typeof v === 'string' ? parseJsonText(v) : v;
    if (o === null || typeof o !== 'object' || Array.isArray(o))
        throw new ProtocolError(ErrorCode.PARAMS, `${field}: expected a JSON object`);
    return o;
}
/** A TimMessage with msType/odType forced (they win over any spelling the caller used). */
export function messageFrom(v, msType, odType, field = 'message') {
    return decodeMessage(bytes({ ...objectField(v, field), msType, odType }));
}
/** A client-style TimMessage: msType and odType as given (required). */
export function clientMessageFrom(v, field = 'message') {
    return decodeMessage(bytes(objectField(v, field)));
}
export function presenceFrom(v, field = 'presence') {
    return decodePresence(bytes(objectField(v, field)));
}
// The codec has no top-level bean decoder; a bean is read as the single entry of a TimNodes map.
export function userBeanFrom(v, field = 'userbean') {
    return decodeNodes(bytes({ ntype: 0, usermap: { x: objectField(v, field) } })).usermap.x;
}
export function roomBeanFrom(v, field = 'roombean') {
    return decodeNodes(bytes({ ntype: 0, roommap: { x: objectField(v, field) } })).roommap.x;
}
/**
 * tim's recipient lists (docs/admin-api.md section 5: /timMessage, /timOsMessage, /timDetect): `[...]`, `{nodelist: [...]}` (TimNodes),
 * either as JSON text (form bodies), or "n1,n2" (the /timDetect form variant).
 */
export function nodeListFrom(v, field = 'nodes') {
    let x = v;
    if (typeof x === 'string') {
        const t = x.trim();
        x = t.startsWith('[') || t.startsWith('{') ? parseJsonText(t) : t.split(',').map((s) => s.trim()).filter((s) => s !== '');
    }
    if (x !== null && typeof x === 'object' && !Array.isArray(x))
        x = x.nodelist;
    if (!Array.isArray(x) || !x.every((n) => typeof n === 'string')) {
        throw new ProtocolError(ErrorCode.PARAMS, `${field}: expected a list of nodes, as [..] or {"nodelist": [..]}`);
    }
    return x;
}
//# sourceMappingURL=wire-input.js.map