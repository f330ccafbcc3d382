// Every Admiface method (except Auth and Ping, which admiface-server.ts answers itself) mapped to
// the admin service REST uses: the Thrift arguments become the service's plain values, its result
// becomes tim's AdmAck / AdmNodeList / AdmMessageList / AdmTidList. docs/admiface.md has the table
// with each method's REST twin.
//
// Conventions (decided here, documented in docs/admiface.md):
//  - an AdmAck method that fails answers {ok:false, errcode: <tim code>} (http-errors.ts classifies
//    the error, the same mapping REST uses); a list method that fails throws, and the server sends
//    a TApplicationException whose message starts with the tim code;
//  - empty lists are answered as empty lists, never as a missing result;
//  - `domain` is passed where the service uses one (tokens, registration, rooms, the acting
//    user's Tid) and ignored elsewhere, as tim does.
import { MAX_SAFE_ID } from '../../core/ids.js';
import { TimError } from '../../core/tim-error.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { MsType, OdType, TimType } from '../../protocol/timtype.js';
import { DEFAULT_PAGE, MAX_PAGE } from '../admin-service.js';
const VROOM = TimType.VROOM;
// --- argument readers ---------------------------------------------------------------------------
/** A string argument; '' when absent (Thrift's zero value, as tim's Go handlers see it). */
const str = (v) => (typeof v === 'string' ? v : '');
const optStr = (v) => (typeof v === 'string' && v !== '' ? v : undefined);
const struct = (v) => (v !== null && typeof v === 'object' && !Buffer.isBuffer(v) ? v : {});
const strings = (v) => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);
/** An i64 argument within [min, max]; 4104 naming it otherwise. */
function int(v, name, min, max, def) {
    if ((v === undefined || v === 0) && def !== undefined)
        return def;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max)
        throw new TimError(ErrorCode.PARAMS, `${name} must be an integer from ${min} to ${max}`);
    return v;
}
function need(v, name, code = ErrorCode.PARAMS) {
    const s = str(v);
    if (s === '')
        throw new TimError(code, `${name} is required`);
    return s;
}
// --- struct conversions -------------------------------------------------------------------------
function tidOf(node, domain) {
    const n = optStr(node);
    if (n === undefined)
        return undefined;
    const d = optStr(domain);
    return d === undefined ? { node: n } : { node: n, domain: d };
}
/** AdmMessage -> TimMessage (tim's admMessageToTimMessage field for field). */
function messageIn(m) {
    const out = { msType: Number(m.msType ?? 0), odType: Number(m.odType ?? 0) };
    if (m.id !== undefined)
        out.id = int(m.id, 'message.id', 1, MAX_SAFE_ID);
    if (m.bnType !== undefined)
        out.bnType = m.bnType;
    const from = tidOf(m.fromNode, m.domain);
    const to = tidOf(m.toNode, m.domain);
    const room = tidOf(m.roomNode, m.domain);
    if (from)
        out.fromTid = from;
    if (to)
        out.toTid = to;
    if (room)
        out.roomTid = room;
    if (m.dataBinary !== undefined)
        out.dataBinary = m.dataBinary;
    if (m.dataString !== undefined)
        out.dataString = m.dataString;
    if (m.udtype !== undefined)
        out.udtype = m.udtype;
    if (m.udshow !== undefined)
        out.udshow = m.udshow;
    if (m.extend !== undefined)
        out.extend = m.extend;
    if (m.extra !== undefined)
        out.extra = m.extra;
    return out;
}
/** TimMessage -> AdmMessage (tim's timMessageToAdmMessage). */
export function messageOut(m) {
    return {
        msType: m.msType,
        odType: m.odType,
        id: m.id,
        mid: m.mid,
        bnType: m.bnType,
        fromNode: m.fromTid?.node,
        toNode: m.toTid?.node,
        roomNode: m.roomTid?.node,
        dataBinary: m.dataBinary,
        dataString: m.dataString,
        udtype: m.udtype,
        udshow: m.udshow,
        extend: m.extend,
        extra: m.extra,
    };
}
function presenceIn(p) {
    const out = {};
    if (p.id !== undefined)
        out.id = int(p.id, 'presence.id', 1, MAX_SAFE_ID);
    if (p.subStatus !== undefined)
        out.subStatus = p.subStatus;
    if (p.show !== undefined)
        out.show = p.show;
    if (p.status !== undefined)
        out.status = p.status;
    if (p.extend !== undefined)
        out.extend = p.extend;
    if (p.extra !== undefined)
        out.extra = p.extra;
    return out;
}
function userBeanIn(b) {
    const out = {};
    for (const k of ['name', 'nickName', 'brithday', 'cover', 'area'])
        if (typeof b[k] === 'string')
            out[k] = b[k];
    if (b.gender !== undefined)
        out.gender = b.gender;
    if (b.photoTidAlbum !== undefined)
        out.photoTidAlbum = strings(b.photoTidAlbum);
    if (b.extend !== undefined)
        out.extend = b.extend;
    if (b.extra !== undefined)
        out.extra = b.extra;
    return out;
}
function roomBeanIn(b) {
    const out = {};
    for (const k of ['cover', 'topic', 'label'])
        if (typeof b[k] === 'string')
            out[k] = b[k];
    if (b.gtype !== undefined)
        out.gtype = b.gtype;
    if (b.kind !== undefined)
        out.kind = int(b.kind, 'atr.kind', 0, MAX_SAFE_ID);
    if (b.managers !== undefined)
        out.managers = strings(b.managers);
    if (b.extend !== undefined)
        out.extend = b.extend;
    if (b.extra !== undefined)
        out.extra = b.extra;
    return out;
}
// --- results ------------------------------------------------------------------------------------
const ok = (extra = {}) => ({ ok: true, ...extra });
const nodes = (list) => ({ nodelist: [...list] });
const messages = (list) => ({ status: 0, totalcount: list.length, msglist: list.map(messageOut) });
function roomAct(action, withUser, withMsg) {
    return async (svc, a) => {
        await svc.relations.room(need(a.fromnode, 'fromnode'), action, need(a.roomNode, 'roomNode'), {
            user: withUser ? need(a.toNode, 'toNode') : undefined,
            msg: withMsg ? str(a.msg) : undefined,
            domain: optStr(a.domain),
        });
        return ok();
    };
}
export const METHOD_IMPLS = {
    async ModifyPwd(svc, a) {
        await svc.setPassword(need(a.fromnode, 'fromnode'), need(a.newpwd, 'newpwd'), optStr(a.oldpwd));
        return ok();
    },
    async Token(svc, a) {
        const t = struct(a.atoken);
        const name = need(t.name, 'atoken.name', ErrorCode.ACCOUNT);
        const password = optStr(t.password);
        const r = password === undefined ? await svc.issueToken({ node: name }) : await svc.issueToken({ name, password, domain: optStr(t.domain) });
        return ok({ timType: TimType.TOKEN, n: r.node, n2: r.token });
    },
    async TimMessageBroadcast(svc, a) {
        const b = struct(a.amb);
        const m = messageIn(struct(b.message));
        const send = await svc.systemMessage({ to: strings(b.nodes), message: { ...m, msType: MsType.SYSTEM, odType: OdType.NORMAL } });
        // tim answers at once; the deliveries go on (their outcome is in the stats and the log).
        void send.done.catch((err) => svc.core.log.error({ err }, 'Admiface broadcast delivery failed'));
        return ok({ t: send.id });
    },
    async TimPresenceBroadcast(svc, a) {
        const b = struct(a.apb);
        const p = struct(b.presence);
        const results = await svc.presence(strings(b.nodes), presenceIn(p), optStr(p.fromNode));
        return ok({ t: results.filter((r) => r.online).length });
    },
    async ProxyMessage(svc, a) {
        const m = struct(struct(a.apm).message);
        const from = need(m.fromNode, 'message.fromNode');
        const msg = messageIn(m);
        delete msg.fromTid;
        const sent = await svc.proxyMessage(from, msg, optStr(m.domain));
        return ok({ t: sent.id, ...(sent.mid !== undefined ? { t2: sent.mid } : {}) });
    },
    async Register(svc, a) {
        const b = struct(a.ab);
        return ok({ n: await svc.register(need(b.username, 'ab.username'), need(b.password, 'ab.password'), optStr(b.domain)) });
    },
    async ModifyUserInfo(svc, a) {
        const b = struct(a.amui);
        await svc.modifyUser(need(b.node, 'amui.node'), userBeanIn(struct(b.userbean)));
        return ok();
    },
    async ModifyRoomInfo(svc, a) {
        const b = struct(a.arb);
        need(b.unode, 'arb.unode', ErrorCode.ACCOUNT); // required as in tim; the change is made as the administrator
        await svc.modifyRoom(need(b.gnode, 'arb.gnode', ErrorCode.ACCOUNT), roomBeanIn(struct(b.atr)));
        return ok();
    },
    async SysBlockUser(svc, a) {
        const b = struct(a.abu);
        const list = strings(b.nodelist);
        if (list.length === 0)
            throw new TimError(ErrorCode.PARAMS, 'abu.nodelist is empty');
        const seconds = int(b.blocktime ?? 0, 'abu.blocktime', -1, Number.MAX_SAFE_INTEGER);
        // As tim's /timBlockUser: > 0 bans for that many seconds, 0 kicks, < 0 lifts the ban.
        for (const node of list) {
            if (seconds < 0)
                svc.unblock(node);
            else if (seconds === 0)
                await svc.kick(node);
            else
                await svc.block(node, seconds);
        }
        return ok();
    },
    async OnlineUser(svc, a) {
        const q = struct(a.au);
        const index = int(q.index ?? 0, 'au.index', 0, MAX_SAFE_ID);
        const limit = Math.min(int(q.limit ?? 0, 'au.limit', 0, MAX_SAFE_ID, DEFAULT_PAGE), MAX_PAGE);
        const all = await svc.onlineTids();
        return { tidlist: all.slice(index, index + limit).map((t) => ({ ...t })), size: all.length };
    },
    async Vroom(svc, a) {
        const b = struct(a.avb);
        const node = need(b.node, 'avb.node');
        if (b.rtype === 1)
            return ok({ n: await svc.createVroom(node) });
        if (b.rtype === 2)
            return ok({ n: node, t: (await svc.relations.removeVroom(node)).removed ? 1 : 0 });
        throw new TimError(ErrorCode.PARAMS, 'avb.rtype must be 1 (create) or 2 (remove)');
    },
    async Detect(svc, a) {
        const r = await svc.detect(strings(struct(a.adb).nodes));
        return ok({ t: r.pinged });
    },
    Roster: async (svc, a) => nodes(await svc.relations.friends(need(a.fromnode, 'fromnode'))),
    async Addroster(svc, a) {
        await svc.relations.roster(need(a.fromnode, 'fromnode'), 'add', need(a.tonode, 'tonode'), str(a.msg), optStr(a.domain));
        return ok();
    },
    async Rmroster(svc, a) {
        await svc.relations.roster(need(a.fromnode, 'fromnode'), 'remove', need(a.tonode, 'tonode'), '', optStr(a.domain));
        return ok();
    },
    async Blockroster(svc, a) {
        await svc.relations.roster(need(a.fromnode, 'fromnode'), 'block', need(a.tonode, 'tonode'), '', optStr(a.domain));
        return ok();
    },
    PullUserMessage: async (svc, a) => messages(await svc.relations.history({
        user: need(a.fromnode, 'fromnode'),
        peer: need(a.tonode, 'tonode'),
        mid: int(a.mid ?? 0, 'mid', 0, MAX_SAFE_ID),
        limit: int(a.limit ?? 0, 'limit', 0, MAX_SAFE_ID),
    })),
    PullRoomMessage: async (svc, a) => messages(await svc.relations.history({
        room: need(a.tonode, 'tonode'),
        user: optStr(a.fromnode),
        mid: int(a.mid ?? 0, 'mid', 0, MAX_SAFE_ID),
        limit: int(a.limit ?? 0, 'limit', 0, MAX_SAFE_ID),
    })),
    OfflineMsg: async (svc, a) => messages((await svc.relations.offline(need(a.fromnode, 'fromnode'), int(a.limit ?? 0, 'limit', 0, MAX_SAFE_ID))).map((r) => r.message)),
    async DelOfflineMsg(svc, a) {
        const ids = Array.isArray(a.ids) ? a.ids.map((x, i) => int(x, `ids[${i}]`, 1, MAX_SAFE_ID)) : [];
        return ok({ t: await svc.relations.deleteOfflineMessages(need(a.fromnode, 'fromnode'), ids) });
    },
    UserRoom: async (svc, a) => nodes(await svc.relations.userRooms(need(a.fromnode, 'fromnode'))),
    RoomUsers: async (svc, a) => nodes(await svc.roomMembers(need(a.fromnode, 'fromnode'))),
    async CreateRoom(svc, a) {
        const founder = need(a.fromnode, 'fromnode');
        return ok({ n: await svc.createRoom({ founder, topic: optStr(a.topic), gtype: a.gtype === 1 ? 1 : 2, domain: optStr(a.domain) }) });
    },
    AddRoom: roomAct('join', false, true),
    PullInRoom: roomAct('pull', true, false),
    RejectRoom: roomAct('reject', true, true),
    KickRoom: roomAct('kick', true, false),
    LeaveRoom: roomAct('leave', false, false),
    CancelRoom: roomAct('cancel', false, false),
    BlockRoom: roomAct('block', false, false),
    BlockRoomMember: roomAct('block-member', true, false),
    BlockRosterList: async (svc, a) => nodes(await svc.relations.blockedUsers(need(a.fromnode, 'fromnode'))),
    BlockRoomList: async (svc, a) => nodes(await svc.relations.blockedRooms(need(a.fromnode, 'fromnode'))),
    BlockRoomMemberlist: async (svc, a) => nodes(await svc.relations.roomBlockedMembers(need(a.roomNode, 'roomNode'), need(a.fromnode, 'fromnode'))),
    VirtualroomRegister: async (svc, a) => ok({ timType: VROOM, t: 1, n: await svc.createVroom(need(a.fromnode, 'fromnode')) }),
    async VirtualroomRemove(svc, a) {
        const vnode = need(a.vNode, 'vNode');
        await svc.relations.removeVroom(vnode, need(a.fromnode, 'fromnode'));
        return ok({ timType: VROOM, t: 2, n: vnode });
    },
    async VirtualroomAddAuth(svc, a) {
        const [vnode, user] = [need(a.vNode, 'vNode'), need(a.toNode, 'toNode')];
        await svc.relations.vroomPusher(vnode, user, true, need(a.fromnode, 'fromnode'));
        return ok({ timType: VROOM, t: 3, n: user, n2: vnode });
    },
    async VirtualroomDelAuth(svc, a) {
        const [vnode, user] = [need(a.vNode, 'vNode'), need(a.toNode, 'toNode')];
        await svc.relations.vroomPusher(vnode, user, false, need(a.fromnode, 'fromnode'));
        return ok({ timType: VROOM, t: 4, n: user, n2: vnode });
    },
    async VirtualroomSub(svc, a) {
        const vnode = need(a.vNode, 'vNode');
        await svc.relations.vroomSubscription(vnode, need(a.fromnode, 'fromnode'), int(a.wsid, 'wsid', 1, MAX_SAFE_ID), true, a.subType === 1);
        return ok({ timType: VROOM, t: 5, n: vnode });
    },
    async VirtualroomUnSub(svc, a) {
        const vnode = need(a.vNode, 'vNode');
        await svc.relations.vroomSubscription(vnode, need(a.fromnode, 'fromnode'), int(a.wsid, 'wsid', 1, MAX_SAFE_ID), false);
        return ok({ timType: VROOM, t: 6, n: vnode });
    },
    Authroster: async (svc, a) => ({ ok: await svc.relations.mayMessage(need(a.fromnode, 'fromnode'), need(a.tonode, 'tonode')) }),
    Authgroupuser: async (svc, a) => ({ ok: await svc.relations.mayPost(need(a.fromnode, 'fromnode'), need(a.roomNode, 'roomNode')) }),
};
//# sourceMappingURL=admiface-methods.js.map