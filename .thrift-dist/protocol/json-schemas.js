// The structs of tim's JSON (field names, Go types and order from docs/protocol.md section 3), as
// data that the decoder walks.
export function schema(name, defs) {
    // Every Field gets the same properties in the same order, so the codec's reads of f.kind,
    // f.required, ... meet one object shape (spreading the defs gave each mix of options its own).
    const fields = defs.map((d) => ({
        name: d.name,
        kind: d.kind,
        sub: d.sub,
        required: d.required ?? false,
        zero: d.zero,
        fill: d.fill ?? false,
        intText: d.intText ?? false,
        quoted: JSON.stringify(d.name) + ':',
        quotedNext: ',' + JSON.stringify(d.name) + ':',
    }));
    const byKey = new Map();
    fields.forEach((f, i) => {
        byKey.set(f.name.toLowerCase(), i);
        byKey.set(f.name, i);
    });
    return { name, fields, byKey, mustCount: fields.filter((f) => f.required || f.fill).length };
}
export const STR_MAP = { kind: 'strMap' };
export const BYTES_MAP = { kind: 'bytesMap' };
export const ERROR_SCHEMA = schema('TimError', [
    { name: 'code', kind: 'i32', zero: 0, fill: true },
    { name: 'info', kind: 'str', zero: '', fill: true },
]);
export const TID_SCHEMA = schema('Tid', [
    { name: 'node', kind: 'str', zero: '', fill: true },
    { name: 'domain', kind: 'str' },
    { name: 'resource', kind: 'str' },
    { name: 'termtyp', kind: 'i8' },
    { name: 'extend', ...STR_MAP },
]);
export const ACK_SCHEMA = schema('TimAck', [
    { name: 'ok', kind: 'bool', zero: false, fill: true },
    { name: 'timType', kind: 'i8', zero: 0, fill: true },
    { name: 'error', kind: 'struct', sub: ERROR_SCHEMA },
    { name: 't', kind: 'i64' },
    { name: 'n', kind: 'str' },
    { name: 't2', kind: 'i64' },
    { name: 'n2', kind: 'str' },
]);
export const AUTH_SCHEMA = schema('TimAuth', [
    { name: 'name', kind: 'str' },
    { name: 'pwd', kind: 'str' },
    { name: 'domain', kind: 'str' },
    { name: 'resource', kind: 'str' },
    { name: 'termtyp', kind: 'i8' },
    { name: 'token', kind: 'str', intText: true },
    { name: 'extend', ...STR_MAP },
]);
export const REQ_SCHEMA = schema('TimReq', [
    { name: 'rtype', kind: 'i32' },
    { name: 'node', kind: 'str' },
    { name: 'node2', kind: 'str' },
    { name: 'reqInt', kind: 'i64' },
    { name: 'reqInt2', kind: 'i64' },
    { name: 'reqStr', kind: 'str' },
    { name: 'reqStr2', kind: 'str' },
]);
export const MESSAGE_SCHEMA = schema('TimMessage', [
    { name: 'msType', kind: 'i8', required: true, zero: 0 },
    { name: 'odType', kind: 'i8', required: true, zero: 0 },
    { name: 'id', kind: 'i64' },
    { name: 'mid', kind: 'i64' },
    { name: 'bnType', kind: 'i32' },
    { name: 'fromTid', kind: 'struct', sub: TID_SCHEMA },
    { name: 'toTid', kind: 'struct', sub: TID_SCHEMA },
    { name: 'roomTid', kind: 'struct', sub: TID_SCHEMA },
    { name: 'dataBinary', kind: 'bytes' },
    { name: 'dataString', kind: 'str' },
    { name: 'isOffline', kind: 'bool' },
    { name: 'timestamp', kind: 'big' },
    { name: 'udtype', kind: 'i16' },
    { name: 'udshow', kind: 'i16' },
    { name: 'extend', ...STR_MAP },
    { name: 'extra', ...BYTES_MAP },
    { name: 'ToList', kind: 'strList' },
]);
export const PRESENCE_SCHEMA = schema('TimPresence', [
    { name: 'id', kind: 'i64' },
    { name: 'offline', kind: 'bool' },
    { name: 'subStatus', kind: 'i8' },
    { name: 'fromTid', kind: 'struct', sub: TID_SCHEMA },
    { name: 'toTid', kind: 'struct', sub: TID_SCHEMA },
    { name: 'toList', kind: 'strList' },
    { name: 'show', kind: 'i16' },
    { name: 'status', kind: 'str' },
    { name: 'extend', ...STR_MAP },
    { name: 'extra', ...BYTES_MAP },
]);
export const STREAM_SCHEMA = schema('TimStream', [
    { name: 'id', kind: 'i64', zero: 0 },
    { name: 'VNode', kind: 'str', zero: '', fill: true },
    { name: 'dtype', kind: 'i8' },
    { name: 'body', kind: 'bytes' },
    { name: 'fromNode', kind: 'str', zero: '' },
]);
export const USER_BEAN_SCHEMA = schema('TimUserBean', [
    { name: 'name', kind: 'str' },
    { name: 'nickName', kind: 'str' },
    { name: 'brithday', kind: 'str' },
    { name: 'gender', kind: 'i8' },
    { name: 'cover', kind: 'str' },
    { name: 'area', kind: 'str' },
    { name: 'createtime', kind: 'big' },
    { name: 'photoTidAlbum', kind: 'strList' },
    { name: 'extend', ...STR_MAP },
    { name: 'extra', ...BYTES_MAP },
]);
export const ROOM_BEAN_SCHEMA = schema('TimRoomBean', [
    { name: 'founder', kind: 'str' },
    { name: 'managers', kind: 'strList' },
    { name: 'cover', kind: 'str' },
    { name: 'topic', kind: 'str' },
    { name: 'label', kind: 'str' },
    { name: 'gtype', kind: 'i8' },
    { name: 'kind', kind: 'i64' },
    { name: 'createtime', kind: 'big' },
    { name: 'extend', ...STR_MAP },
    { name: 'extra', ...BYTES_MAP },
]);
export const NODES_SCHEMA = schema('TimNodes', [
    { name: 'ntype', kind: 'i32', zero: 0, fill: true },
    { name: 'nodelist', kind: 'strList' },
    { name: 'usermap', kind: 'structMap', sub: USER_BEAN_SCHEMA },
    { name: 'roommap', kind: 'structMap', sub: ROOM_BEAN_SCHEMA },
    { name: 'node', kind: 'str' },
]);
export const MESSAGE_LIST_SCHEMA = schema('TimMessageList', [
    { name: 'id', kind: 'i64' },
    { name: 'messageList', kind: 'structList', sub: MESSAGE_SCHEMA },
]);
//# sourceMappingURL=json-schemas.js.map