export type ResultShape = 
/** nothing is read back */
{
    kind: 'none';
}
/** any row answers yes */
 | {
    kind: 'any-row';
}
/** allows when a row's first column is not NULL, 0, false or '0' */
 | {
    kind: 'check';
}
/** rows read by alias */
 | {
    kind: 'rows';
    required: readonly string[];
    optional?: readonly string[];
};
export interface TemplateKeySpec {
    params: readonly string[];
    lists?: readonly string[];
    result: ResultShape;
    /** when the server runs it (one line, for `tim check` and error messages) */
    when: string;
}
export declare const TEMPLATE_KEYS: {
    readonly login: {
        readonly params: readonly ["name", "pwd", "domain"];
        readonly result: ResultShape;
        readonly when: 'AUTH with name and password';
    };
    readonly token: {
        readonly params: readonly ["name", "pwd", "domain"];
        readonly result: ResultShape;
        readonly when: 'token issuance by credentials (defaults to login)';
    };
    readonly 'user.exist': {
        readonly params: readonly ["node"];
        readonly result: {
            readonly kind: 'any-row';
        };
        readonly when: 'before a user is addressed (absent: every node exists)';
    };
    readonly 'room.exist': {
        readonly params: readonly ["room"];
        readonly result: {
            readonly kind: 'any-row';
        };
        readonly when: 'before a room is addressed (absent: every room exists)';
    };
    readonly 'user.auth': {
        readonly params: readonly ["from", "to"];
        readonly result: {
            readonly kind: 'check';
        };
        readonly when: 'user to user message, stream, revoke, burn';
    };
    readonly 'room.auth': {
        readonly params: readonly ["room", "user"];
        readonly result: {
            readonly kind: 'check';
        };
        readonly when: 'room message, stream, history, member list';
    };
    readonly 'message.save': {
        readonly params: readonly ["mid", "chat", "from", "to", "room", "msType", "odType", "body", "data", "udtype", "udshow", "extend", "stanza", "time"];
        readonly result: {
            readonly kind: 'none';
        };
        readonly when: 'a persisted message';
    };
    readonly 'message.get': {
        readonly params: readonly ["chat", "maxMid", "limit"];
        readonly result: ResultShape;
        readonly when: 'history pull';
    };
    readonly 'message.fid': {
        readonly params: readonly ["chat", "mid"];
        readonly result: ResultShape;
        readonly when: 'revoke and burn: who wrote it';
    };
    readonly 'message.del': {
        readonly params: readonly ["chat", "mid"];
        readonly result: {
            readonly kind: 'none';
        };
        readonly when: 'revoke and burn';
    };
    readonly 'offlinemsg.save': {
        readonly params: readonly ["node", "id", "mid", "stanza", "time"];
        readonly result: {
            readonly kind: 'none';
        };
        readonly when: 'an unacknowledged reliable frame';
    };
    readonly 'offlinemsg.get': {
        readonly params: readonly ["node", "limit"];
        readonly result: ResultShape;
        readonly when: 'the offline drain';
    };
    readonly 'offlinemsg.del': {
        readonly params: readonly ["node", "ids"];
        readonly lists: readonly ["ids"];
        readonly result: {
            readonly kind: 'none';
        };
        readonly when: 'after the client acknowledges a batch';
    };
    readonly 'offlinemsg.ack': {
        readonly params: readonly ["node", "mids"];
        readonly lists: readonly ["mids"];
        readonly result: {
            readonly kind: 'none';
        };
        readonly when: 'a device acknowledged live messages: delete their offline rows (durable delivery; absent: off)';
    };
    readonly 'offlinemsg.purge': {
        readonly params: readonly ["mid"];
        readonly result: {
            readonly kind: 'none';
        };
        readonly when: 'revoke and burn: delete every offline row of the message (absent: rows stay)';
    };
    readonly roster: {
        readonly params: readonly ["node"];
        readonly result: ResultShape;
        readonly when: 'roster list and presence';
    };
    readonly 'room.roster': {
        readonly params: readonly ["room"];
        readonly result: ResultShape;
        readonly when: 'room fan-out and member list';
    };
    readonly 'user.room': {
        readonly params: readonly ["node"];
        readonly result: ResultShape;
        readonly when: 'the rooms of a user';
    };
    readonly 'roster.add': {
        readonly params: readonly ["from", "to"];
        readonly result: {
            readonly kind: 'none';
        };
        readonly when: 'roster add (external mode; absent: 4107)';
    };
    readonly 'roster.rm': {
        readonly params: readonly ["from", "to"];
        readonly result: {
            readonly kind: 'none';
        };
        readonly when: 'roster remove (external mode; absent: 4107)';
    };
    readonly 'roster.block': {
        readonly params: readonly ["from", "to"];
        readonly result: {
            readonly kind: 'none';
        };
        readonly when: 'roster block (external mode; absent: 4107)';
    };
};
export type TemplateKey = keyof typeof TEMPLATE_KEYS;
export declare const ALL_TEMPLATE_KEYS: TemplateKey[];
/** docs/templates.md 2.2: what external mode cannot run without. */
export declare const REQUIRED_KEYS: readonly TemplateKey[];
export declare function isTemplateKey(key: string): key is TemplateKey;
export declare function keySpec(key: TemplateKey): TemplateKeySpec;
