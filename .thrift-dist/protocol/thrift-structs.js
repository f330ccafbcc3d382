// tim's structs as Thrift sees them (thrift/tim.thrift): the JSON schemas of json-schemas.ts (one
// model: names, Go types, field order) plus each field's Thrift id and whether tim's generated
// readers require it. The compact codec (thrift-codec.ts) walks these.
import { ACK_SCHEMA, AUTH_SCHEMA, ERROR_SCHEMA, MESSAGE_LIST_SCHEMA, MESSAGE_SCHEMA, NODES_SCHEMA, PRESENCE_SCHEMA, REQ_SCHEMA, ROOM_BEAN_SCHEMA, STREAM_SCHEMA, TID_SCHEMA, USER_BEAN_SCHEMA, } from './json-schemas.js';
/** Compact-protocol type nibbles (Thrift's compact protocol specification). */
export const CT = {
    STOP: 0,
    BOOL_TRUE: 1,
    BOOL_FALSE: 2,
    BYTE: 3,
    I16: 4,
    I32: 5,
    I64: 6,
    DOUBLE: 7,
    BINARY: 8,
    LIST: 9,
    SET: 10,
    MAP: 11,
    STRUCT: 12,
};
/** The compact type a field of each kind is written with (a bool's is its value's, 1 or 2). */
export const KIND_TYPE = {
    str: CT.BINARY,
    bytes: CT.BINARY,
    bool: CT.BOOL_TRUE,
    i8: CT.BYTE,
    i16: CT.I16,
    i32: CT.I32,
    i64: CT.I64,
    big: CT.I64,
    strList: CT.LIST,
    structList: CT.LIST,
    strMap: CT.MAP,
    bytesMap: CT.MAP,
    structMap: CT.MAP,
    struct: CT.STRUCT,
};
const bySchema = new Map();
function struct(schema, ids, required) {
    const fields = schema.fields;
    const idList = ids ?? fields.map((_, i) => i + 1);
    if (idList.length !== fields.length)
        throw new Error(`${schema.name}: ${idList.length} ids for ${fields.length} fields`);
    for (const r of required)
        if (!fields.some((f) => f.name === r))
            throw new Error(`${schema.name}: no field ${r}`);
    const req = fields.map((f) => required.includes(f.name));
    const s = {
        schema,
        ids: idList,
        required: req,
        requiredMask: req.reduce((m, r, i) => (r ? m | (1 << i) : m), 0),
        byId: idList.reduce((a, id, i) => ((a[id] = i), a), []),
        subs: fields.map((f) => (f.sub === undefined ? undefined : thriftOf(f.sub))),
    };
    bySchema.set(schema, s);
    return s;
}
/** The ThriftStruct of a schema declared below (sub-structs are declared before their users). */
function thriftOf(schema) {
    const s = bySchema.get(schema);
    if (s === undefined)
        throw new Error(`no Thrift ids for ${schema.name}`);
    return s;
}
// Ids are the field's position + 1, except TimUserBean, whose id 3 is unused.
export const T_ERROR = struct(ERROR_SCHEMA, undefined, []);
export const T_ACK = struct(ACK_SCHEMA, undefined, ['ok', 'timType']);
export const T_TID = struct(TID_SCHEMA, undefined, ['node']);
export const T_AUTH = struct(AUTH_SCHEMA, undefined, []);
export const T_REQ = struct(REQ_SCHEMA, undefined, []);
export const T_MESSAGE = struct(MESSAGE_SCHEMA, undefined, ['msType', 'odType']);
export const T_PRESENCE = struct(PRESENCE_SCHEMA, undefined, []);
export const T_STREAM = struct(STREAM_SCHEMA, undefined, ['id', 'VNode', 'fromNode']);
export const T_USER_BEAN = struct(USER_BEAN_SCHEMA, [1, 2, 4, 5, 6, 7, 8, 9, 10, 11], []);
export const T_ROOM_BEAN = struct(ROOM_BEAN_SCHEMA, undefined, []);
export const T_NODES = struct(NODES_SCHEMA, undefined, ['ntype']);
export const T_MESSAGE_LIST = struct(MESSAGE_LIST_SCHEMA, undefined, []);
//# sourceMappingURL=thrift-structs.js.map