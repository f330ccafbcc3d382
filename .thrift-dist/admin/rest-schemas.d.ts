export type JsonSchema = Record<string, unknown>;
export declare const node: JsonSchema;
/** The schemas, with list sizes capped by admin.maxRecipients. */
export declare function restSchemas(maxRecipients: number): {
    systemMessage: JsonSchema;
    proxyMessage: JsonSchema;
    presence: JsonSchema;
    nodes: JsonSchema;
    cacheNodes: JsonSchema;
    token: JsonSchema;
    register: JsonSchema;
    password: JsonSchema;
    block: JsonSchema;
    newRoom: JsonSchema;
    vroom: JsonSchema;
    userBean: JsonSchema;
    roomBean: JsonSchema;
    nodeParam: JsonSchema;
    roomParam: JsonSchema;
    connectionsQuery: JsonSchema;
};
