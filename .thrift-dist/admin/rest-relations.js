// REST v1 routes for relations, rooms, history, offline rows, vrooms and permission checks (the
// operations of admin-relations.ts; the same table format as rest-routes.ts, so the OpenAPI
// document lists them too). Seeding relations from a backend (builtin mode):
//   PUT /friendships {a, b}               makes two users friends
//   PUT /rooms/{room}/members/{node}       adds a user to a room
//   GET /users/{node}/friends, GET /users/{node}/rooms, GET /rooms/{room}/members   lists them
// Acting as a user (tim's Admiface roster and room methods): POST /act/roster, POST /act/room.
import { MAX_SAFE_ID } from '../core/ids.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { AdminError } from './http-errors.js';
import { MAX_OFFLINE_PEEK, messageJson, ROOM_ACTIONS } from './admin-relations.js';
import { node } from './rest-schemas.js';
const obj = (properties, required = []) => ({
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
});
const text = { type: 'string', maxLength: 65_536 };
const as = { ...node, description: 'the user the request acts as' };
const mid = { type: 'integer', minimum: 0, maximum: MAX_SAFE_ID, default: 0, description: 'newest mid to return (0: the newest)' };
const limit = { type: 'integer', minimum: 1, maximum: 10_000, description: 'page size, clamped to limits.pullMax' };
const userParam = obj({ node }, ['node']);
const roomParam = obj({ room: node }, ['room']);
const vnodeParam = obj({ vnode: node }, ['vnode']);
const offlineId = { anyOf: [{ type: 'integer', minimum: 1, maximum: MAX_SAFE_ID }, { type: 'string', pattern: '^[0-9A-Za-z_-]{1,64}$' }] };
const messages = 'messages: [TimMessage as a client receives it; timestamp as decimal text, bytes as base64]';
export function relationRoutes() {
    return [
        // --- seeding relations (builtin mode) ---
        {
            method: 'PUT',
            url: '/friendships',
            summary: 'Makes users `a` and `b` mutual friends (builtin mode), lifting any block between them, so they may message each other at once; both get a bnType 5 notification. Idempotent: `changed` is false when they already were friends.',
            returns: '{ok, changed}',
            body: obj({ a: node, b: node }, ['a', 'b']),
            handler: async (svc, req) => ({ ok: true, ...(await svc.relations.makeFriends(req.body.a, req.body.b)) }),
        },
        {
            method: 'DELETE',
            url: '/users/:node/friends/:peer',
            summary: 'Ends the friendship of the two users, both directions (builtin mode); blocks stay. `changed` is false when there was none.',
            returns: '{ok, changed}',
            params: obj({ node, peer: node }, ['node', 'peer']),
            handler: async (svc, req) => ({ ok: true, ...(await svc.relations.unfriend(req.params.node, req.params.peer)) }),
        },
        {
            method: 'GET',
            url: '/users/:node/friends',
            summary: "The user's friends (the `roster` template; both modes).",
            returns: '{ok, node, friends: [node]}',
            params: userParam,
            handler: async (svc, req) => ({ ok: true, node: req.params.node, friends: await svc.relations.friends(req.params.node) }),
        },
        {
            method: 'PUT',
            url: '/rooms/:room/members/:node',
            summary: 'Makes the user a member of the room (builtin mode), as the administrator: no founder or manager check, a pending application is accepted, blocks between them are lifted; the user gets a bnType 12 notification. Idempotent: `added` is false when it already was a member.',
            returns: '{ok, added}',
            params: obj({ room: node, node }, ['room', 'node']),
            handler: async (svc, req) => ({ ok: true, ...(await svc.relations.addMember(req.params.room, req.params.node)) }),
        },
        {
            method: 'DELETE',
            url: '/rooms/:room/members/:node',
            summary: 'Removes the user (member or applicant) from the room as the administrator (builtin mode); a member gets bnType 13. The founder cannot be removed (403). `removed` is false when it was neither.',
            returns: '{ok, removed}',
            params: obj({ room: node, node }, ['room', 'node']),
            handler: async (svc, req) => ({ ok: true, ...(await svc.relations.removeMember(req.params.room, req.params.node)) }),
        },
        {
            method: 'GET',
            url: '/users/:node/rooms',
            summary: 'The rooms the user belongs to (the `user.room` template; both modes).',
            returns: '{ok, node, rooms: [node]}',
            params: userParam,
            handler: async (svc, req) => ({ ok: true, node: req.params.node, rooms: await svc.relations.userRooms(req.params.node) }),
        },
        // --- acting as a user ---
        {
            method: 'POST',
            url: '/act/roster',
            summary: 'A roster request as user `as`, through the same rules and notifications as a client BUSINESS request: `add` asks `peer` for friendship (accepts when `peer` already asked; `msg` goes with the request), `remove` ends the friendship, `block` blocks `peer`. Refusals carry the client\'s tim code (4110 blocked, 4117 already friends, ...).',
            returns: '{ok}',
            body: obj({ as, action: { type: 'string', enum: ['add', 'remove', 'block'] }, peer: node, msg: text, domain: text }, ['as', 'action', 'peer']),
            handler: async (svc, req) => {
                const b = req.body;
                await svc.relations.roster(b.as, b.action, b.peer, b.msg ?? '', b.domain || undefined);
                return { ok: true };
            },
        },
        {
            method: 'POST',
            url: '/act/room',
            summary: "A room request as user `as`, through the same rules and notifications as a client BUSINESS request: `join` (apply; an open room admits at once), `pull` `user` in, `reject` `user`'s application, `kick` `user`, `leave`, `cancel` (founder, no other member), `block` the room, `block-member` `user`. `msg` goes with join and reject.",
            returns: '{ok}',
            body: obj({ as, action: { type: 'string', enum: ROOM_ACTIONS }, room: node, user: node, msg: text, domain: text }, ['as', 'action', 'room']),
            handler: async (svc, req) => {
                const b = req.body;
                await svc.relations.room(b.as, b.action, b.room, { user: b.user, msg: b.msg, domain: b.domain || undefined });
                return { ok: true };
            },
        },
        // --- block lists ---
        {
            method: 'GET',
            url: '/users/:node/blocked-users',
            summary: 'The users this user blocks (builtin mode).',
            returns: '{ok, node, blocked: [node]}',
            params: userParam,
            handler: async (svc, req) => ({ ok: true, node: req.params.node, blocked: await svc.relations.blockedUsers(req.params.node) }),
        },
        {
            method: 'GET',
            url: '/users/:node/blocked-rooms',
            summary: 'The rooms this user blocks (builtin mode).',
            returns: '{ok, node, blocked: [node]}',
            params: userParam,
            handler: async (svc, req) => ({ ok: true, node: req.params.node, blocked: await svc.relations.blockedRooms(req.params.node) }),
        },
        {
            method: 'GET',
            url: '/rooms/:room/blocked-members',
            summary: 'The users the room blocks (builtin mode). With `as`, as that user sees it: empty unless it is the founder or a manager.',
            returns: '{ok, room, blocked: [node]}',
            params: roomParam,
            querystring: obj({ as }),
            handler: async (svc, req) => ({ ok: true, room: req.params.room, blocked: await svc.relations.roomBlockedMembers(req.params.room, req.query.as) }),
        },
        // --- history and offline ---
        {
            method: 'GET',
            url: '/users/:node/history/:peer',
            summary: "The 1:1 chat history of the user with `peer`, newest first, as the user's PULLMESSAGE would return it.",
            returns: `{ok, ${messages}}`,
            params: obj({ node, peer: node }, ['node', 'peer']),
            querystring: obj({ mid, limit }),
            handler: async (svc, req) => ({
                ok: true,
                messages: (await svc.relations.history({ user: req.params.node, peer: req.params.peer, mid: req.query.mid, limit: req.query.limit })).map(messageJson),
            }),
        },
        {
            method: 'GET',
            url: '/rooms/:room/history',
            summary: "The room's history, newest first. With `as`, that user must be a member (403 otherwise), as for its own PULLMESSAGE.",
            returns: `{ok, ${messages}}`,
            params: roomParam,
            querystring: obj({ as, mid, limit }),
            handler: async (svc, req) => ({
                ok: true,
                messages: (await svc.relations.history({ room: req.params.room, user: req.query.as, mid: req.query.mid, limit: req.query.limit })).map(messageJson),
            }),
        },
        {
            method: 'GET',
            url: '/users/:node/offline',
            summary: "The user's stored offline messages, oldest first, without delivering or deleting them.",
            returns: '{ok, items: [{id, message}]}',
            params: userParam,
            querystring: obj({ limit: { type: 'integer', minimum: 1, maximum: MAX_OFFLINE_PEEK, default: 100 } }),
            handler: async (svc, req) => ({
                ok: true,
                items: (await svc.relations.offline(req.params.node, req.query.limit)).map((i) => ({ id: i.id, message: messageJson(i.message) })),
            }),
        },
        {
            method: 'DELETE',
            url: '/users/:node/offline',
            summary: "Deletes these offline rows of the user (ids from GET .../offline); ids that are not the user's are ignored.",
            returns: '{ok, requested}',
            params: userParam,
            body: obj({ ids: { type: 'array', items: offlineId, minItems: 1, maxItems: MAX_OFFLINE_PEEK } }, ['ids']),
            handler: async (svc, req) => ({ ok: true, requested: await svc.relations.deleteOffline(req.params.node, req.body.ids) }),
        },
        // --- vrooms ---
        {
            method: 'GET',
            url: '/vrooms/:vnode',
            summary: "A virtual room's founder, push rights and subscriber count on this server (404 when unknown).",
            returns: '{ok, vnode, founder?, pushers: [node], subscribers}',
            params: vnodeParam,
            handler: (svc, req) => {
                const info = svc.relations.vroomInfo(req.params.vnode);
                if (info === undefined)
                    return notFound(`vroom ${req.params.vnode} does not exist`);
                return { ok: true, ...info };
            },
        },
        {
            method: 'DELETE',
            url: '/vrooms/:vnode',
            summary: 'Removes a virtual room: as the administrator, or with `as` as that user (only its founder removes it, as in tim).',
            returns: '{ok, removed}',
            params: vnodeParam,
            querystring: obj({ as }),
            handler: async (svc, req) => ({ ok: true, ...(await svc.relations.removeVroom(req.params.vnode, req.query.as)) }),
        },
        {
            method: 'PUT',
            url: '/vrooms/:vnode/pushers/:node',
            summary: 'Lets the user push to the virtual room: as the administrator, or with `as` as that user (its founder only: 403 otherwise).',
            returns: '{ok}',
            params: obj({ vnode: node, node }, ['vnode', 'node']),
            querystring: obj({ as }),
            handler: async (svc, req) => (await svc.relations.vroomPusher(req.params.vnode, req.params.node, true, req.query.as), { ok: true }),
        },
        {
            method: 'DELETE',
            url: '/vrooms/:vnode/pushers/:node',
            summary: 'Withdraws the push right; as the administrator or with `as` (the founder).',
            returns: '{ok}',
            params: obj({ vnode: node, node }, ['vnode', 'node']),
            querystring: obj({ as }),
            handler: async (svc, req) => (await svc.relations.vroomPusher(req.params.vnode, req.params.node, false, req.query.as), { ok: true }),
        },
        {
            method: 'PUT',
            url: '/vrooms/:vnode/subscriptions',
            summary: "Subscribes one connection of `node` (its `id` in GET /connections, on this server) to the virtual room's pushes: STREAM frames (94), or with `binary` BIGBINARYSTREAM frames (97).",
            returns: '{ok}',
            params: vnodeParam,
            body: obj({ node, connection: { type: 'integer', minimum: 1, maximum: MAX_SAFE_ID }, binary: { type: 'boolean', default: false } }, ['node', 'connection']),
            handler: async (svc, req) => {
                await svc.relations.vroomSubscription(req.params.vnode, req.body.node, req.body.connection, true, req.body.binary);
                return { ok: true };
            },
        },
        {
            method: 'DELETE',
            url: '/vrooms/:vnode/subscriptions',
            summary: 'Ends that subscription.',
            returns: '{ok}',
            params: vnodeParam,
            body: obj({ node, connection: { type: 'integer', minimum: 1, maximum: MAX_SAFE_ID } }, ['node', 'connection']),
            handler: async (svc, req) => {
                await svc.relations.vroomSubscription(req.params.vnode, req.body.node, req.body.connection, false);
                return { ok: true };
            },
        },
        // --- permission checks ---
        {
            method: 'GET',
            url: '/permissions/message',
            summary: 'May user `from` message user `to`? (the `user.auth` template, cached as on the message path)',
            returns: '{ok, allowed}',
            querystring: obj({ from: node, to: node }, ['from', 'to']),
            handler: async (svc, req) => ({ ok: true, allowed: await svc.relations.mayMessage(req.query.from, req.query.to) }),
        },
        {
            method: 'GET',
            url: '/permissions/room',
            summary: 'May `user` post in (and read) `room`? (the `room.auth` template)',
            returns: '{ok, allowed}',
            querystring: obj({ user: node, room: node }, ['user', 'room']),
            handler: async (svc, req) => ({ ok: true, allowed: await svc.relations.mayPost(req.query.user, req.query.room) }),
        },
    ];
}
function notFound(message) {
    throw new AdminError(ErrorCode.NOEXIST, message);
}
//# sourceMappingURL=rest-relations.js.map