export declare const ErrorCode: {
    readonly HASEXIST: 4101;
    readonly NOPASS: 4102;
    readonly EXPIREOP: 4103;
    readonly PARAMS: 4104;
    readonly PERM_DENIED: 4105;
    readonly ACCOUNT: 4106;
    readonly INTERFACE: 4107;
    readonly CANCEL: 4108;
    readonly NOEXIST: 4109;
    readonly BLOCK: 4110;
    readonly OVERENTRY: 4111;
    readonly MODIFYAUTH: 4112;
    readonly FORMAT: 4113;
    readonly BIGDATA: 4114;
    readonly TOKEN: 4115;
    readonly PING: 4116;
    readonly REPEAT: 4117;
    readonly UNDEFINED: 5101;
    readonly BLOCKHANDLE: 5102;
    readonly DATABASE: 5103;
    readonly OVERLOAD: 5104;
    readonly OVERHZ: 5105;
    readonly UUID_REUSE: 1101;
    readonly OVERTIME: 1102;
    readonly CONNECT: 1103;
};
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];
/** The wire info text of a code, exactly as tim sends it. */
export declare function errorInfo(code: ErrorCodeValue): string;
/**
 * The `info` of an error ack. tim's TimError has only `code` and `info`, so a reason can only ride
 * in `info`: for 4104 (which field or value was wrong) it follows tim's text after ": ", e.g.
 * "parameter incorrect: node (the room) is required"; clients that compare codes are unaffected.
 * Every other code keeps tim's exact text (a refusal says no more than tim's would).
 */
export declare function ackInfo(code: ErrorCodeValue, reason?: string): string;
