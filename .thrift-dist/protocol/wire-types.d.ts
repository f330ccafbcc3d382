export interface TimError {
    code: number;
    info: string;
}
export interface TimAck {
    ok: boolean;
    timType: number;
    error?: TimError;
    t?: number;
    n?: string;
    t2?: number;
    n2?: string;
}
export interface Tid {
    node: string;
    domain?: string;
    resource?: string;
    termtyp?: number;
    extend?: Record<string, string>;
}
export interface TimAuth {
    name?: string;
    pwd?: string;
    domain?: string;
    resource?: string;
    termtyp?: number;
    token?: string;
    extend?: Record<string, string>;
}
export interface TimReq {
    rtype?: number;
    node?: string;
    node2?: string;
    reqInt?: number;
    reqInt2?: number;
    reqStr?: string;
    reqStr2?: string;
}
export interface TimMessage {
    msType: number;
    odType: number;
    id?: number;
    mid?: number;
    bnType?: number;
    fromTid?: Tid;
    toTid?: Tid;
    roomTid?: Tid;
    dataBinary?: Buffer;
    dataString?: string;
    isOffline?: boolean;
    /** nanoseconds since the epoch; above 2^53, so held as a bigint */
    timestamp?: bigint;
    udtype?: number;
    udshow?: number;
    extend?: Record<string, string>;
    extra?: Record<string, Buffer>;
    ToList?: string[];
}
export interface TimPresence {
    id?: number;
    offline?: boolean;
    subStatus?: number;
    fromTid?: Tid;
    toTid?: Tid;
    toList?: string[];
    show?: number;
    status?: string;
    extend?: Record<string, string>;
    extra?: Record<string, Buffer>;
}
export interface TimStream {
    id?: number;
    VNode: string;
    dtype?: number;
    body?: Buffer;
    fromNode?: string;
}
export interface TimUserBean {
    name?: string;
    nickName?: string;
    brithday?: string;
    gender?: number;
    cover?: string;
    area?: string;
    createtime?: bigint;
    photoTidAlbum?: string[];
    extend?: Record<string, string>;
    extra?: Record<string, Buffer>;
}
export interface TimRoomBean {
    founder?: string;
    managers?: string[];
    cover?: string;
    topic?: string;
    label?: string;
    gtype?: number;
    kind?: number;
    createtime?: bigint;
    extend?: Record<string, string>;
    extra?: Record<string, Buffer>;
}
export interface TimNodes {
    ntype: number;
    nodelist?: string[];
    usermap?: Record<string, TimUserBean>;
    roommap?: Record<string, TimRoomBean>;
    node?: string;
}
export interface TimMessageList {
    id?: number;
    messageList?: TimMessage[];
}
