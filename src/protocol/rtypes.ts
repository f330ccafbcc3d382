// Request wire constants: TimReq.rtype values of BUSINESS (41) requests and the bnType values of the
// notifications they cause (docs/protocol.md 8.1: one numbering for both), the TimNodes ntypes of
// 8.3, and the rtypes of VROOM (22) requests.

export const Rtype = {
  ROSTER: 1,
  USERROOM: 2,
  ROOMUSERS: 3,
  ADDROSTER: 4,
  /** notification only: now friends */
  FRIEND: 5,
  REMOVEROSTER: 6,
  BLOCKROSTER: 7,
  NEWROOM: 8,
  ADDROOM: 9,
  /** notification only: application accepted / joined */
  PASSROOM: 10,
  NOPASSROOM: 11,
  PULLROOM: 12,
  KICKROOM: 13,
  BLOCKROOM: 14,
  BLOCKROOMMEMBER: 15,
  LEAVEROOM: 16,
  CANCELROOM: 17,
  BLOCKROSTERLIST: 18,
  BLOCKROOMLIST: 19,
  BLOCKROOMMEMBERLIST: 20,
  MODIFYAUTH: 21,
} as const;

/** bnType of a TimMessage{odType:4} notification: the same numbers. */
export const BnType = Rtype;

export const Ntype = {
  ROSTER: 1,
  USERROOM: 2,
  ROOMUSERS: 3,
  USERINFO: 4,
  ROOMINFO: 5,
  MODIFYUSER: 6,
  MODIFYROOM: 7,
  BLOCKROSTERLIST: 8,
  BLOCKROOMLIST: 9,
  BLOCKROOMMEMBERLIST: 10,
} as const;

/** TimReq.rtype of VROOM (22) requests (docs/protocol.md 9). */
export const VroomRtype = { REGISTER: 1, REMOVE: 2, ADDAUTH: 3, RMAUTH: 4, SUB: 5, SUBCANCEL: 6 } as const;
