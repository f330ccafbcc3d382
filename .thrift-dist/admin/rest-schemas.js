// JSON schemas of the REST v1 request bodies and queries. Fastify validates requests with them
// (a mismatch is 400 with ajv's message) and openapi.ts publishes them. They check shape only;
// tim structures inside (message, presence, beans) are read again by the wire codec
// (wire-input.ts), which enforces Go's integer ranges and base64.
import { MAX_SAFE_ID } from '../core/ids.js';
import { MAX_BAN_SECONDS, MAX_PAGE } from './admin-service.js';
const NODE_MAX = 64;
export const node = { type: 'string', minLength: 1, maxLength: NODE_MAX, description: 'a tim node (account or room id)' };
const text = { type: 'string' };
const nonEmpty = { type: 'string', minLength: 1 };
const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const bytesMap = { type: 'object', additionalProperties: { type: 'string' }, description: 'values are base64' };
const tid = {
    type: 'object',
    required: ['node'],
    properties: { node, domain: text, resource: text, termtyp: { type: 'integer' }, extend: stringMap },
};
const obj = (properties, required = [], extra = {}) => ({
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
    ...extra,
});
const payload = {
    dataString: text,
    dataBinary: { type: 'string', description: 'base64' },
    udtype: { type: 'integer' },
    udshow: { type: 'integer' },
    bnType: { type: 'integer' },
    extend: stringMap,
    extra: bytesMap,
};
const userBean = obj({
    name: text,
    nickName: text,
    brithday: text,
    gender: { type: 'integer' },
    cover: text,
    area: text,
    photoTidAlbum: { type: 'array', items: text },
    extend: stringMap,
    extra: bytesMap,
});
const roomBean = obj({
    topic: text,
    cover: text,
    label: text,
    gtype: { type: 'integer', enum: [1, 2] },
    kind: { type: 'integer' },
    managers: { type: 'array', items: node },
    extend: stringMap,
    extra: bytesMap,
});
/** The schemas, with list sizes capped by admin.maxRecipients. */
export function restSchemas(maxRecipients) {
    const nodes = { type: 'array', items: node, maxItems: maxRecipients };
    return {
        systemMessage: obj({
            to: { ...nodes, default: [] },
            room: { ...node, description: 'also send to every member of this room' },
            message: obj({ ...payload, id: { type: 'integer', minimum: 1, maximum: MAX_SAFE_ID }, fromTid: tid, roomTid: tid }),
        }, ['message']),
        proxyMessage: obj({
            from: node,
            domain: text,
            message: {
                type: 'object',
                required: ['msType', 'odType'],
                properties: { msType: { type: 'integer', enum: [2, 3] }, odType: { type: 'integer' }, id: { type: 'integer', minimum: 1, maximum: MAX_SAFE_ID }, toTid: tid, roomTid: tid, ...payload },
                additionalProperties: false,
            },
        }, ['from', 'message']),
        presence: obj({
            to: nodes,
            from: node,
            presence: obj({ id: { type: 'integer', minimum: 1, maximum: MAX_SAFE_ID }, subStatus: { type: 'integer' }, show: { type: 'integer' }, status: text, extend: stringMap, extra: bytesMap }),
        }, ['to', 'presence']),
        nodes: obj({ nodes }, ['nodes']),
        cacheNodes: obj({ nodes: { ...nodes, minItems: 1, description: 'users and rooms whose relations changed' } }, ['nodes']),
        token: obj({ node, name: nonEmpty, password: nonEmpty, domain: text }, [], {
            description: 'either {node} (an existing account) or {name, password, domain?} (checked like a login)',
        }),
        register: obj({ name: nonEmpty, password: nonEmpty, domain: text }, ['name', 'password']),
        password: obj({ newPassword: nonEmpty, oldPassword: nonEmpty }, ['newPassword']),
        block: obj({ seconds: { type: 'integer', minimum: 1, maximum: MAX_BAN_SECONDS } }, ['seconds']),
        newRoom: obj({ founder: node, topic: text, gtype: { type: 'integer', enum: [1, 2], default: 2, description: '1 private, 2 open' }, domain: text }, ['founder']),
        vroom: obj({ owner: node }, ['owner']),
        userBean,
        roomBean,
        nodeParam: obj({ node }, ['node']),
        roomParam: obj({ room: node }, ['room']),
        connectionsQuery: obj({
            node,
            cursor: {
                type: 'string',
                pattern: '^(.+/)?[0-9]{1,15}$',
                maxLength: 128,
                description: 'the nextCursor of the previous page: an id on a single node, "<server>/<id>" on a cluster',
            },
            limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 100 },
        }),
    };
}
//# sourceMappingURL=rest-schemas.js.map