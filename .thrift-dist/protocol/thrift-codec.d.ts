import { type ThriftStruct } from './thrift-structs.js';
export declare const MAX_THRIFT_DEPTH = 32;
/** Writes `header` bytes of room (left for the caller to fill) and the compact body of `value`
 *  as struct `ts`, in one fresh Buffer. */
export declare function thriftEncodeWithHeader(ts: ThriftStruct, value: object, header: number): Buffer;
/** The compact body of `value` as struct `ts`. */
export declare function thriftEncode(ts: ThriftStruct, value: object): Buffer;
/** The struct `ts` read from a compact body (see the contract above). */
export declare function thriftDecode<T = Record<string, unknown>>(ts: ThriftStruct, body: Uint8Array): T;
