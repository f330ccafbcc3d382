export declare const Rtype: {
    readonly ROSTER: 1;
    readonly USERROOM: 2;
    readonly ROOMUSERS: 3;
    readonly ADDROSTER: 4;
    /** notification only: now friends */
    readonly FRIEND: 5;
    readonly REMOVEROSTER: 6;
    readonly BLOCKROSTER: 7;
    readonly NEWROOM: 8;
    readonly ADDROOM: 9;
    /** notification only: application accepted / joined */
    readonly PASSROOM: 10;
    readonly NOPASSROOM: 11;
    readonly PULLROOM: 12;
    readonly KICKROOM: 13;
    readonly BLOCKROOM: 14;
    readonly BLOCKROOMMEMBER: 15;
    readonly LEAVEROOM: 16;
    readonly CANCELROOM: 17;
    readonly BLOCKROSTERLIST: 18;
    readonly BLOCKROOMLIST: 19;
    readonly BLOCKROOMMEMBERLIST: 20;
    readonly MODIFYAUTH: 21;
};
/** bnType of a TimMessage{odType:4} notification: the same numbers. */
export declare const BnType: {
    readonly ROSTER: 1;
    readonly USERROOM: 2;
    readonly ROOMUSERS: 3;
    readonly ADDROSTER: 4;
    /** notification only: now friends */
    readonly FRIEND: 5;
    readonly REMOVEROSTER: 6;
    readonly BLOCKROSTER: 7;
    readonly NEWROOM: 8;
    readonly ADDROOM: 9;
    /** notification only: application accepted / joined */
    readonly PASSROOM: 10;
    readonly NOPASSROOM: 11;
    readonly PULLROOM: 12;
    readonly KICKROOM: 13;
    readonly BLOCKROOM: 14;
    readonly BLOCKROOMMEMBER: 15;
    readonly LEAVEROOM: 16;
    readonly CANCELROOM: 17;
    readonly BLOCKROSTERLIST: 18;
    readonly BLOCKROOMLIST: 19;
    readonly BLOCKROOMMEMBERLIST: 20;
    readonly MODIFYAUTH: 21;
};
export declare const Ntype: {
    readonly ROSTER: 1;
    readonly USERROOM: 2;
    readonly ROOMUSERS: 3;
    readonly USERINFO: 4;
    readonly ROOMINFO: 5;
    readonly MODIFYUSER: 6;
    readonly MODIFYROOM: 7;
    readonly BLOCKROSTERLIST: 8;
    readonly BLOCKROOMLIST: 9;
    readonly BLOCKROOMMEMBERLIST: 10;
};
