// Stored profiles: tim_user.profile holds the user's TimUserBean fields and tim_room.profile the
// room's (minus founder, managers, gtype and createtime, which have columns or rows of their own),
// as JSON text with `extra` values in base64. Reading is defensive: a field of the wrong type (a
// hand-edited row) is dropped rather than sent to clients.
/** Fields MODIFYUSER may set (docs/protocol.md 8.3). */
const USER_FIELDS = ['name', 'nickName', 'brithday', 'gender', 'cover', 'area', 'photoTidAlbum', 'extend', 'extra'];
/** Fields MODIFYROOM may set besides managers (docs/protocol.md 8.3); NEWROOM sets topic. */
const ROOM_FIELDS = ['cover', 'topic', 'label', 'kind', 'extend', 'extra'];
const STRING_FIELDS = new Set(['name', 'nickName', 'brithday', 'cover', 'area', 'topic', 'label']);
/** The stored JSON object, or {} for NULL or unreadable text. */
export function parseProfile(text) {
    if (text === null || text === '')
        return {};
    try {
        const v = JSON.parse(text);
        return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
    }
    catch {
        return {};
    }
}
/** `stored` with every field of `bean` that is set (and allowed) replaced; maps are replaced whole. */
function merge(stored, bean, fields) {
    const out = { ...stored };
    const b = bean;
    for (const f of fields) {
        const v = b[f];
        if (v === undefined)
            continue;
        out[f] = f === 'extra' ? toBase64Map(v) : v;
    }
    return JSON.stringify(out);
}
export function mergeUserProfile(stored, bean) {
    return merge(parseProfile(stored), bean, USER_FIELDS);
}
export function mergeRoomProfile(stored, bean) {
    return merge(parseProfile(stored), bean, ROOM_FIELDS);
}
/** The JSON text stored for a new room. */
export function encodeRoomProfile(p) {
    return JSON.stringify(p);
}
/** A user's bean: the stored fields, the account name when no display name was set, and the
 *  registration time in nanoseconds. */
export function userBean(account) {
    const bean = pick(parseProfile(account.profile), USER_FIELDS);
    bean.name ??= account.name;
    bean.createtime = BigInt(Math.trunc(account.createdAt)) * 1000000n;
    return bean;
}
export function roomBean(room, managers) {
    const bean = pick(parseProfile(room.profile), ROOM_FIELDS);
    bean.founder = room.founder;
    bean.managers = managers;
    bean.gtype = room.gtype;
    bean.createtime = BigInt(Math.trunc(room.createdAt)) * 1000000n;
    return bean;
}
/** The allowed fields of a stored object that have the right type. */
function pick(stored, fields) {
    const out = {};
    for (const f of fields) {
        const v = readField(f, stored[f]);
        if (v !== undefined)
            out[f] = v;
    }
    return out;
}
function readField(f, v) {
    if (v === undefined || v === null)
        return undefined;
    if (STRING_FIELDS.has(f))
        return typeof v === 'string' ? v : undefined;
    switch (f) {
        case 'gender':
            return Number.isInteger(v) && v >= -128 && v < 128 ? v : undefined;
        case 'kind':
            return Number.isSafeInteger(v) ? v : undefined;
        case 'photoTidAlbum':
            return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
        case 'extend':
            return isStringMap(v) ? v : undefined;
        case 'extra':
            return isStringMap(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, Buffer.from(x, 'base64')])) : undefined;
        default:
            return undefined;
    }
}
function isStringMap(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}
function toBase64Map(m) {
    const out = {};
    for (const [k, v] of Object.entries(m))
        out[k] = Buffer.from(v).toString('base64');
    return out;
}
//# sourceMappingURL=profile-json.js.map