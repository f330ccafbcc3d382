// The server's copy of thrift/admiface.thrift (tim 2.1's Admiface): struct field ids and types,
// each method's argument ids and result type. admiface-codec.ts reads and writes values by these
// descriptors with the `thrift` package's TCompactProtocol. The server does not use code generated
// from the IDL: the generated Node code is CommonJS and answers a handler's null as an empty
// result (the MISSING_RESULT quirk), while this table keeps the server ESM, typed and in control of
// every answer (docs/admiface.md). test/e2e/admiface.test.ts calls every method with a client
// generated from the IDL, so a mismatch between the two fails there.

export type FieldType =
  | 'bool'
  | 'i8'
  | 'i16'
  | 'i32'
  | 'i64'
  | 'string'
  | 'binary'
  | { list: FieldType }
  | { map: [FieldType, FieldType] }
  | { struct: StructDef };

export interface FieldDef {
  id: number;
  name: string;
  type: FieldType;
}

export interface StructDef {
  name: string;
  fields: FieldDef[];
}

const struct = (name: string, fields: [number, string, FieldType][]): StructDef => ({
  name,
  fields: fields.map(([id, n, type]) => ({ id, name: n, type })),
});
const strings: FieldType = { list: 'string' };
const stringMap: FieldType = { map: ['string', 'string'] };
const bytesMap: FieldType = { map: ['string', 'binary'] };

export const AuthBean = struct('AuthBean', [
  [1, 'username', 'string'],
  [2, 'password', 'string'],
  [3, 'domain', 'string'],
]);
export const AdmTid = struct('AdmTid', [
  [1, 'node', 'string'],
  [2, 'domain', 'string'],
  [3, 'resource', 'string'],
  [4, 'termtyp', 'i8'],
  [5, 'extend', stringMap],
]);
export const AdmToken = struct('AdmToken', [
  [1, 'name', 'string'],
  [2, 'password', 'string'],
  [3, 'domain', 'string'],
  [4, 'admtype', 'i8'],
]);
export const AdmMessage = struct('AdmMessage', [
  [1, 'msType', 'i8'],
  [2, 'odType', 'i8'],
  [3, 'id', 'i64'],
  [4, 'mid', 'i64'],
  [5, 'bnType', 'i32'],
  [6, 'fromNode', 'string'],
  [7, 'toNode', 'string'],
  [8, 'domain', 'string'],
  [9, 'roomNode', 'string'],
  [10, 'dataBinary', 'binary'],
  [11, 'dataString', 'string'],
  [12, 'udtype', 'i16'],
  [13, 'udshow', 'i16'],
  [14, 'extend', stringMap],
  [15, 'extra', bytesMap],
]);
export const AdmMessageBroadcast = struct('AdmMessageBroadcast', [
  [1, 'nodes', strings],
  [2, 'message', { struct: AdmMessage }],
]);
export const AdmMessageList = struct('AdmMessageList', [
  [1, 'status', 'i8'],
  [2, 'totalcount', 'i64'],
  [3, 'msglist', { list: { struct: AdmMessage } }],
]);
export const AdmPresence = struct('AdmPresence', [
  [1, 'id', 'i64'],
  [2, 'offline', 'bool'],
  [3, 'subStatus', 'i8'],
  [4, 'fromNode', 'string'],
  [5, 'toNode', 'string'],
  [6, 'toList', strings],
  [7, 'show', 'i16'],
  [8, 'status', 'string'],
  [9, 'extend', stringMap],
  [10, 'extra', bytesMap],
]);
export const AdmPresenceBroadcast = struct('AdmPresenceBroadcast', [
  [1, 'nodes', strings],
  [2, 'presence', { struct: AdmPresence }],
]);
export const AdmUserBean = struct('AdmUserBean', [
  [1, 'name', 'string'],
  [2, 'nickName', 'string'],
  [4, 'brithday', 'string'],
  [5, 'gender', 'i8'],
  [6, 'cover', 'string'],
  [7, 'area', 'string'],
  [8, 'createtime', 'i64'],
  [9, 'photoTidAlbum', strings],
  [10, 'extend', stringMap],
  [11, 'extra', bytesMap],
]);
export const AdmModifyUserInfo = struct('AdmModifyUserInfo', [
  [1, 'node', 'string'],
  [2, 'userbean', { struct: AdmUserBean }],
]);
export const AdmNodeList = struct('AdmNodeList', [[1, 'nodelist', strings]]);
export const AdmVroomBean = struct('AdmVroomBean', [
  [1, 'node', 'string'],
  [2, 'rtype', 'i8'],
]);
export const AdmTimRoom = struct('AdmTimRoom', [
  [1, 'founder', 'string'],
  [2, 'managers', strings],
  [3, 'cover', 'string'],
  [4, 'topic', 'string'],
  [5, 'label', 'string'],
  [6, 'gtype', 'i8'],
  [7, 'kind', 'i64'],
  [8, 'createtime', 'i64'],
  [9, 'extend', stringMap],
  [10, 'extra', bytesMap],
]);
export const AdmRoomBean = struct('AdmRoomBean', [
  [1, 'unode', 'string'],
  [2, 'gnode', 'string'],
  [3, 'atr', { struct: AdmTimRoom }],
]);
export const AdmDetectBean = struct('AdmDetectBean', [[1, 'nodes', strings]]);
export const AdmAck = struct('AdmAck', [
  [1, 'ok', 'bool'],
  [2, 'timType', 'i8'],
  [3, 'errcode', 'i32'],
  [4, 't', 'i64'],
  [5, 'n', 'string'],
  [6, 't2', 'i64'],
  [7, 'n2', 'string'],
]);
export const AdmProxyMessage = struct('AdmProxyMessage', [
  [1, 'connectid', 'i64'],
  [2, 'message', { struct: AdmMessage }],
]);
export const AdmSysBlockUser = struct('AdmSysBlockUser', [
  [1, 'nodelist', strings],
  [2, 'blocktime', 'i64'],
]);
export const AdmOnlineUser = struct('AdmOnlineUser', [
  [1, 'index', 'i64'],
  [2, 'limit', 'i64'],
]);
export const AdmTidList = struct('AdmTidList', [
  [1, 'tidlist', { list: { struct: AdmTid } }],
  [2, 'size', 'i64'],
]);

export interface MethodDef {
  name: string;
  args: StructDef;
  result: StructDef;
}

const s = 'string';
const fromnode: [number, string, FieldType] = [1, 'fromnode', s];
const domain: [number, string, FieldType] = [2, 'domain', s];

function method(name: string, result: StructDef, args: [number, string, FieldType][]): MethodDef {
  return { name, result, args: struct(`${name}_args`, args) };
}

/** Every Admiface method, in tim's order. */
export const METHODS: readonly MethodDef[] = [
  method('Auth', AdmAck, [[1, 'ab', { struct: AuthBean }]]),
  method('ModifyPwd', AdmAck, [fromnode, domain, [3, 'oldpwd', s], [4, 'newpwd', s]]),
  method('Ping', AdmAck, []),
  method('Token', AdmAck, [[1, 'atoken', { struct: AdmToken }]]),
  method('TimMessageBroadcast', AdmAck, [[1, 'amb', { struct: AdmMessageBroadcast }]]),
  method('TimPresenceBroadcast', AdmAck, [[1, 'apb', { struct: AdmPresenceBroadcast }]]),
  method('ProxyMessage', AdmAck, [[1, 'apm', { struct: AdmProxyMessage }]]),
  method('Register', AdmAck, [[1, 'ab', { struct: AuthBean }]]),
  method('ModifyUserInfo', AdmAck, [[1, 'amui', { struct: AdmModifyUserInfo }]]),
  method('ModifyRoomInfo', AdmAck, [[1, 'arb', { struct: AdmRoomBean }]]),
  method('SysBlockUser', AdmAck, [[1, 'abu', { struct: AdmSysBlockUser }]]),
  method('OnlineUser', AdmTidList, [[1, 'au', { struct: AdmOnlineUser }]]),
  method('Vroom', AdmAck, [[1, 'avb', { struct: AdmVroomBean }]]),
  method('Detect', AdmAck, [[1, 'adb', { struct: AdmDetectBean }]]),
  method('Roster', AdmNodeList, [fromnode, domain]),
  method('Addroster', AdmAck, [fromnode, domain, [3, 'tonode', s], [4, 'msg', s]]),
  method('Rmroster', AdmAck, [fromnode, domain, [3, 'tonode', s]]),
  method('Blockroster', AdmAck, [fromnode, domain, [3, 'tonode', s]]),
  method('PullUserMessage', AdmMessageList, [fromnode, domain, [3, 'tonode', s], [4, 'mid', 'i64'], [5, 'timeseries', 'i64'], [6, 'limit', 'i64']]),
  method('PullRoomMessage', AdmMessageList, [fromnode, domain, [3, 'tonode', s], [4, 'mid', 'i64'], [5, 'timeseries', 'i64'], [6, 'limit', 'i64']]),
  method('OfflineMsg', AdmMessageList, [fromnode, domain, [3, 'limit', 'i64']]),
  method('DelOfflineMsg', AdmAck, [fromnode, domain, [3, 'ids', { list: 'i64' }]]),
  method('UserRoom', AdmNodeList, [fromnode, domain]),
  method('RoomUsers', AdmNodeList, [fromnode, domain]),
  method('CreateRoom', AdmAck, [fromnode, domain, [3, 'topic', s], [4, 'gtype', 'i8']]),
  method('AddRoom', AdmAck, [fromnode, domain, [3, 'roomNode', s], [4, 'msg', s]]),
  method('PullInRoom', AdmAck, [fromnode, domain, [3, 'roomNode', s], [4, 'toNode', s]]),
  method('RejectRoom', AdmAck, [fromnode, domain, [3, 'roomNode', s], [4, 'toNode', s], [5, 'msg', s]]),
  method('KickRoom', AdmAck, [fromnode, domain, [3, 'roomNode', s], [4, 'toNode', s]]),
  method('LeaveRoom', AdmAck, [fromnode, domain, [3, 'roomNode', s]]),
  method('CancelRoom', AdmAck, [fromnode, domain, [3, 'roomNode', s]]),
  method('BlockRoom', AdmAck, [fromnode, domain, [3, 'roomNode', s]]),
  method('BlockRoomMember', AdmAck, [fromnode, domain, [3, 'roomNode', s], [4, 'toNode', s]]),
  method('BlockRosterList', AdmNodeList, [fromnode, domain]),
  method('BlockRoomList', AdmNodeList, [fromnode, domain]),
  method('BlockRoomMemberlist', AdmNodeList, [fromnode, domain, [3, 'roomNode', s]]),
  method('VirtualroomRegister', AdmAck, [fromnode, domain]),
  method('VirtualroomRemove', AdmAck, [fromnode, domain, [3, 'vNode', s]]),
  method('VirtualroomAddAuth', AdmAck, [fromnode, domain, [3, 'vNode', s], [4, 'toNode', s]]),
  method('VirtualroomDelAuth', AdmAck, [fromnode, domain, [3, 'vNode', s], [4, 'toNode', s]]),
  method('VirtualroomSub', AdmAck, [[1, 'wsid', 'i64'], [2, 'fromnode', s], [3, 'domain', s], [4, 'vNode', s], [5, 'subType', 'i8']]),
  method('VirtualroomUnSub', AdmAck, [[1, 'wsid', 'i64'], [2, 'fromnode', s], [3, 'domain', s], [4, 'vNode', s]]),
  method('Authroster', AdmAck, [fromnode, domain, [3, 'tonode', s]]),
  method('Authgroupuser', AdmAck, [fromnode, domain, [3, 'roomNode', s]]),
];

export const METHOD_BY_NAME: ReadonlyMap<string, MethodDef> = new Map(METHODS.map((m) => [m.name, m]));
