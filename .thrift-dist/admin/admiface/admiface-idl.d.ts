export type FieldType = 'bool' | 'i8' | 'i16' | 'i32' | 'i64' | 'string' | 'binary' | {
    list: FieldType;
} | {
    map: [FieldType, FieldType];
} | {
    struct: StructDef;
};
export interface FieldDef {
    id: number;
    name: string;
    type: FieldType;
}
export interface StructDef {
    name: string;
    fields: FieldDef[];
}
export declare const AuthBean: StructDef;
export declare const AdmTid: StructDef;
export declare const AdmToken: StructDef;
export declare const AdmMessage: StructDef;
export declare const AdmMessageBroadcast: StructDef;
export declare const AdmMessageList: StructDef;
export declare const AdmPresence: StructDef;
export declare const AdmPresenceBroadcast: StructDef;
export declare const AdmUserBean: StructDef;
export declare const AdmModifyUserInfo: StructDef;
export declare const AdmNodeList: StructDef;
export declare const AdmVroomBean: StructDef;
export declare const AdmTimRoom: StructDef;
export declare const AdmRoomBean: StructDef;
export declare const AdmDetectBean: StructDef;
export declare const AdmAck: StructDef;
export declare const AdmProxyMessage: StructDef;
export declare const AdmSysBlockUser: StructDef;
export declare const AdmOnlineUser: StructDef;
export declare const AdmTidList: StructDef;
export interface MethodDef {
    name: string;
    args: StructDef;
    result: StructDef;
}
/** Every Admiface method, in tim's order. */
export declare const METHODS: readonly MethodDef[];
export declare const METHOD_BY_NAME: ReadonlyMap<string, MethodDef>;
