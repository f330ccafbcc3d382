export declare const TimType: {
    readonly ACK: 12;
    readonly PING: 13;
    readonly REGISTER: 14;
    readonly TOKEN: 15;
    readonly AUTH: 16;
    readonly OFFLINEMSG: 17;
    readonly OFFLINEMSGEND: 18;
    readonly BROADPRESENCE: 19;
    readonly LOGOUT: 20;
    readonly PULLMESSAGE: 21;
    readonly VROOM: 22;
    readonly BUSINESS: 41;
    readonly NODES: 42;
    readonly MESSAGE: 90;
    readonly PRESENCE: 91;
    readonly REVOKEMESSAGE: 92;
    readonly BURNMESSAGE: 93;
    readonly STREAM: 94;
    readonly BIGSTRING: 95;
    readonly BIGBINARY: 96;
    readonly BIGBINARYSTREAM: 97;
};
export type TimTypeValue = (typeof TimType)[keyof typeof TimType];
/** Client -> server: byte 0 bit meaning "the body is JSON". */
export declare const JSON_FLAG = 128;
/** Server -> client: byte 0 bit meaning "acknowledge this frame" (4-byte ack id follows). */
export declare const ACK_FLAG = 128;
export declare const TYPE_MASK = 127;
/** msType values (docs/protocol.md 6.1) */
export declare const MsType: {
    readonly SYSTEM: 1;
    readonly USER: 2;
    readonly ROOM: 3;
};
/** odType values (docs/protocol.md 6.1) */
export declare const OdType: {
    readonly NORMAL: 1;
    readonly REVOKE: 2;
    readonly BURN: 3;
    readonly BUSINESS: 4;
    readonly STREAM: 5;
    readonly BIGSTRING: 6;
    readonly BIGBINARY: 7;
    /** 8..30 reserved; 31..127 developer-defined */
    readonly CUSTOM_MIN: 31;
};
/** Separators inside big-data frames (docs/protocol.md 2.4). */
export declare const BIG_STRING_SEP = 124;
export declare const BIG_BINARY_SEP = 131;
