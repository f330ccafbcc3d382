// TIMTYPE numbers (byte 0 & 0x7f of a frame), docs/protocol.md section 4, and the bit flags of byte 0.
export const TimType = {
    ACK: 12,
    PING: 13,
    REGISTER: 14,
    TOKEN: 15,
    AUTH: 16,
    OFFLINEMSG: 17,
    OFFLINEMSGEND: 18,
    BROADPRESENCE: 19,
    LOGOUT: 20,
    PULLMESSAGE: 21,
    VROOM: 22,
    BUSINESS: 41,
    NODES: 42,
    MESSAGE: 90,
    PRESENCE: 91,
    REVOKEMESSAGE: 92,
    BURNMESSAGE: 93,
    STREAM: 94,
    BIGSTRING: 95,
    BIGBINARY: 96,
    BIGBINARYSTREAM: 97,
};
/** Client -> server: byte 0 bit meaning "the body is JSON". */
export const JSON_FLAG = 0x80;
/** Server -> client: byte 0 bit meaning "acknowledge this frame" (4-byte ack id follows). */
export const ACK_FLAG = 0x80;
export const TYPE_MASK = 0x7f;
/** msType values (docs/protocol.md 6.1) */
export const MsType = { SYSTEM: 1, USER: 2, ROOM: 3 };
/** odType values (docs/protocol.md 6.1) */
export const OdType = {
    NORMAL: 1,
    REVOKE: 2,
    BURN: 3,
    BUSINESS: 4,
    STREAM: 5,
    BIGSTRING: 6,
    BIGBINARY: 7,
    /** 8..30 reserved; 31..127 developer-defined */
    CUSTOM_MIN: 31,
};
/** Separators inside big-data frames (docs/protocol.md 2.4). */
export const BIG_STRING_SEP = 0x7c; // '|'
export const BIG_BINARY_SEP = 0x83; // 131
//# sourceMappingURL=timtype.js.map