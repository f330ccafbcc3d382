import { type Kind, type Schema } from './json-schemas.js';
/** Compact-protocol type nibbles (Thrift's compact protocol specification). */
export declare const CT: {
    readonly STOP: 0;
    readonly BOOL_TRUE: 1;
    readonly BOOL_FALSE: 2;
    readonly BYTE: 3;
    readonly I16: 4;
    readonly I32: 5;
    readonly I64: 6;
    readonly DOUBLE: 7;
    readonly BINARY: 8;
    readonly LIST: 9;
    readonly SET: 10;
    readonly MAP: 11;
    readonly STRUCT: 12;
};
/** The compact type a field of each kind is written with (a bool's is its value's, 1 or 2). */
export declare const KIND_TYPE: Record<Kind, number>;
export interface ThriftStruct {
    readonly schema: Schema;
    /** Thrift id of schema.fields[i] */
    readonly ids: readonly number[];
    /** schema.fields[i] is `required` in tim's IDL: always written, and a body without it is refused */
    readonly required: readonly boolean[];
    /** the bits of the required fields' indexes */
    readonly requiredMask: number;
    /** Thrift id -> field index (undefined for ids the struct does not have) */
    readonly byId: readonly (number | undefined)[];
    /** the ThriftStruct of each struct-valued field (undefined for the others) */
    readonly subs: readonly (ThriftStruct | undefined)[];
}
export declare const T_ERROR: ThriftStruct;
export declare const T_ACK: ThriftStruct;
export declare const T_TID: ThriftStruct;
export declare const T_AUTH: ThriftStruct;
export declare const T_REQ: ThriftStruct;
export declare const T_MESSAGE: ThriftStruct;
export declare const T_PRESENCE: ThriftStruct;
export declare const T_STREAM: ThriftStruct;
export declare const T_USER_BEAN: ThriftStruct;
export declare const T_ROOM_BEAN: ThriftStruct;
export declare const T_NODES: ThriftStruct;
export declare const T_MESSAGE_LIST: ThriftStruct;
