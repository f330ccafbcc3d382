import { type ErrorCodeValue } from './error-codes.js';
import type { TimAck, TimAuth, TimMessage, TimMessageList, TimNodes, TimPresence, TimReq, TimStream, Tid } from './wire-types.js';
export { parseJsonBody, parseJsonExact, parseJsonText } from './json-parse.js';
export declare function decodeAuth(body: Uint8Array): TimAuth;
export declare function decodeReq(body: Uint8Array): TimReq;
/** msType and odType are required (4104 when missing). */
export declare function decodeMessage(body: Uint8Array): TimMessage;
export declare function decodePresence(body: Uint8Array): TimPresence;
/** `VNode` (any case) defaults to "" when absent, as Go's non-pointer string does. */
export declare function decodeStream(body: Uint8Array): TimStream;
/** `ntype` defaults to 0 when absent, as Go's non-pointer int32 does. */
export declare function decodeNodes(body: Uint8Array): TimNodes;
/** Server->client bodies, for clients. */
export declare function decodeAck(body: Uint8Array): TimAck;
export declare function decodeMessageList(body: Uint8Array): TimMessageList;
/** Go-compatible JSON text of any object: Buffers/Uint8Arrays as padded standard base64, bigints
 *  as bare numbers with exact digits, undefined members omitted, keys in the object's order. */
export declare function encodeJson(value: object): string;
/** `encodeFrame(type, encodeJson(value))`: a plain server frame of a JSON body, in one allocation
 *  (an ASCII body is copied byte for byte, without measuring its UTF-8 length). */
export declare function encodeJsonFrame(type: number, value: object): Buffer;
type Encodable<T> = T | Readonly<T>;
export declare function encodeMessage(m: Encodable<TimMessage>): string;
export declare function encodeAck(a: Encodable<TimAck>): string;
export declare function encodePresence(p: Encodable<TimPresence>): string;
export declare function encodeNodes(n: Encodable<TimNodes>): string;
export declare function encodeMessageList(l: Encodable<TimMessageList>): string;
export declare function encodeStream(s: Encodable<TimStream>): string;
export declare function encodeTid(t: Encodable<Tid>): string;
/** Client->server bodies. */
export declare function encodeAuth(a: Encodable<TimAuth>): string;
export declare function encodeReq(r: Encodable<TimReq>): string;
export type AckExtra = Partial<Omit<TimAck, 'ok' | 'timType'>>;
/** JSON of `TimAck{ok, timType, ...extra}` in Go field order. */
export declare function ackJson(ok: boolean, timType: number, extra?: AckExtra): string;
/** JSON of an error ack: `{"ok":false,"timType":T,"error":{"code":C,"info":"<tim's text>"},...}`. */
export declare function errorAckJson(timType: number, code: ErrorCodeValue, extra?: Omit<AckExtra, 'error'>): string;
