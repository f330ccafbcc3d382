// Admiface: tim 2.1's admin service over Thrift, as this server serves it (docs/admiface.md).
//
// Wire: a plain TCP (or TLS) connection, TBufferedTransport + TCompactProtocol, no framing. The
// first call on a connection must be Auth with an admin.accounts entry; any other call before it
// is refused and the connection closed. Calls on one connection are answered in order.
//
// Method names, argument ids and struct field ids are tim's, so backends written against tim 2.1
// keep working. Field names follow tim's spelling (including "brithday").
//
// Results: every method returns a value, never null (tim sometimes returned nothing, which
// Thrift clients report as MISSING_RESULT). AdmAck carries ok / errcode (a tim error code);
// list methods answer an empty list when there is nothing, and a refusal (unknown user, bad
// input, external mode) as a TApplicationException whose message starts with the tim code.
//
// src/admin/admiface/admiface-idl.ts is the server's copy of these definitions;
// scripts/gen-thrift.sh regenerates the Node client the tests use from this file.

namespace go stub
namespace js Admiface

// --- structures -------------------------------------------------------------------------------

// Credentials: Auth (an admin account) and Register (a new user account).
struct AuthBean {
  1: optional string username
  2: optional string password
  3: optional string domain
}

// A connection's identity, as OnlineUser lists it.
struct AdmTid {
  1: required string node
  2: optional string domain
  3: optional string resource
  4: optional i8 termtyp
  5: optional map<string, string> extend
}

// Token: a one-time login token for `name` (a node, or a login name with `password`).
struct AdmToken {
  1: optional string name
  2: optional string password
  3: optional string domain
  4: optional i8 admtype
}

// A message: sent (broadcast, proxy) or read back (history, offline).
struct AdmMessage {
  1: required i8 msType
  2: required i8 odType
  3: optional i64 id
  4: optional i64 mid
  5: optional i32 bnType
  6: optional string fromNode
  7: optional string toNode
  8: optional string domain
  9: optional string roomNode
  10: optional binary dataBinary
  11: optional string dataString
  12: optional i16 udtype
  13: optional i16 udshow
  14: optional map<string, string> extend
  15: optional map<string, binary> extra
}

struct AdmMessageBroadcast {
  1: optional list<string> nodes
  2: optional AdmMessage message
}

struct AdmMessageList {
  1: optional i8 status
  2: optional i64 totalcount
  3: optional list<AdmMessage> msglist
}

struct AdmPresence {
  1: optional i64 id
  2: optional bool offline
  3: optional i8 subStatus
  4: optional string fromNode
  5: optional string toNode
  6: optional list<string> toList
  7: optional i16 show
  8: optional string status
  9: optional map<string, string> extend
  10: optional map<string, binary> extra
}

struct AdmPresenceBroadcast {
  1: optional list<string> nodes
  2: optional AdmPresence presence
}

// A user's profile fields (field 3 is unused in tim).
struct AdmUserBean {
  1: optional string name
  2: optional string nickName
  4: optional string brithday
  5: optional i8 gender
  6: optional string cover
  7: optional string area
  8: optional i64 createtime
  9: optional list<string> photoTidAlbum
  10: optional map<string, string> extend
  11: optional map<string, binary> extra
}

struct AdmModifyUserInfo {
  1: optional string node
  2: optional AdmUserBean userbean
}

struct AdmNodeList {
  1: optional list<string> nodelist
}

// Vroom: rtype 1 creates a virtual room owned by `node`, rtype 2 removes the vroom `node`.
struct AdmVroomBean {
  1: optional string node
  2: optional i8 rtype
}

struct AdmTimRoom {
  1: optional string founder
  2: optional list<string> managers
  3: optional string cover
  4: optional string topic
  5: optional string label
  6: optional i8 gtype
  7: optional i64 kind
  8: optional i64 createtime
  9: optional map<string, string> extend
  10: optional map<string, binary> extra
}

// ModifyRoomInfo: unode (a user, required by tim, not checked against the room) and gnode (the room).
struct AdmRoomBean {
  1: optional string unode
  2: optional string gnode
  3: optional AdmTimRoom atr
}

struct AdmDetectBean {
  1: optional list<string> nodes
}

// The answer of most methods. errcode: a tim error code when ok is false. n / n2 / t: the
// method's result (a node, a token, ...), as listed in docs/admiface.md.
struct AdmAck {
  1: optional bool ok
  2: optional i8 timType
  3: optional i32 errcode
  4: optional i64 t
  5: optional string n
  6: optional i64 t2
  7: optional string n2
}

struct AdmProxyMessage {
  1: optional i64 connectid
  2: optional AdmMessage message
}

// SysBlockUser: bans each of nodelist for blocktime seconds (and disconnects them).
struct AdmSysBlockUser {
  1: optional list<string> nodelist
  2: optional i64 blocktime
}

// OnlineUser: a page of connections; index is the cursor (0 first), limit the page size.
struct AdmOnlineUser {
  1: optional i64 index
  2: optional i64 limit
}

// Declared by tim, used by no method.
struct AdmSysBlockList {
  1: optional map<string, i64> usermap
}

struct AdmTidList {
  1: optional list<AdmTid> tidlist
  2: optional i64 size
}

// Declared by tim, used by no method.
struct AdmSubBean {
  1: optional i8 subType
  2: optional binary bs
}

// Declared by tim, used by no method.
struct AdmSubOnlineBean {
  1: optional string node
  2: optional i8 status
}

// --- the service ------------------------------------------------------------------------------
// fromnode: the user the call acts as (or is about); domain: tim's domain, optional ("").

service Admiface {
  AdmAck Auth(1: AuthBean ab)
  AdmAck ModifyPwd(1: string fromnode, 2: string domain, 3: string oldpwd, 4: string newpwd)
  AdmAck Ping()
  AdmAck Token(1: AdmToken atoken)
  AdmAck TimMessageBroadcast(1: AdmMessageBroadcast amb)
  AdmAck TimPresenceBroadcast(1: AdmPresenceBroadcast apb)
  AdmAck ProxyMessage(1: AdmProxyMessage apm)
  AdmAck Register(1: AuthBean ab)
  AdmAck ModifyUserInfo(1: AdmModifyUserInfo amui)
  AdmAck ModifyRoomInfo(1: AdmRoomBean arb)
  AdmAck SysBlockUser(1: AdmSysBlockUser abu)
  AdmTidList OnlineUser(1: AdmOnlineUser au)
  AdmAck Vroom(1: AdmVroomBean avb)
  AdmAck Detect(1: AdmDetectBean adb)
  AdmNodeList Roster(1: string fromnode, 2: string domain)
  AdmAck Addroster(1: string fromnode, 2: string domain, 3: string tonode, 4: string msg)
  AdmAck Rmroster(1: string fromnode, 2: string domain, 3: string tonode)
  AdmAck Blockroster(1: string fromnode, 2: string domain, 3: string tonode)
  AdmMessageList PullUserMessage(1: string fromnode, 2: string domain, 3: string tonode, 4: i64 mid, 5: i64 timeseries, 6: i64 limit)
  AdmMessageList PullRoomMessage(1: string fromnode, 2: string domain, 3: string tonode, 4: i64 mid, 5: i64 timeseries, 6: i64 limit)
  AdmMessageList OfflineMsg(1: string fromnode, 2: string domain, 3: i64 limit)
  AdmAck DelOfflineMsg(1: string fromnode, 2: string domain, 3: list<i64> ids)
  AdmNodeList UserRoom(1: string fromnode, 2: string domain)
  // fromnode is the room here
  AdmNodeList RoomUsers(1: string fromnode, 2: string domain)
  AdmAck CreateRoom(1: string fromnode, 2: string domain, 3: string topic, 4: i8 gtype)
  AdmAck AddRoom(1: string fromnode, 2: string domain, 3: string roomNode, 4: string msg)
  AdmAck PullInRoom(1: string fromnode, 2: string domain, 3: string roomNode, 4: string toNode)
  AdmAck RejectRoom(1: string fromnode, 2: string domain, 3: string roomNode, 4: string toNode, 5: string msg)
  AdmAck KickRoom(1: string fromnode, 2: string domain, 3: string roomNode, 4: string toNode)
  AdmAck LeaveRoom(1: string fromnode, 2: string domain, 3: string roomNode)
  AdmAck CancelRoom(1: string fromnode, 2: string domain, 3: string roomNode)
  AdmAck BlockRoom(1: string fromnode, 2: string domain, 3: string roomNode)
  AdmAck BlockRoomMember(1: string fromnode, 2: string domain, 3: string roomNode, 4: string toNode)
  AdmNodeList BlockRosterList(1: string fromnode, 2: string domain)
  AdmNodeList BlockRoomList(1: string fromnode, 2: string domain)
  AdmNodeList BlockRoomMemberlist(1: string fromnode, 2: string domain, 3: string roomNode)
  AdmAck VirtualroomRegister(1: string fromnode, 2: string domain)
  AdmAck VirtualroomRemove(1: string fromnode, 2: string domain, 3: string vNode)
  AdmAck VirtualroomAddAuth(1: string fromnode, 2: string domain, 3: string vNode, 4: string toNode)
  AdmAck VirtualroomDelAuth(1: string fromnode, 2: string domain, 3: string vNode, 4: string toNode)
  // wsid: the connection's id (GET /connections); subType 1: binary frames (97), else JSON (94)
  AdmAck VirtualroomSub(1: i64 wsid, 2: string fromnode, 3: string domain, 4: string vNode, 5: i8 subType)
  AdmAck VirtualroomUnSub(1: i64 wsid, 2: string fromnode, 3: string domain, 4: string vNode)
  AdmAck Authroster(1: string fromnode, 2: string domain, 3: string tonode)
  AdmAck Authgroupuser(1: string fromnode, 2: string domain, 3: string roomNode)
}
