import { type ThriftStruct } from './thrift-structs.js';
/** The struct a client frame's Thrift body holds, for callers that decode it themselves
 *  (POST /tim2); undefined for types without one. */
export declare function clientBodyStruct(type: number): ThriftStruct | undefined;
/** Byte 0 of a client frame announces a Thrift-compact body (bit 0x80 clear). */
export declare function isThriftClientFrame(frame: Uint8Array): boolean;
/** The frame the core is to see for a client frame (see the contract above). Never throws: a
 *  Thrift body that does not decode becomes a JSON body the core refuses with 4104. */
export declare function clientFrameToJson(frame: Buffer): Buffer;
/** The frame a Thrift session is to receive for a server frame of the core (see the contract
 *  above). Throws ProtocolError when the JSON body does not decode, which the core never writes. */
export declare function serverFrameToThrift(frame: Buffer): Buffer;
