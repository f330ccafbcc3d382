export type Kind = 'str' | 'bool' | 'i8' | 'i16' | 'i32' | 'i64'
/** int64 held as an exact bigint (timestamp, createtime) */
 | 'big' | 'bytes' | 'strMap' | 'bytesMap' | 'strList' | 'struct' | 'structList' | 'structMap';
export interface FieldDef {
    name: string;
    kind: Kind;
    sub?: Schema;
    /** Missing (or null) on input is ProtocolError 4104. */
    required?: boolean;
    /** Go non-pointer field: its zero value, emitted by the typed encoders when absent. */
    zero?: unknown;
    /** Also fill `zero` in when decoding (the TS type declares the field mandatory). */
    fill?: boolean;
    /** A 'str' field that also takes a non-negative JSON integer, decoded to its decimal text
     *  (TimAuth.token: older tim and webtim send the token as a number). */
    intText?: boolean;
}
export interface Field extends FieldDef {
    required: boolean;
    fill: boolean;
    intText: boolean;
    /** `"name":` and `,"name":`, precomputed for the encoder */
    readonly quoted: string;
    readonly quotedNext: string;
}
export interface Schema {
    readonly name: string;
    readonly fields: readonly Field[];
    /** exact and lower-cased wire names -> field index */
    readonly byKey: ReadonlyMap<string, number>;
    /** how many fields are `required` or `fill` (a decoded struct always holds them) */
    readonly mustCount: number;
}
export declare function schema(name: string, defs: FieldDef[]): Schema;
export declare const STR_MAP: {
    readonly kind: 'strMap';
};
export declare const BYTES_MAP: {
    readonly kind: 'bytesMap';
};
export declare const ERROR_SCHEMA: Schema;
export declare const TID_SCHEMA: Schema;
export declare const ACK_SCHEMA: Schema;
export declare const AUTH_SCHEMA: Schema;
export declare const REQ_SCHEMA: Schema;
export declare const MESSAGE_SCHEMA: Schema;
export declare const PRESENCE_SCHEMA: Schema;
export declare const STREAM_SCHEMA: Schema;
export declare const USER_BEAN_SCHEMA: Schema;
export declare const ROOM_BEAN_SCHEMA: Schema;
export declare const NODES_SCHEMA: Schema;
export declare const MESSAGE_LIST_SCHEMA: Schema;
