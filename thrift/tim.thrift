// The structs of tim's client protocol as Thrift IDL: the bodies of the frames on /tim (and of the
// REGISTER/TOKEN requests on POST /tim2) when a client speaks tim's primary encoding, Thrift's
// compact protocol (TCompactProtocol, no transport framing: the body is the struct's bytes, from
// its first field header to its STOP byte).
//
// Field ids and types are tim's: a client built from tim's own stubs (atim for Java, timgo for Go)
// reads and writes exactly these bytes. The JSON spelling of the same structs uses the field names
// below (src/protocol/json-schemas.ts); both encodings share one model (src/protocol/wire-types.ts).
//
// Frame layout (not expressible in IDL, see docs/thrift.md):
//   client -> server   type ‖ body              byte 0 = TIMTYPE, bit 0x80 clear means "Thrift body"
//   server -> client   type ‖ body              plain frame
//                      (type|0x80) ‖ BE32 id ‖ body   reliable frame: answer with ACK (12) ‖ BE32 id
// The encoding of the server's frames is chosen by the AUTH frame that logged the connection in.
//
// "required" marks what tim's generated readers insist on (a body without it is refused with
// 4104) and its writers always emit; everything else is optional and omitted when absent.

namespace go stub
namespace java io.github.donnie4w.tim.stub
namespace js tim

// An error carried in an ack: one of tim's codes (src/protocol/error-codes.ts) and its fixed text.
struct TimError {
  1: optional i32 code,
  2: optional string info,
}

// TIMACK (12) body: the server's answer to a request; `timType` names the request's frame type.
// t/n/t2/n2 carry request-specific results (AUTH: t = server instance hash, n = the logged-in
// node, n2 = the connection id; REGISTER/TOKEN: n = the new node or the token; revoke acks in a
// room: n = room, t = msType, t2 = mid).
struct TimAck {
  1: required bool ok,
  2: required byte timType,
  3: optional TimError error,
  4: optional i64 t,
  5: optional string n,
  6: optional i64 t2,
  7: optional string n2,
}

// A general request: PULLMESSAGE (21), BUSINESS (41) and VROOM (22) bodies. `rtype` selects the
// operation; the other fields are its arguments.
struct TimReq {
  1: optional i32 rtype,
  2: optional string node,
  3: optional string node2,
  4: optional i64 reqInt,
  5: optional i64 reqInt2,
  6: optional string reqStr,
  7: optional string reqStr2,
}

// A party: user, room or virtual room, by node; domain/resource/termtyp describe a login.
struct Tid {
  1: required string node,
  2: optional string domain,
  3: optional string resource,
  4: optional byte termtyp,
  5: optional map<string, string> extend,
}

// A user's profile (TimNodes.usermap values). Id 3 is unused in tim's stubs and stays free.
struct TimUserBean {
  1: optional string name,
  2: optional string nickName,
  4: optional string brithday,
  5: optional byte gender,
  6: optional string cover,
  7: optional string area,
  8: optional i64 createtime,
  9: optional list<string> photoTidAlbum,
  10: optional map<string, string> extend,
  11: optional map<string, binary> extra,
}

// A room's profile (TimNodes.roommap values).
struct TimRoomBean {
  1: optional string founder,
  2: optional list<string> managers,
  3: optional string cover,
  4: optional string topic,
  5: optional string label,
  6: optional byte gtype,
  7: optional i64 kind,
  8: optional i64 createtime,
  9: optional map<string, string> extend,
  10: optional map<string, binary> extra,
}

// AUTH (16), REGISTER (14) and TOKEN (15) bodies: a password login (name, pwd) or a one-time
// token login (token, with name and domain as when the token was issued).
struct TimAuth {
  1: optional string name,
  2: optional string pwd,
  3: optional string domain,
  4: optional string resource,
  5: optional byte termtyp,
  6: optional string token,
  7: optional map<string, string> extend,
}

// PRESENCE (91) and BROADPRESENCE (19) bodies, both directions.
struct TimPresence {
  1: optional i64 id,
  2: optional bool offline,
  3: optional byte subStatus,
  4: optional Tid fromTid,
  5: optional Tid toTid,
  6: optional list<string> toList,
  7: optional i16 show,
  8: optional string status,
  9: optional map<string, string> extend,
  10: optional map<string, binary> extra,
}

// MESSAGE (90), REVOKEMESSAGE (92) and BURNMESSAGE (93) bodies, both directions. msType: 1 system,
// 2 user, 3 room; odType: 1 normal, 2 revoke, 3 burn, 4 business, 5 stream, 31.. developer-defined.
// `timestamp` is nanoseconds since the epoch (beyond 2^53).
struct TimMessage {
  1: required byte msType,
  2: required byte odType,
  3: optional i64 id,
  4: optional i64 mid,
  5: optional i32 bnType,
  6: optional Tid fromTid,
  7: optional Tid toTid,
  8: optional Tid roomTid,
  9: optional binary dataBinary,
  10: optional string dataString,
  11: optional bool isOffline,
  12: optional i64 timestamp,
  13: optional i16 udtype,
  14: optional i16 udshow,
  15: optional map<string, string> extend,
  16: optional map<string, binary> extra,
  17: optional list<string> ToList,
}

// STREAM (94) body: data pushed to a virtual room (client -> server) and fanned out to its
// subscribers (server -> client). tim's readers require all three of id, VNode and fromNode, so
// a client writes id 0 and an empty fromNode; the server fills both in.
struct TimStream {
  1: required i64 id,
  2: required string VNode,
  3: optional byte dtype,
  4: optional binary body,
  5: required string fromNode,
}

// NODES (42) body, both directions: profile reads and writes, roster and room lists.
struct TimNodes {
  1: required i32 ntype,
  2: optional list<string> nodelist,
  3: optional map<string, TimUserBean> usermap,
  4: optional map<string, TimRoomBean> roommap,
  5: optional string node,
}

// PULLMESSAGE (21) and OFFLINEMSG (17) bodies from the server: a page of messages.
struct TimMessageList {
  1: optional i64 id,
  2: optional list<TimMessage> messageList,
}
